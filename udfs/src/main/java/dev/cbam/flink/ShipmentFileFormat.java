package dev.cbam.flink;

import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRow.RowFormat;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentRowSource;
import dev.cbam.intake.excel.ExcelShipmentReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads shipment files for Flink's {@code FileSource}: each file is one split, cut into {@link ShipmentRow}s
 * by {@link ShipmentRowReader}, or by {@link ExcelShipmentReader} for an Excel workbook (a name ending in
 * {@code .xlsx}, or a file starting like a zip). A {@code BulkFormat} rather than a {@code StreamFormat} because only a bulk
 * format learns the path of the file it reads, which every row and reject must carry.
 *
 * <p>After the last row of a file the reader emits an {@link ShipmentRow#endOfFile end-of-file marker} with
 * the file's row count. The checkpointed position is the number of records emitted; a restored reader reads
 * the file again from the start (the header too) and skips them, so rows are neither lost nor repeated across
 * restarts.
 */
public final class ShipmentFileFormat implements BulkFormat<ShipmentRow, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    private static final int BATCH_SIZE = 1024;

    /** Absolute path prefixes of the inputs, mapped to the names the user gave them. */
    private final Map<String, String> displayNames;

    /**
     * @param displayNames for each input path as Flink sees it ({@code file:/abs/dir}), the name to show in
     *     rows and rejects ({@code data/shipments}); files inside an input folder are shown below its name
     */
    public ShipmentFileFormat(Map<String, String> displayNames) {
        this.displayNames = Map.copyOf(displayNames);
    }

    @Override
    public Reader<ShipmentRow> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new RowReader(split.path(), displayName(split.path().toString()), 0);
    }

    @Override
    public Reader<ShipmentRow> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long emitted = split.getReaderPosition().map(CheckpointedPosition::getRecordsAfterOffset).orElse(0L);
        return new RowReader(split.path(), displayName(split.path().toString()), emitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ShipmentRow> getProducedType() {
        return TypeInformation.of(ShipmentRow.class);
    }

    String displayName(String path) {
        String best = null;
        for (String prefix : displayNames.keySet()) {
            if ((path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/"))
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        if (best == null) {
            return path;
        }
        String shown = displayNames.get(best);
        if (path.length() == best.length()) {
            return shown;
        }
        String rest = path.substring(best.length()).replaceFirst("^/", "");
        return shown.endsWith("/") ? shown + rest : shown + "/" + rest;
    }

    /** The format a file name says, or {@code null} to detect it from the content. */
    static RowFormat formatOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return RowFormat.JSON_LINES;
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
            return RowFormat.CSV;
        }
        return null;
    }

    /** The rows of a file: a workbook's or a text file's. */
    static ShipmentRowSource rowsOf(String fileName, String shownAs, InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        if (ExcelShipmentReader.isWorkbook(fileName, buffered)) {
            return new ExcelShipmentReader(shownAs, buffered);
        }
        return new ShipmentRowReader(shownAs, buffered, formatOf(fileName));
    }

    private static final class RowReader implements BulkFormat.Reader<ShipmentRow> {
        private final FSDataInputStream stream;
        private final ShipmentRowSource rows;
        private final String name;
        private long emitted;
        private long rowCount;
        private boolean endEmitted;

        RowReader(Path file, String name, long skip) throws IOException {
            this.stream = file.getFileSystem().open(file);
            this.name = name;
            this.rows = rowsOf(file.getName(), name, stream);
            for (long i = 0; i < skip; i++) {
                if (rows.next() == null) {
                    endEmitted = true; // only the end marker can follow the last row
                    break;
                }
                rowCount++;
            }
            this.emitted = skip;
        }

        @Override
        public RecordIterator<ShipmentRow> readBatch() throws IOException {
            if (endEmitted) {
                return null;
            }
            long before = emitted;
            List<ShipmentRow> batch = new ArrayList<>(BATCH_SIZE);
            ShipmentRow row = null;
            while (batch.size() < BATCH_SIZE && (row = rows.next()) != null) {
                batch.add(row);
                rowCount++;
            }
            if (row == null && batch.size() < BATCH_SIZE) {
                batch.add(ShipmentRow.endOfFile(name, rowCount));
                endEmitted = true;
            }
            emitted += batch.size();
            return new IteratorResultIterator<>(batch.iterator(), CheckpointedPosition.NO_OFFSET, before);
        }

        @Override
        public void close() throws IOException {
            try {
                rows.close();
            } finally {
                stream.close();
            }
        }
    }
}
