package dev.cbam.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.intake.ShipmentRow.RowFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShipmentRowReaderTest {

    /** A usable header: the reading mechanics below do not depend on the columns. */
    private static final String H = "shipment_id,import_date,cn_code,origin_country,net_mass_kg";

    static List<ShipmentRow> read(byte[] bytes, RowFormat format) throws IOException {
        ShipmentRowReader reader = new ShipmentRowReader("f.csv", new ByteArrayInputStream(bytes), format);
        List<ShipmentRow> rows = new ArrayList<>();
        ShipmentRow row;
        while ((row = reader.next()) != null) {
            rows.add(row);
        }
        return rows;
    }

    static List<ShipmentRow> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), null);
    }

    @Test
    void readsRowsWithTheirLineNumbersAndTheHeader() throws IOException {
        List<ShipmentRow> rows = read(H + "\r\n1,2\r\n\r\n3,4\n");
        assertThat(rows).extracting(ShipmentRow::text).containsExactly("1,2", "3,4");
        assertThat(rows).extracting(ShipmentRow::line).containsExactly(2L, 4L);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.header()).isEqualTo(H);
            assertThat(r.format()).isEqualTo(RowFormat.CSV);
            assertThat(r.defect()).isNull();
        });
    }

    @Test
    void stripsTheByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "shipment_id;cn_code\nA;1\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        List<ShipmentRow> rows = read(all, null);
        assertThat(rows.get(0).header()).isEqualTo("shipment_id;cn_code");
    }

    @Test
    void keepsAQuotedLineBreakInsideOneRow() throws IOException {
        List<ShipmentRow> rows = read(H + "\n1,\"two\nlines\",a\n2,plain,b\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).text()).isEqualTo("1,\"two\nlines\",a");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(new CsvFieldSplitter(',').split(rows.get(0).text())).containsExactly("1", "two\nlines", "a");
    }

    @Test
    void anUnclosedQuoteCostsOneLineNotTheRestOfTheFile() throws IOException {
        StringBuilder text = new StringBuilder(H + "\n1,\"never closed\n");
        for (int i = 2; i <= 100; i++) {
            text.append(i).append(",ok\n");
        }
        List<ShipmentRow> rows = read(text.toString());
        assertThat(rows).hasSize(100);
        assertThat(rows.get(0).defect()).isEqualTo("quoted field not closed");
        assertThat(rows.get(0).line()).isEqualTo(2);
        assertThat(rows.subList(1, 100)).allSatisfy(r -> assertThat(r.defect()).isNull());
        assertThat(rows.get(99).line()).isEqualTo(101);
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsJustACharacter() throws IOException {
        List<ShipmentRow> rows = read(H + "\n1,pipe 5\" wide\n2,x\n");
        assertThat(rows).extracting(ShipmentRow::text).containsExactly("1,pipe 5\" wide", "2,x");
    }

    @Test
    void cutsAnOverlongLineAndGoesOn() throws IOException {
        String longLine = "9,".repeat(ShipmentRowReader.MAX_ROW_CHARS);
        List<ShipmentRow> rows = read(H + "\n" + longLine + "\n1,2\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).defect()).contains("longer than");
        assertThat(rows.get(0).text()).hasSize(ShipmentRowReader.MAX_ROW_CHARS);
        assertThat(rows.get(1).text()).isEqualTo("1,2");
    }

    @Test
    void skipsTheEmptyRowsOfSpreadsheetExports() throws IOException {
        assertThat(read(H.replace(',', ';') + "\n1;2;3\n;;\n ; ; \n")).extracting(ShipmentRow::text).containsExactly("1;2;3");
    }

    @Test
    void detectsJsonLines() throws IOException {
        List<ShipmentRow> rows = read("\n{\"a\":1}\n\n{\"a\":2}\n");
        assertThat(rows).extracting(ShipmentRow::format).containsOnly(RowFormat.JSON_LINES);
        assertThat(rows).extracting(ShipmentRow::line).containsExactly(2L, 4L);
        assertThat(rows.get(0).header()).isNull();
    }

    @Test
    void anEmptyOrHeaderOnlyFileHasNoRows() throws IOException {
        assertThat(read("")).isEmpty();
        assertThat(read("\n\n")).isEmpty();
        assertThat(read("shipment_id,import_date,cn_code,origin_country,net_mass_kg\n")).isEmpty();
    }

    @Test
    void theFirstLineOfAFileWithoutAUsableHeaderIsARowToo() throws IOException {
        List<ShipmentRow> rows = read("S1,2026-01-05,72081000,CN,1000\nS2,2026-01-06,72081000,CN,2000\n");
        assertThat(rows).extracting(ShipmentRow::line).containsExactly(1L, 2L);
        assertThat(read("binary garbage without a line break")).hasSize(1);
    }

    @Test
    void detectsTheDelimiter() {
        assertThat(CsvFieldSplitter.detectDelimiter("a,b,c")).isEqualTo(',');
        assertThat(CsvFieldSplitter.detectDelimiter("a;b;c")).isEqualTo(';');
        assertThat(CsvFieldSplitter.detectDelimiter("a\tb\tc")).isEqualTo('\t');
        assertThat(CsvFieldSplitter.detectDelimiter("\"a,b\";c")).isEqualTo(';');
        assertThat(CsvFieldSplitter.detectDelimiter("single")).isEqualTo(',');
    }

    @Test
    void splitsQuotedFields() {
        CsvFieldSplitter splitter = new CsvFieldSplitter(',');
        assertThat(splitter.split("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
        assertThat(splitter.split("")).containsExactly("");
        assertThat(splitter.split("\"open")).isNull();
        assertThat(splitter.split("\"a\"b")).isNull();
    }
}
