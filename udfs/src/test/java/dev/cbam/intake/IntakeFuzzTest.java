package dev.cbam.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.intake.ShipmentRow.RowFormat;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Random bytes and mangled shipment lines through the reader and the validator: nothing throws, and every row
 * becomes exactly one shipment or one reject.
 */
class IntakeFuzzTest {

    private static final String HEADER = "shipment_id,import_date,cn_code,origin_country,net_mass_kg,quantity_mwh,installation_id,product_variant";
    private static final String[] GOOD = {
        "S-%d,2026-03-15,72081000,CN,12450.5,,,",
        "S-%d,2026-07-01,25231000,TR,24560,,,grey",
        "S-%d,2026-02-01,27160000,UA,,1500,,",
        "S-%d,2026-11-30,\"7601 10 00\",IN,5420,,INST-1,",
    };
    private static final String NOISE = ",;\"\n\r\t .-eE0123456789abcXYZ\u00e9\u20ac\uFEFF{}[]:";

    private final ShipmentValidator validator = new ShipmentValidator(Fixtures.reference().countries(),
            Fixtures.reference().scope(), ReportingPeriod.parse("2026"));

    private int accepted;
    private int rejected;

    private List<ShipmentRow> readAndValidate(byte[] bytes, RowFormat format) throws IOException {
        List<ShipmentRow> rows = ShipmentRowReaderTest.read(bytes, format);
        int acceptedBefore = accepted;
        int rejectedBefore = rejected;
        for (ShipmentRow row : rows) {
            Shipment shipment = validator.validate(row);
            if (shipment != null) {
                accepted++;
                assertThat(validator.lastReject()).isNull();
            } else {
                rejected++;
                Reject reject = validator.lastReject();
                assertThat(reject).isNotNull();
                assertThat(reject.reasons()).isNotEmpty();
                assertThat(reject.line()).isEqualTo(row.line());
                assertThat(reject.rawText()).isEqualTo(row.text());
            }
        }
        assertThat(accepted - acceptedBefore + rejected - rejectedBefore).isEqualTo(rows.size());
        return rows;
    }

    @RepeatedTest(20)
    void randomBytesNeverThrowAndEveryRowIsAccountedFor() throws IOException {
        Random random = new Random(System.nanoTime());
        byte[] bytes = new byte[random.nextInt(20_000)];
        random.nextBytes(bytes);
        readAndValidate(bytes, null);
        readAndValidate(bytes, RowFormat.JSON_LINES);
        byte[] withHeader = (HEADER + "\n" + new String(bytes, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.UTF_8);
        readAndValidate(withHeader, RowFormat.CSV);
    }

    @Test
    void mangledLinesBecomeShipmentsOrRejectsOneForOne() throws IOException {
        Random random = new Random(42);
        int lines = 5_000;
        StringBuilder file = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder(String.format(GOOD[i % GOOD.length], i));
            int edits = random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(line.length() + 1);
                switch (random.nextInt(3)) {
                    case 0:
                        line.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                        break;
                    case 1:
                        if (at < line.length()) {
                            line.deleteCharAt(at);
                        }
                        break;
                    default:
                        if (at < line.length()) {
                            line.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
                        }
                }
            }
            // Keep one physical line per row so that rows can be counted against lines.
            String text = line.toString().replace('\n', ' ').replace('\r', ' ').replace('"', '\'');
            file.append(text.isBlank() ? "x" : text).append('\n');
        }
        List<ShipmentRow> rows = readAndValidate(file.toString().getBytes(StandardCharsets.UTF_8), null);
        long emptyRecords = rows.stream().filter(r -> r.text().isBlank()).count();
        assertThat(rows.size() + emptyRecords).isLessThanOrEqualTo(lines);
        assertThat(rows.size()).isGreaterThan(lines * 95 / 100);
        assertThat(accepted).as("unmangled lines are accepted").isGreaterThan(lines / 5);
        assertThat(rejected).isGreaterThan(lines / 5);
    }
}
