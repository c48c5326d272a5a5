package dev.mail2case;

/** Start-up only: picks the command and hands over. */
public final class Mail2Case {
    private Mail2Case() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("mail2case");
    }
}
