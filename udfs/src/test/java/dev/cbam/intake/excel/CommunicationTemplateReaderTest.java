package dev.cbam.intake.excel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class CommunicationTemplateReaderTest {

    static CommunicationTemplateReader.Reading read(String name, byte[] bytes) throws IOException {
        return new CommunicationTemplateReader(Fixtures.reference().countries(), Fixtures.reference().scope())
                .read(name, new ByteArrayInputStream(bytes));
    }

    private static String problems(CommunicationTemplateReader.Reading reading) {
        StringBuilder s = new StringBuilder();
        reading.problems().forEach(p -> s.append(p).append('\n'));
        return s.toString();
    }

    @Test
    void readsInstallationAndProductsOfAFilledTemplateExactly() throws IOException {
        CommunicationTemplateReader.Reading reading = read("baosteel.xlsx", Templates.steel());

        assertThat(reading.problems()).isEmpty();
        CommunicatedInstallation inst = reading.installation();
        assertThat(inst.version()).isEqualTo(TemplateVersion.V2_1_1);
        assertThat(inst.installationId()).isEqualTo("CNSHA-BAOSHAN-IRON-STEEL-CO-LTD");
        assertThat(inst.name()).isEqualTo("Baoshan Iron & Steel Co., Ltd.");
        assertThat(inst.country()).isEqualTo("CN");
        assertThat(inst.unlocode()).isEqualTo("CNSHA");
        assertThat(inst.periodStart()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(inst.periodEnd()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(inst.products()).extracting(CommunicatedProduct::cnCode)
                .containsExactly("72081000", "72083900", "27160000");
        CommunicatedProduct sheet = inst.products().get(1);
        // Excel stores these as 3.5055819205000001 and 0.12345678901230000: read as the operator's figures.
        assertThat(sheet.seeDirect()).isEqualTo(new BigDecimal("3.5055819205"));
        assertThat(sheet.seeIndirect()).isEqualTo(new BigDecimal("0.1234567890123"));
        assertThat(sheet.defaultShare()).isEqualTo(new BigDecimal("0.25"));
        assertThat(sheet.electricitySource()).isEqualTo("Mix");
        assertThat(sheet.productName()).isEqualTo("Thin sheet, grade S235");
        assertThat(sheet.row()).isEqualTo(27);
        assertThat(inst.products().get(0).seeDirect().toPlainString()).isEqualTo("1.915");
        CommunicatedProduct electricity = inst.products().get(2);
        assertThat(electricity.seeDirect().toPlainString()).isEqualTo("0.82");
        assertThat(electricity.seeIndirect()).isNull();
        assertThat(electricity.defaultShare()).isNull();
    }

    @Test
    void readsVersion21WhoseSummaryHasNoElectricityFactorColumn() throws IOException {
        CommunicationTemplateReader.Reading v21 = read("baosteel-2.1.xlsx", Templates.steelVersion21());
        CommunicationTemplateReader.Reading v211 = read("baosteel.xlsx", Templates.steel());

        assertThat(v21.problems()).isEmpty();
        assertThat(v21.installation().version()).isEqualTo(TemplateVersion.V2_1);
        assertThat(v21.installation().products()).isEqualTo(v211.installation().products());
        assertThat(v21.installation().installationId()).isEqualTo(v211.installation().installationId());
    }

    @Test
    void derivesTheSameIdWhateverTheSpellingOfNameAndUnlocode() {
        assertThat(CommunicatedInstallation.idOf("CN SHA", "Baoshan Iron & Steel Co., Ltd."))
                .isEqualTo(CommunicatedInstallation.idOf("cnsha", "  BAOSHAN  iron and steel".replace("and", "&") + " co ltd"))
                .isEqualTo("CNSHA-BAOSHAN-IRON-STEEL-CO-LTD");
        assertThat(CommunicatedInstallation.idOf("TR MER", "Çimsa Çimento Sanayi ve Ticaret A.Ş."))
                .isEqualTo("TRMER-CIMSA-CIMENTO-SANAYI-VE-TICARET-A-S");
        assertThat(CommunicatedInstallation.idOf("DE HAM", "Hüttenwerk Große Straße")).isEqualTo("DEHAM-HUTTENWERK-GROSSE-STRASSE");
        assertThat(CommunicatedInstallation.idOf("CN SHA", "宝山钢铁")).isNull();
    }

    @Test
    void listsEveryDefectiveProductLineWithItsCell() throws IOException {
        CommunicationTemplateReader.Reading reading = read("bad.xlsx", Templates.badProducts());

        assertThat(reading.ok()).isFalse();
        assertThat(problems(reading)).isEqualTo(""
                + "bad.xlsx: Summary_Communication!I26: SEE (direct) 'n/a' is not a number\n"
                + "bad.xlsx: Summary_Communication!I27: SEE (direct) -0.5 is negative\n"
                + "bad.xlsx: Summary_Communication!F28: CN 72044100 is not a CBAM good (Annex I of Regulation (EU) 2023/956)\n"
                + "bad.xlsx: Summary_Communication!F29: CN code '7208100' is not an eight-digit CN code\n"
                + "bad.xlsx: Summary_Communication!F31: CN 72083600 is also on row 30 with other SEE values: an "
                + "installation can have one value per CN code and period\n");
    }

    @Test
    void refusesTheEmptyTemplateListingWhatIsMissing() throws IOException {
        CommunicationTemplateReader.Reading reading = read("empty.xlsx", Templates.empty());

        assertThat(reading.ok()).isFalse();
        assertThat(problems(reading)).isEqualTo(""
                + "empty.xlsx: Summary_Communication!G12: the installation's name is empty\n"
                + "empty.xlsx: Summary_Communication!G16: the installation's country is empty\n"
                + "empty.xlsx: Summary_Communication!G17: the UN/LOCODE is empty (it is mandatory in the template)\n"
                + "empty.xlsx: Summary_Communication!G20: the reporting period start is empty\n"
                + "empty.xlsx: Summary_Communication!G21: the reporting period end is empty\n"
                + "empty.xlsx: Summary_Communication!F26:F125: the product table is empty: the template communicates no product\n");
    }

    @Test
    void refusesAnUnsupportedTemplateVersion() throws IOException {
        byte[] version20 = Templates.editEntry(Templates.empty(), "xl/worksheets/sheet19.xml",
                xml -> xml.replace("<c r=\"B3\" s=\"49\"><v>45639</v></c>", "<c r=\"B3\" s=\"49\"><v>45370</v></c>"));
        byte[] future = Templates.editEntry(Templates.empty(), "xl/worksheets/sheet19.xml",
                xml -> xml.replace("<c r=\"B3\" s=\"49\"><v>45639</v></c>", "<c r=\"B3\" s=\"49\"><v>46100</v></c>"));

        assertThat(problems(read("old.xlsx", version20))).isEqualTo("old.xlsx: VersionDocumentation!B3: template "
                + "version 2.0 (2024-03-19) is not supported; supported: 2.1, 2.1.1. Ask the operator for the current template\n");
        assertThat(problems(read("new.xlsx", future))).isEqualTo("new.xlsx: VersionDocumentation!B3: template "
                + "version of 2026-03-19 is not supported; supported: 2.1, 2.1.1. Ask the operator for the current template\n");
    }

    @Test
    void refusesATemplateWhoseSummaryLayoutWasChanged() throws IOException {
        byte[] moved = Templates.editEntry(Templates.empty(), "xl/worksheets/sheet14.xml",
                xml -> xml.replace("<v>SEE (direct)</v>", "<v>SEE (total)</v>"));

        assertThat(problems(read("moved.xlsx", moved))).isEqualTo("moved.xlsx: Summary_Communication!I25: reads "
                + "'SEE (total)' where version 2.1.1 of the template has 'SEE (direct)': the sheet's layout was changed, "
                + "so its values cannot be located\n");
    }

    @Test
    void refusesAVersion211LayoutThatClaimsToBeVersion21() throws IOException {
        byte[] claims21 = Templates.editEntry(Templates.steel(), Templates.sheetPart(Templates.steel(), "VersionDocumentation"),
                xml -> xml.replaceFirst("(<c r=\"B3\"[^>]*>)<v>45639</v>", "$1<v>45448</v>"));

        assertThat(problems(read("mixed.xlsx", claims21))).isEqualTo("mixed.xlsx: Summary_Communication!P25: reads "
                + "'Electricity EF (tCO2/MWh)' where version 2.1 of the template has 'The main reducing agent of the "
                + "precursor': the sheet's layout was changed, so its values cannot be located\n");
    }

    @Test
    void refusesAWorkbookThatIsNoCommunicationTemplate() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("Summary").createRow(0).createCell(0).setCellValue("SEE");
            wb.createSheet("Products");
            wb.write(bytes);
        }
        assertThat(problems(read("other.xlsx", bytes.toByteArray()))).isEqualTo("other.xlsx: not a CBAM Communication "
                + "Template: it has no sheet Summary_Communication (sheets: Summary, Products)\n");
    }

    @Test
    void refusesAnEncryptedWorkbookWithAClearMessage() throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            wb.createSheet("Summary_Communication");
            wb.write(plain);
        }
        ByteArrayOutputStream encrypted = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            Encryptor encryptor = new EncryptionInfo(EncryptionMode.agile).getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream os = encryptor.getDataStream(fs)) {
                os.write(plain.toByteArray());
            }
            fs.writeFilesystem(encrypted);
        }
        assertThat(problems(read("locked.xlsx", encrypted.toByteArray()))).isEqualTo("locked.xlsx: the workbook is "
                + "password-protected (encrypted): save a copy without a password\n");
    }

    @Test
    void refusesACsvFileNamedXlsxAndAnEmptyFile() throws IOException {
        assertThat(problems(read("really.xlsx", "installation_id,cn_code\nA,72081000\n".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("really.xlsx: not an Excel workbook: the file holds text (a CSV file named .xlsx?)\n");
        assertThat(problems(read("nothing.xlsx", new byte[0])))
                .isEqualTo("nothing.xlsx: the file is empty (0 bytes), not an Excel workbook\n");
        assertThat(problems(read("junk.xlsx", new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})))
                .isEqualTo("junk.xlsx: not an Excel workbook: an .xlsx file is a zip archive, this file is something else\n");
    }

    @Test
    void refusesAZipBombWithoutInflatingIt() throws IOException {
        assertThat(problems(read("bomb.xlsx", zipBomb("Summary_Communication", "VersionDocumentation"))))
                .startsWith("bomb.xlsx: refused: ")
                .contains("zip bomb protection");
    }

    /**
     * A workbook whose last sheet inflates a thousandfold: 20 MB of XML from about 20 kB, beyond POI's limit of
     * 100 times.
     */
    static byte[] zipBomb(String... sheets) throws IOException {
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            for (String sheet : sheets) {
                wb.createSheet(sheet).createRow(0).createCell(0).setCellValue("x");
            }
            wb.write(small);
        }
        return Templates.editEntry(small.toByteArray(), "xl/worksheets/sheet" + sheets.length + ".xml", xml -> {
            StringBuilder padded = new StringBuilder(20_100_000);
            padded.append(xml, 0, xml.indexOf("<sheetData>"));
            padded.append(" ".repeat(20_000_000));
            padded.append(xml.substring(xml.indexOf("<sheetData>")));
            return padded.toString();
        });
    }

    @Test
    void aZipWithoutWorkbookPartsIsNoWorkbook() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(problems(read("archive.xlsx", bytes.toByteArray()))).startsWith("archive.xlsx: not an Excel workbook");
    }
}
