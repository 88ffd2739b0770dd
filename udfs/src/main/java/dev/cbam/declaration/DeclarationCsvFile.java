package dev.cbam.declaration;

import dev.cbam.intake.CsvFieldSplitter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A small reference CSV with a fixed header, read whole; a defect is an {@link IOException} naming file and line. */
final class DeclarationCsvFile {

    private DeclarationCsvFile() {}

    /** The data rows, trimmed: element 0 is the row's line number in the file, then the columns in header order. */
    static List<String[]> read(String fileName, InputStream in, String header) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        if (first != null && first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        if (!header.equals(first)) {
            throw new IOException(fileName + ": expected header '" + header + "', found '" + first + "'");
        }
        int columns = header.split(",").length;
        CsvFieldSplitter splitter = new CsvFieldSplitter(',');
        List<String[]> rows = new ArrayList<>();
        String line;
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = splitter.split(line);
            if (fields == null || fields.length != columns) {
                throw new IOException(fileName + " line " + number + ": expected " + columns + " columns");
            }
            String[] withLine = new String[columns + 1];
            withLine[0] = Integer.toString(number);
            for (int i = 0; i < columns; i++) {
                withLine[i + 1] = fields[i].strip();
            }
            rows.add(withLine);
        }
        return rows;
    }
}
