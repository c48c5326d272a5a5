package dev.mail2case.screen;

/** Case-insensitive search for a plain word in a mail's text, without copying the text. */
final class Words {
    private Words() {
    }

    /**
     * True when {@code word} (given in lower case) occurs in {@code text} in any case. It finds at least
     * what a CASE_INSENSITIVE pattern of the same word finds, so it can rule a pattern out before the
     * pattern is run over a whole body.
     */
    static boolean contain(String text, String word) {
        int n = word.length();
        char lower = word.charAt(0);
        char upper = Character.toUpperCase(lower);
        // the JDK's own indexOf finds the first letter far faster than a loop over every character
        int a = text.indexOf(lower);
        int b = upper == lower ? -1 : text.indexOf(upper);
        while (a >= 0 || b >= 0) {
            int at;
            if (b < 0 || a >= 0 && a < b) {
                at = a;
                a = text.indexOf(lower, a + 1);
            } else {
                at = b;
                b = text.indexOf(upper, b + 1);
            }
            if (text.regionMatches(true, at, word, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
