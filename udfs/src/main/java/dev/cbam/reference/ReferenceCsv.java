package dev.cbam.reference;

import dev.cbam.intake.CsvFieldSplitter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comma-separated reference file read whole: named columns, rows with their line numbers. Reference data
 * is trusted to be well-formed, so any defect is an {@link IOException} that names the file and line.
 */
final class ReferenceCsv {

    private final String fileName;
    private final List<String> columns;
    private final List<Row> rows;

    private ReferenceCsv(String fileName, List<String> columns, List<Row> rows) {
        this.fileName = fileName;
        this.columns = columns;
        this.rows = rows;
    }

    /** One data row of the file. */
    final class Row {
        private final long line;
        private final String[] fields;

        private Row(long line, String[] fields) {
            this.line = line;
            this.fields = fields;
        }

        long line() {
            return line;
        }

        /** The trimmed value of a column. */
        String get(String column) {
            return fields[columns.indexOf(column)].strip();
        }

        /** An exception naming the file, the line and the problem. */
        IOException error(String problem) {
            return new IOException(fileName + " line " + line + ": " + problem);
        }
    }

    static ReferenceCsv read(String fileName, InputStream in, String... requiredColumns) throws IOException {
        CsvFieldSplitter splitter = new CsvFieldSplitter(',');
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null) {
            throw new IOException(fileName + ": empty file");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = splitter.split(header);
        if (names == null) {
            throw new IOException(fileName + ": malformed header");
        }
        List<String> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(name.strip().toLowerCase(Locale.ROOT));
        }
        for (String required : requiredColumns) {
            if (!columns.contains(required)) {
                throw new IOException(fileName + ": no column '" + required + "' in header " + header);
            }
        }
        List<Row> rows = new ArrayList<>();
        ReferenceCsv csv = new ReferenceCsv(fileName, columns, rows);
        long lineNumber = 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            long first = lineNumber;
            StringBuilder record = new StringBuilder(line);
            while (splitter.endsInsideQuotes(record)) {
                String next = reader.readLine();
                if (next == null) {
                    throw new IOException(fileName + " line " + first + ": quoted field not closed");
                }
                lineNumber++;
                record.append('\n').append(next);
            }
            if (record.toString().isBlank()) {
                continue;
            }
            String[] fields = splitter.split(record.toString());
            if (fields == null || fields.length != columns.size()) {
                throw new IOException(fileName + " line " + first + ": expected " + columns.size() + " columns");
            }
            rows.add(csv.new Row(first, fields));
        }
        return csv;
    }

    List<Row> rows() {
        return rows;
    }
}
