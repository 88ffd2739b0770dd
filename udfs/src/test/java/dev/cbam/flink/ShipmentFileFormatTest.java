package dev.cbam.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.intake.ShipmentRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShipmentFileFormatTest {

    /** Rows in the workbook: more than one batch of the reader. */
    private static final int ROWS = 1100;

    @TempDir
    static Path dir;

    private static Path workbook;

    /** The workbook the tests read, written once. */
    private static synchronized Path workbook() throws IOException {
        if (workbook == null) {
            workbook = workbook(ROWS);
        }
        return workbook;
    }

    private static Path workbook(int rows) throws IOException {
        Path file = dir.resolve("shipments.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("Shipments");
            Row header = sheet.createRow(0);
            String[] names = {"shipment_id", "import_date", "cn_code", "origin_country", "net_mass_kg"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            for (int r = 1; r <= rows; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue("S" + r);
                row.createCell(1).setCellValue("2026-03-04");
                row.createCell(2).setCellValue(72081000);
                row.createCell(3).setCellValue("CN");
                row.createCell(4).setCellValue(1000 + r);
            }
            try (var out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }
        return file;
    }

    private static FileSourceSplit split(Path file) throws IOException {
        long size = Files.size(file);
        return new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, size, 0, size);
    }

    private static List<ShipmentRow> readAll(BulkFormat.Reader<ShipmentRow> reader) throws IOException {
        List<ShipmentRow> rows = new ArrayList<>();
        try (reader) {
            BulkFormat.RecordIterator<ShipmentRow> batch;
            while ((batch = reader.readBatch()) != null) {
                RecordAndPosition<ShipmentRow> record;
                while ((record = batch.next()) != null) {
                    rows.add(record.getRecord());
                }
                batch.releaseBatch();
            }
        }
        return rows;
    }

    private static ShipmentFileFormat format() {
        return new ShipmentFileFormat(Map.of(new org.apache.flink.core.fs.Path(dir.toUri()).toString(), "in"));
    }

    @Test
    void readsAWorkbookAsRowsFollowedByTheEndOfFileMarker() throws IOException {
        Path file = workbook();

        List<ShipmentRow> rows = readAll(format().createReader(new Configuration(), split(file)));

        assertThat(rows).hasSize(ROWS + 1);
        assertThat(rows.get(0).sourceFile()).isEqualTo("in/shipments.xlsx[Shipments]");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(0).text()).isEqualTo("S1,2026-03-04,72081000,CN,1001");
        assertThat(rows.get(0).header()).isEqualTo("shipment_id,import_date,cn_code,origin_country,net_mass_kg");
        ShipmentRow end = rows.get(ROWS);
        assertThat(end.isEndOfFile()).isTrue();
        assertThat(end.sourceFile()).isEqualTo("in/shipments.xlsx");
        assertThat(end.line()).isEqualTo(ROWS);
        // The format plugs into Flink's file source like any bulk format.
        assertThat(FileSource.forBulkFileFormat(format(), new org.apache.flink.core.fs.Path(file.toUri())).build())
                .isNotNull();
    }

    @Test
    void aRestoredReaderSkipsWhatWasEmittedBeforeTheCheckpoint() throws IOException {
        Path file = workbook();
        List<ShipmentRow> all = readAll(format().createReader(new Configuration(), split(file)));

        FileSourceSplit restored = split(file).updateWithCheckpointedPosition(
                new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 1024));
        List<ShipmentRow> rest = readAll(format().restoreReader(new Configuration(), restored));

        assertThat(rest).isEqualTo(all.subList(1024, all.size()));
        assertThat(rest.get(rest.size() - 1).isEndOfFile()).isTrue();
        assertThat(rest.get(rest.size() - 1).line()).isEqualTo(ROWS);
    }

    @Test
    void aTextFileNamedXlsxIsOneMalformedRowAndATextFileIsStillReadAsCsv() throws IOException {
        Path fake = Files.writeString(dir.resolve("fake.xlsx"), "shipment_id,import_date\nA,2026-01-01\n", StandardCharsets.UTF_8);
        Path csv = Files.writeString(dir.resolve("real.csv"), "shipment_id,import_date\nA,2026-01-01\n", StandardCharsets.UTF_8);

        List<ShipmentRow> fakeRows = readAll(format().createReader(new Configuration(), split(fake)));
        List<ShipmentRow> csvRows = readAll(format().createReader(new Configuration(), split(csv)));

        assertThat(fakeRows).hasSize(2);
        assertThat(fakeRows.get(0).defect()).isEqualTo(
                "cannot read in/fake.xlsx: not an Excel workbook: the file holds text (a CSV file named .xlsx?)");
        assertThat(fakeRows.get(1).isEndOfFile()).isTrue();
        // The header lacks required columns, so its own line is a row too (rejected BAD_HEADER later).
        assertThat(csvRows).hasSize(3);
        assertThat(csvRows.get(0).text()).isEqualTo("shipment_id,import_date");
        assertThat(csvRows.get(1).text()).isEqualTo("A,2026-01-01");
    }
}
