package dev.cbam.job.db;

import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY} text format, encoded straight into UTF-8 bytes: a year-end run copies
 * hundreds of megabytes of rows, and building them as Java strings first would encode every one twice.
 */
final class CopyText {

    private byte[] bytes;
    private int length;

    CopyText(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    CopyText tab() {
        return ascii('\t');
    }

    CopyText newLine() {
        return ascii('\n');
    }

    CopyText ascii(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** Text known to need no escaping and to be ASCII (codes, dates, numbers, enum names). */
    CopyText ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A value: backslash escapes, {@code \N} for null, and no NUL (PostgreSQL text holds none). */
    CopyText text(String value) {
        if (value == null) {
            return ascii("\\N");
        }
        int n = value.length();
        ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> escaped('\\');
                    case '\t' -> escaped('t');
                    case '\n' -> escaped('n');
                    case '\r' -> escaped('r');
                    case '\0' -> utf8(0xFFFD);
                    default -> bytes[length++] = (byte) c;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                ensure(4);
                utf8(Character.toCodePoint(c, value.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                utf8(0xFFFD); // a lone surrogate has no UTF-8 form
            } else {
                utf8(c);
            }
        }
        return this;
    }

    private void escaped(char c) {
        ensure(2);
        bytes[length++] = '\\';
        bytes[length++] = (byte) c;
    }

    private void utf8(int codePoint) {
        ensure(4);
        if (codePoint < 0x80) {
            bytes[length++] = (byte) codePoint;
        } else if (codePoint < 0x800) {
            bytes[length++] = (byte) (0xC0 | (codePoint >> 6));
            bytes[length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else if (codePoint < 0x10000) {
            bytes[length++] = (byte) (0xE0 | (codePoint >> 12));
            bytes[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (codePoint & 0x3F));
        } else {
            bytes[length++] = (byte) (0xF0 | (codePoint >> 18));
            bytes[length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
            bytes[length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
            bytes[length++] = (byte) (0x80 | (codePoint & 0x3F));
        }
    }

    CopyText number(long value) {
        if (value == Long.MIN_VALUE) {
            return ascii(Long.toString(value));
        }
        if (value < 0) {
            ascii('-');
            value = -value;
        }
        ensure(19);
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + (int) (value % 10));
            value /= 10;
        } while (value != 0);
        reverse(start, length - 1);
        return this;
    }

    /** An integer of millionths (grams of a tonne, Wh of a MWh) as a decimal with six places. */
    CopyText sixDecimals(long millionths) {
        if (millionths < 0) {
            ascii('-');
            millionths = -millionths; // quantities are far from Long.MIN_VALUE
        }
        number(millionths / 1_000_000).ascii('.');
        long fraction = millionths % 1_000_000;
        ensure(6);
        for (int i = 5; i >= 0; i--) {
            bytes[length + i] = (byte) ('0' + (int) (fraction % 10));
            fraction /= 10;
        }
        length += 6;
        return this;
    }

    private void reverse(int from, int to) {
        while (from < to) {
            byte b = bytes[from];
            bytes[from++] = bytes[to];
            bytes[to--] = b;
        }
    }
}
