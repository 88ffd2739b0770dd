package dev.cbam.intake;

import java.math.BigDecimal;

/**
 * Reads a quantity written in a file into an exact integer of a small unit (grams, watt-hours), without
 * going through {@code double}. Decimal point only: a comma is never guessed to be a decimal or a
 * thousands separator.
 */
final class QuantityParser {

    /** The outcome of parsing, when it is not a value. */
    enum Problem {
        NOT_A_NUMBER,
        DECIMAL_COMMA,
        NOT_POSITIVE,
        TOO_PRECISE,
        TOO_LARGE
    }

    private Problem problem;

    /**
     * Parses {@code text} as a positive decimal number and returns it times {@code 10^scale}, or {@code -1}
     * when it is not one ({@link #problem()} then says why).
     *
     * @param scale decimal places the unit allows (3 for kilograms to grams)
     * @param max the largest value accepted, in the small unit
     */
    long parse(String text, int scale, long max) {
        problem = null;
        int n = text.length();
        int i = 0;
        if (n > 0 && text.charAt(0) == '+') {
            i++;
        }
        boolean negative = n > 0 && text.charAt(0) == '-';
        if (negative) {
            i++;
        }
        long integer = 0;
        int integerDigits = 0;
        long fraction = 0;
        int fractionDigits = 0;
        boolean point = false;
        boolean fractionBeyondScale = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                int d = c - '0';
                if (!point) {
                    if (integerDigits > 0 || d != 0) {
                        integerDigits++;
                    }
                    if (integerDigits > 15) {
                        return fail(Problem.TOO_LARGE);
                    }
                    integer = integer * 10 + d;
                } else if (fractionDigits < scale) {
                    fraction = fraction * 10 + d;
                    fractionDigits++;
                } else if (d != 0) {
                    fractionBeyondScale = true;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else if (c == ',' || ((c == ' ' || c == '\'' || c == '\u00a0' || c == '\u202f') && i > 0 && i + 1 < n)) {
                return fail(separatorOrNumber(text));
            } else {
                return parseScientific(text, scale, max);
            }
        }
        if (!hasDigit(text)) {
            return fail(Problem.NOT_A_NUMBER);
        }
        if (negative) {
            return fail(Problem.NOT_POSITIVE);
        }
        if (fractionBeyondScale) {
            return fail(Problem.TOO_PRECISE);
        }
        for (int k = fractionDigits; k < scale; k++) {
            fraction *= 10;
        }
        long value = integer * pow10(scale) + fraction;
        if (integer > max / pow10(scale) || value > max) {
            return fail(Problem.TOO_LARGE);
        }
        if (value == 0) {
            return fail(Problem.NOT_POSITIVE);
        }
        return value;
    }

    /** Why the last {@link #parse} failed; {@code null} after a success. */
    Problem problem() {
        return problem;
    }

    private long fail(Problem p) {
        problem = p;
        return -1;
    }

    private static Problem separatorOrNumber(String text) {
        // "1,5", "1.234,5", "12 450": separators we refuse to interpret; "1,x" is simply not a number.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != ',' && c != ' ' && c != '\'' && c != '\u00a0'
                    && c != '\u202f' && !(i == 0 && (c == '+' || c == '-'))) {
                return Problem.NOT_A_NUMBER;
            }
        }
        return Problem.DECIMAL_COMMA;
    }

    /** Spreadsheet exports write large numbers as {@code 1.245E+4}: accept that form, exactly. */
    private long parseScientific(String text, int scale, long max) {
        if (!text.matches("[+-]?[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]{1,3}")) {
            return fail(Problem.NOT_A_NUMBER);
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() <= 0) {
            return fail(Problem.NOT_POSITIVE);
        }
        BigDecimal scaled = value.movePointRight(scale);
        if (scaled.stripTrailingZeros().scale() > 0) {
            return fail(Problem.TOO_PRECISE);
        }
        if (scaled.compareTo(BigDecimal.valueOf(max)) > 0) {
            return fail(Problem.TOO_LARGE);
        }
        return scaled.longValueExact();
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    private static long pow10(int scale) {
        long p = 1;
        for (int i = 0; i < scale; i++) {
            p *= 10;
        }
        return p;
    }
}
