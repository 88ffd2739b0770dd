package dev.cbam.intake.excel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import dev.cbam.intake.Shipment;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.intake.ShipmentRowSource;
import dev.cbam.intake.ShipmentValidator;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class ExcelShipmentReaderTest {

    /** The shipments as a CSV export would have them. */
    static final String CSV = ""
            + "shipment_id,import_date,cn_code,origin_country,net_mass_kg,quantity_mwh,installation_id,notes\n"
            + "S1,2026-01-15,72081000,CN,12401.2,,CNSHA-BAOSHAN-IRON-STEEL-CO-LTD,\n"
            + "1002,2026-02-03,7208 39 00,CN,1000,,,\"first, and \"\"only\"\"\"\n"
            + "S3,2026-03-01,25231000,TR,50000.125,,,\n"
            + "S4,15.01.2026,72081000,CN,100,,,\n"
            + "S5,2026-04-01,72044100,CN,100,,,\n"
            + "S6,2026-05-01,72081000,CN,\"12,5\",,,\n"
            + ",,,,,,,\n"
            + "S7,2026-05-02,72081000,DE,100,,,\n"
            + "S8,2026-06-01,72081000,CN,0.0005,,,\n"
            + "S9,2026-06-02,27160000,RS,,1234.5,,\n"
            + "S10,2026-07-01,72081000,CN,10000000,,,\n";

    /**
     * The same shipments as an importer's workbook: a title row above the header, dates as Excel dates (one with
     * a time of day) and as text, numbers as numbers and as text, a formula column computing the mass from a
     * helper column of tonnes, blank rows, and a second sheet that is not the shipments.
     */
    static byte[] workbook() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("nothing here");
            XSSFSheet sheet = wb.createSheet("Shipments 2026");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("dd.mm.yyyy"));
            CellStyle dateTime = wb.createCellStyle();
            dateTime.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            sheet.createRow(0).createCell(0).setCellValue("Imports of CBAM goods, 2026");
            row(sheet, 2, "shipment_id", "Import Date", "CN code", "origin_country", "net_mass_kg", "quantity_mwh",
                    "installation_id", "notes", "weight_t");
            Row s1 = row(sheet, 3, "S1", null, 72081000, "CN", null, null, "CNSHA-BAOSHAN-IRON-STEEL-CO-LTD", null, 12.4012);
            s1.createCell(1).setCellValue(LocalDate.of(2026, 1, 15));
            s1.getCell(1).setCellStyle(date);
            s1.createCell(4).setCellFormula("I4*1000");
            Row s2 = row(sheet, 4, 1002, null, "7208 39 00", "CN", "1000", null, null, "first, and \"only\"");
            s2.createCell(1).setCellValue(LocalDate.of(2026, 2, 3));
            s2.getCell(1).setCellStyle(date);
            Row s3 = row(sheet, 5, "S3", null, 25231000, "TR", null, null, null, null, 50.000125);
            s3.createCell(1).setCellValue(LocalDateTime.of(2026, 3, 1, 14, 30));
            s3.getCell(1).setCellStyle(dateTime);
            s3.createCell(4).setCellFormula("I6*1000");
            row(sheet, 6, "S4", "15.01.2026", 72081000, "CN", 100);
            row(sheet, 7, "S5", "2026-04-01", 72044100, "CN", 100);
            // rows 9 and 10 blank: one never written, one with only blanks and empty text
            row(sheet, 9, " ", "", null, null, null);
            row(sheet, 10, "S6", "2026-05-01", 72081000, "CN", "12,5");
            row(sheet, 11, "S7", "2026-05-02", 72081000, "DE", 100);
            row(sheet, 12, "S8", "2026-06-01", 72081000, "CN", 0.0005);
            row(sheet, 13, "S9", "2026-06-02", 27160000, "RS", null, 1234.5);
            row(sheet, 14, "S10", "2026-07-01", 72081000, "CN", 1.0E7);
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static Row row(XSSFSheet sheet, int index, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof String) {
                row.createCell(i).setCellValue((String) v);
            } else if (v instanceof Number) {
                row.createCell(i).setCellValue(((Number) v).doubleValue());
            }
        }
        return row;
    }

    static List<ShipmentRow> rows(ShipmentRowSource source) throws IOException {
        List<ShipmentRow> rows = new ArrayList<>();
        try (source) {
            ShipmentRow row;
            while ((row = source.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    static List<ShipmentRow> excelRows(String name, byte[] bytes) throws IOException {
        return rows(new ExcelShipmentReader(name, new ByteArrayInputStream(bytes)));
    }

    /** What validation makes of rows, without where they came from: accepted shipments and rejects. */
    private static List<String> validated(List<ShipmentRow> rows) {
        ShipmentValidator validator = new ShipmentValidator(Fixtures.reference().countries(), Fixtures.reference().scope(),
                ReportingPeriod.parse("2026"));
        List<String> out = new ArrayList<>();
        for (ShipmentRow row : rows) {
            Shipment s = validator.validate(row);
            if (s != null) {
                out.add("accepted " + s.shipmentId() + " " + s.importDate() + " " + s.cnCode() + " " + s.originCountry() + " "
                        + s.netMassGrams() + " g " + s.quantityWattHours() + " Wh " + s.installationId());
            } else {
                Reject r = validator.lastReject();
                out.add("rejected " + r.shipmentId() + " " + r.reasonCodes() + ": " + r.message());
            }
        }
        return out;
    }

    @Test
    void aWorkbookGivesTheSameShipmentsAndRejectsAsTheEquivalentCsv() throws IOException {
        List<ShipmentRow> csv = rows(new ShipmentRowReader("shipments.csv",
                new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), null));
        List<ShipmentRow> xlsx = excelRows("shipments.xlsx", workbook());

        assertThat(validated(xlsx)).isEqualTo(validated(csv));
        assertThat(validated(xlsx)).contains(
                "accepted S1 2026-01-15 72081000 CN 12401200 g 0 Wh CNSHA-BAOSHAN-IRON-STEEL-CO-LTD",
                "accepted S3 2026-03-01 25231000 TR 50000125 g 0 Wh null",
                "rejected S4 BAD_DATE: BAD_DATE: import_date '15.01.2026' is not a date YYYY-MM-DD",
                "rejected S8 BAD_QUANTITY: BAD_QUANTITY: net_mass_kg '0.0005' has more than 3 decimals",
                "accepted S10 2026-07-01 72081000 CN 10000000000 g 0 Wh null");
        assertThat(xlsx).hasSize(10);
    }

    @Test
    void rowsNameTheSheetAndTheExcelRowAndCarryTheHeaderAsCsv() throws IOException {
        List<ShipmentRow> rows = excelRows("in/shipments.xlsx", workbook());

        assertThat(rows).extracting(ShipmentRow::sourceFile).containsOnly("in/shipments.xlsx[Shipments 2026]");
        assertThat(rows).extracting(ShipmentRow::line).containsExactly(4L, 5L, 6L, 7L, 8L, 11L, 12L, 13L, 14L, 15L);
        assertThat(rows.get(0).header()).isEqualTo(
                "shipment_id,Import Date,CN code,origin_country,net_mass_kg,quantity_mwh,installation_id,notes,weight_t");
        // The formula's result is the double 12401.199999999999; Excel's 15 digits make it 12401.2.
        assertThat(rows.get(0).text()).isEqualTo("S1,2026-01-15,72081000,CN,12401.2,,CNSHA-BAOSHAN-IRON-STEEL-CO-LTD,,12.4012");
        assertThat(rows.get(1).text()).isEqualTo("1002,2026-02-03,7208 39 00,CN,1000,,,\"first, and \"\"only\"\"\",");
        assertThat(rows.get(9).text()).isEqualTo("S10,2026-07-01,72081000,CN,10000000,,,,");
        assertThat(rows).allSatisfy(r -> assertThat(r.defect()).isNull());
    }

    @Test
    void readsTheFirstVisibleSheetWhenNoneIsNamedShipmentsAndFindsAHeaderWithoutTitle() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("hidden");
            wb.setSheetHidden(0, true);
            XSSFSheet data = wb.createSheet("Data");
            row(data, 0, "shipment_id", "import_date", "cn_code", "origin_iso", "net_mass_t");
            row(data, 1, "A", "2026-01-02", "72081000", "CN", 1.5);
            wb.write(out);
        }
        List<ShipmentRow> rows = excelRows("d.xlsx", out.toByteArray());

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.sourceFile()).isEqualTo("d.xlsx[Data]");
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.text()).isEqualTo("A,2026-01-02,72081000,CN,1.5");
        });
    }

    @Test
    void aSheetWithoutContractColumnsIsReadWithItsFirstRowAsHeaderAndRejectedAsBadHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("Sheet1");
            row(sheet, 0, "id", "date", "code");
            row(sheet, 1, "A", "2026-01-02", "72081000");
            wb.write(out);
        }
        List<String> validated = validated(excelRows("x.xlsx", out.toByteArray()));

        // Both rows, the one taken as header too, are rejected: nothing read vanishes.
        assertThat(validated).hasSize(2).allSatisfy(v -> assertThat(v).startsWith("rejected null BAD_HEADER: BAD_HEADER: the "
                + "header has no column shipment_id, import_date, cn_code, origin_country, net_mass_kg (or net_mass_t, quantity_mwh)"));
    }

    @Test
    void aFormulaWithoutASavedResultMakesItsRowMalformed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            XSSFSheet sheet = wb.createSheet("Shipments");
            row(sheet, 0, "shipment_id", "import_date", "cn_code", "origin_country", "net_mass_kg");
            row(sheet, 1, "A", "2026-01-02", "72081000", "CN").createCell(4).setCellFormula("1+1");
            wb.write(out);
        }
        List<String> validated = validated(excelRows("x.xlsx", out.toByteArray()));

        assertThat(validated).containsExactly("rejected null MALFORMED_ROW: MALFORMED_ROW: cell E2 holds a formula whose result was never "
                + "saved (open the workbook in Excel and save it)");
    }

    @Test
    void streamsALargeSheet() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 20_000;
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
            org.apache.poi.ss.usermodel.Sheet sheet = wb.createSheet("Shipments");
            Row header = sheet.createRow(0);
            String[] names = {"shipment_id", "import_date", "cn_code", "origin_country", "net_mass_kg"};
            for (int i = 0; i < names.length; i++) {
                header.createCell(i).setCellValue(names[i]);
            }
            for (int r = 1; r <= n; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue("S" + r);
                row.createCell(1).setCellValue("2026-03-04");
                row.createCell(2).setCellValue(72081000);
                row.createCell(3).setCellValue("CN");
                row.createCell(4).setCellValue(r + 0.125);
            }
            wb.write(out);
        }
        long count = 0;
        ShipmentRow last = null;
        try (ExcelShipmentReader reader = new ExcelShipmentReader("big.xlsx", new ByteArrayInputStream(out.toByteArray()))) {
            ShipmentRow row;
            while ((row = reader.next()) != null) {
                count++;
                last = row;
            }
        }
        assertThat(count).isEqualTo(n);
        assertThat(last.text()).isEqualTo("S20000,2026-03-04,72081000,CN,20000.125");
        assertThat(last.line()).isEqualTo(n + 1);
    }

    /** A file the reader cannot use gives one row, which the validator rejects as MALFORMED_ROW naming the file. */
    private static void assertOneMalformedRow(String name, byte[] bytes, String message) throws IOException {
        List<ShipmentRow> rows = excelRows(name, bytes);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).defect()).isEqualTo(message);
        List<String> validated = validated(rows);
        assertThat(validated).containsExactly("rejected null MALFORMED_ROW: MALFORMED_ROW: " + message);
    }

    @Test
    void hostileFilesBecomeOneMalformedRowNamingTheProblem() throws Exception {
        assertOneMalformedRow("csv.xlsx", CSV.getBytes(StandardCharsets.UTF_8),
                "cannot read csv.xlsx: not an Excel workbook: the file holds text (a CSV file named .xlsx?)");
        assertOneMalformedRow("empty.xlsx", new byte[0],
                "cannot read empty.xlsx: the file is empty (0 bytes), not an Excel workbook");
        assertOneMalformedRow("locked.xlsx", encrypted(workbook()),
                "cannot read locked.xlsx: the workbook is password-protected (encrypted): save a copy without a password");
        List<ShipmentRow> bomb = excelRows("bomb.xlsx", CommunicationTemplateReaderTest.zipBomb("Shipments"));
        assertThat(bomb).singleElement().satisfies(r -> assertThat(r.defect())
                .startsWith("refused: sheet Shipments near row 1 would expand").contains("zip bomb protection"));
    }

    @Test
    void aDamagedSheetEndsTheFileWithOneMalformedRowAfterTheRowsBeforeIt() throws IOException {
        byte[] damaged = Templates.editEntry(workbook(), Templates.sheetPart(workbook(), "Shipments 2026"),
                xml -> xml.replace("<row r=\"7\"", "<row r=\"7\"><broken"));
        List<ShipmentRow> rows = excelRows("d.xlsx", damaged);

        assertThat(rows).hasSize(4);
        assertThat(rows.get(3).line()).isEqualTo(7);
        assertThat(rows.get(3).defect()).startsWith("sheet Shipments 2026 near row 7 cannot be read, the file is damaged: ");
        assertThat(rows.get(3).sourceFile()).isEqualTo("d.xlsx[Shipments 2026]");
        assertThat(validated(rows).get(3)).startsWith("rejected null MALFORMED_ROW: MALFORMED_ROW: sheet Shipments 2026 near row 7");
    }

    static byte[] encrypted(byte[] plain) throws Exception {
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream os = encryptor.getDataStream(fs)) {
                os.write(plain);
            }
            fs.writeFilesystem(encrypted);
        }
        return encrypted.toByteArray();
    }

    @Test
    void tellsAWorkbookByNameOrFirstBytes() throws IOException {
        byte[] xlsx = workbook();
        assertThat(WorkbookFile.isWorkbook("a.XLSX", new java.io.BufferedInputStream(new ByteArrayInputStream(new byte[0]))))
                .isTrue();
        assertThat(WorkbookFile.isWorkbook("a.csv", new java.io.BufferedInputStream(new ByteArrayInputStream(xlsx)))).isTrue();
        assertThat(WorkbookFile.isWorkbook("a.csv", new java.io.BufferedInputStream(
                new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8))))).isFalse();
        assertThat(WorkbookFile.isWorkbook("a", new java.io.BufferedInputStream(new ByteArrayInputStream(new byte[] {'P'}))))
                .isFalse();
    }

    @Test
    void excelNumbersAndDatesAreReadExactly() {
        assertThat(ExcelValues.decimal("0.91500000000000004").toPlainString()).isEqualTo("0.915");
        assertThat(ExcelValues.decimal("12450.100000000001").toPlainString()).isEqualTo("12450.1");
        assertThat(ExcelValues.decimal("1.2450E4").toPlainString()).isEqualTo("12450");
        assertThat(ExcelValues.decimal("1.0E7").toPlainString()).isEqualTo("10000000");
        assertThat(ExcelValues.decimal("5.0E-4").toPlainString()).isEqualTo("0.0005");
        assertThat(ExcelValues.decimal("-0").toPlainString()).isEqualTo("0");
        assertThat(ExcelValues.decimal("123456789012345").toPlainString()).isEqualTo("123456789012345");
        assertThat(ExcelValues.date(new java.math.BigDecimal("45639"), false)).isEqualTo(LocalDate.of(2024, 12, 13));
        assertThat(ExcelValues.date(new java.math.BigDecimal("46022.99999999999"), false)).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(ExcelValues.date(new java.math.BigDecimal("1"), false)).isEqualTo(LocalDate.of(1900, 1, 1));
        assertThat(ExcelValues.date(new java.math.BigDecimal("59"), false)).isEqualTo(LocalDate.of(1900, 2, 28));
        assertThat(ExcelValues.date(new java.math.BigDecimal("60"), false)).isNull();
        assertThat(ExcelValues.date(new java.math.BigDecimal("61"), false)).isEqualTo(LocalDate.of(1900, 3, 1));
        assertThat(ExcelValues.date(new java.math.BigDecimal("0"), true)).isEqualTo(LocalDate.of(1904, 1, 1));
        assertThat(ExcelValues.date(new java.math.BigDecimal("-1"), false)).isNull();
        assertThat(ExcelValues.date(new java.math.BigDecimal("1e30"), false)).isNull();
    }

    @Test
    void malformedReasonForDefectRowsIsTheValidatorsOwn() throws IOException {
        List<ShipmentRow> rows = excelRows("e.xlsx", new byte[0]);
        ShipmentValidator validator = new ShipmentValidator(Fixtures.reference().countries(), Fixtures.reference().scope(),
                ReportingPeriod.parse("2026"));
        assertThat(validator.validate(rows.get(0))).isNull();
        assertThat(validator.lastReject().reasons()).containsExactly(RejectReason.MALFORMED_ROW);
        assertThat(validator.lastReject().sourceFile()).isEqualTo("e.xlsx");
        assertThat(validator.lastReject().line()).isEqualTo(1);
    }
}
