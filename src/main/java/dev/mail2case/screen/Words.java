package dev.mail2case.screen;

/** Case-insensitive search for a plain word in a report's text, without copying the text. */
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
        char first = word.charAt(0);
        for (int i = 0, last = text.length() - n; i <= last; i++) {
            if (Character.toLowerCase(text.charAt(i)) == first && text.regionMatches(true, i, word, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
