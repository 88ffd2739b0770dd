package dev.cbam.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record into fields (RFC 4180 quoting: a field in double quotes may hold the delimiter,
 * line breaks and doubled quotes).
 *
 * <p>A quote inside an unquoted field is kept as a literal character, as spreadsheet exports do. Text
 * after a closing quote, or a quote that is never closed, is broken quoting: {@link #split} then returns
 * {@code null} and the caller rejects the row instead of guessing where the fields were meant to end.
 */
public final class CsvFieldSplitter {

    private final char delimiter;

    public CsvFieldSplitter(char delimiter) {
        this.delimiter = delimiter;
    }

    public char delimiter() {
        return delimiter;
    }

    /** The fields of a record, or {@code null} when its quoting is broken. */
    public String[] split(String record) {
        List<String> fields = new ArrayList<>(16);
        int n = record.length();
        int i = 0;
        StringBuilder quoted = null;
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                if (quoted == null) {
                    quoted = new StringBuilder();
                } else {
                    quoted.setLength(0);
                }
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = record.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && record.charAt(i + 1) == '"') {
                            quoted.append('"');
                            i += 2;
                        } else {
                            closed = true;
                            i++;
                            break;
                        }
                    } else {
                        quoted.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    return null;
                }
                fields.add(quoted.toString());
                if (i == n) {
                    break;
                }
                if (record.charAt(i) != delimiter) {
                    return null;
                }
                i++;
            } else {
                int end = record.indexOf(delimiter, i);
                if (end < 0) {
                    fields.add(record.substring(i));
                    break;
                }
                fields.add(record.substring(i, end));
                i = end + 1;
            }
        }
        return fields.toArray(new String[0]);
    }

    /**
     * True when the text ends inside an open quoted field, i.e. the record continues on the next line.
     * Only a quote at the start of a field opens a quoted field, as in {@link #split}.
     */
    public boolean endsInsideQuotes(CharSequence text) {
        boolean fieldStart = true;
        boolean inQuotes = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        i++;
                    } else {
                        inQuotes = false;
                    }
                }
            } else if (c == delimiter) {
                fieldStart = true;
            } else {
                if (fieldStart && c == '"') {
                    inQuotes = true;
                }
                fieldStart = false;
            }
        }
        return inQuotes;
    }

    /**
     * Guesses the delimiter of a CSV file from its header line: the most frequent of comma, semicolon and tab
     * outside quotes; comma when none occurs (a one-column header).
     */
    public static char detectDelimiter(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    commas++;
                } else if (c == ';') {
                    semicolons++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }
}
