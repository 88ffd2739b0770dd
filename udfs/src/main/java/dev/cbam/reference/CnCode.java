package dev.cbam.reference;

/**
 * Combined Nomenclature codes as written in customs files: {@code 7208 10 00}, {@code 7208.10.00} and
 * {@code 72081000} are the same eight-digit code.
 */
public final class CnCode {

    private CnCode() {}

    /**
     * Normalises a CN code to its eight digits, or returns {@code null} when the text is not one.
     *
     * <p>Spaces and dots between digit groups are removed. A ten-digit TARIC code is accepted as its first
     * eight digits, which are by definition the CN code; anything else that is not eight digits is invalid.
     */
    public static String normalise(String text) {
        if (text == null) {
            return null;
        }
        char[] digits = new char[10];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (n == digits.length) {
                    return null;
                }
                digits[n++] = c;
            } else if (c != ' ' && c != '.' && c != '\u00a0') {
                return null;
            }
        }
        if (n == 8 || n == 10) {
            return new String(digits, 0, 8);
        }
        return null;
    }

    /** True for a string of exactly eight ASCII digits. */
    public static boolean isNormalised(String code) {
        if (code == null || code.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
