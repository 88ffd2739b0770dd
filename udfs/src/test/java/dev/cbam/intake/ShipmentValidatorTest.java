package dev.cbam.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.intake.ShipmentRow.RowFormat;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.testing.Fixtures;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ShipmentValidatorTest {

    private static final String HEADER = "shipment_id,import_date,cn_code,origin_country,net_mass_kg,quantity_mwh,installation_id,product_variant,customs_procedure";

    private final ShipmentValidator validator = new ShipmentValidator(Fixtures.reference().countries(),
            Fixtures.reference().scope(), ReportingPeriod.parse("2026"));

    private Shipment accept(String header, String text) {
        Shipment shipment = validator.validate(new ShipmentRow("in.csv", 7, text, header, RowFormat.CSV, null));
        assertThat(shipment).as(validator.lastReject() == null ? "" : validator.lastReject().message()).isNotNull();
        return shipment;
    }

    private Reject reject(String header, String text) {
        Shipment shipment = validator.validate(new ShipmentRow("in.csv", 7, text, header, RowFormat.CSV, null));
        assertThat(shipment).as("should be rejected: " + text).isNull();
        Reject reject = validator.lastReject();
        assertThat(reject.sourceFile()).isEqualTo("in.csv");
        assertThat(reject.line()).isEqualTo(7);
        assertThat(reject.rawText()).isEqualTo(text);
        return reject;
    }

    private Reject reject(String text) {
        return reject(HEADER, text);
    }

    @Test
    void acceptsAValidRowWithExactQuantities() {
        Shipment s = accept(HEADER, "S-1,2026-03-15,7208 10 00,cn,12450.5,,TR-ISK-01,grey,40");
        assertThat(s.shipmentId()).isEqualTo("S-1");
        assertThat(s.importDate()).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(s.cnCode()).isEqualTo("72081000");
        assertThat(s.sector()).isEqualTo(Sector.IRON_STEEL);
        assertThat(s.originCountry()).isEqualTo("CN");
        assertThat(s.netMassGrams()).isEqualTo(12_450_500);
        assertThat(s.installationId()).isEqualTo("TR-ISK-01");
        assertThat(s.productVariant()).isEqualTo("grey");
        assertThat(s.customsProcedure()).isEqualTo("40");
        assertThat(s.sourceLine()).isEqualTo(7);
        assertThat(s.rawText()).contains("12450.5");
    }

    @Test
    void findsColumnsByNameInAnyOrderAndCase() {
        Shipment s = accept("Net Mass KG;CN-Code;ORIGIN_COUNTRY;Import_Date;Shipment_ID", "1000;72081000;IN;2026-01-02;X");
        assertThat(s.netMassGrams()).isEqualTo(1_000_000);
        assertThat(s.shipmentId()).isEqualTo("X");
    }

    @Test
    void readsTonnesAndTheAliases() {
        assertThat(accept("shipment_id,import_date,cn_code,origin_iso,net_mass_t", "A,2026-01-02,72081000,IN,1.234567")
                .netMassGrams()).isEqualTo(1_234_567);
        assertThat(accept("shipment_id,import_date,cn_code,country_of_origin,quantity_tons", "A,2026-01-02,72081000,IN,2")
                .netMassGrams()).isEqualTo(2_000_000);
    }

    @Test
    void prefersTheIsoColumnOverACountryNameColumn() {
        String greenLang = "shipment_id,import_date,quarter,cn_code,product_group,product_description,origin_iso,origin_country,"
                + "importer_name,importer_country,net_mass_kg,port_of_entry,importer_reference,has_actual_emissions,supplier_id,notes";
        Shipment s = accept(greenLang, "DEMO-1,2026-10-15,2026Q4,72031000,steel,Hot-rolled flat steel,CN,China,Acme Steel EU BV,"
                + "NL,12450,Rotterdam,IMP-2025-782341,NO,,Demo data - synthetic");
        assertThat(s.originCountry()).isEqualTo("CN");
        assertThat(s.netMassGrams()).isEqualTo(12_450_000);
    }

    @Test
    void electricityTakesMegawattHours() {
        Shipment s = accept(HEADER, "E-1,2026-02-01,27160000,UA,,1250.5,,,");
        assertThat(s.sector()).isEqualTo(Sector.ELECTRICITY);
        assertThat(s.quantityWattHours()).isEqualTo(1_250_500_000L);
        assertThat(s.quantity()).isEqualTo(1_250_500_000L);
    }

    @Test
    void rejectsElectricityWithoutMegawattHours() {
        assertThat(reject("E-1,2026-02-01,27160000,UA,5000,,,,").reasonCodes()).isEqualTo("ELECTRICITY_WITHOUT_MWH");
    }

    @Test
    void rejectsMissingFields() {
        Reject r = reject(",2026-03-15,72081000,CN,,,,,");
        assertThat(r.reasonCodes()).isEqualTo("MISSING_FIELD");
        assertThat(r.message()).contains("shipment_id is empty").contains("net_mass_kg is empty");
        assertThat(reject(" ,,,,,,,,").reasonCodes()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void rejectsBadCnCodes() {
        assertThat(reject("S,2026-03-15,7208,CN,100,,,,").reasonCodes()).isEqualTo("BAD_CN_CODE");
        assertThat(reject("S,2026-03-15,72O81000,CN,100,,,,").reasonCodes()).isEqualTo("BAD_CN_CODE");
    }

    @Test
    void rejectsGoodsOutsideCbam() {
        Reject scrap = reject("S,2026-03-15,72044900,CN,100,,,,");
        assertThat(scrap.reasonCodes()).isEqualTo("CN_NOT_IN_SCOPE");
        assertThat(scrap.message()).contains("72044900");
    }

    @Test
    void rejectsCountriesThatAreNotIsoCodesAndSuggestsTheCode() {
        assertThat(reject("S,2026-03-15,72081000,XY,100,,,,").reasonCodes()).isEqualTo("BAD_COUNTRY");
        Reject named = reject("S,2026-03-15,72081000,China,100,,,,");
        assertThat(named.reasonCodes()).isEqualTo("BAD_COUNTRY");
        assertThat(named.message()).contains("(CN?)");
    }

    @Test
    void rejectsGoodsOfEuOrigin() {
        assertThat(reject("S,2026-03-15,72081000,DE,100,,,,").reasonCodes()).isEqualTo("EU_ORIGIN");
    }

    @Test
    void rejectsGoodsFromAnnexIIICountries() {
        Reject norway = reject("S,2026-03-15,76011000,NO,100,,,,");
        assertThat(norway.reasonCodes()).isEqualTo("ORIGIN_OUTSIDE_SCOPE");
        assertThat(norway.message()).contains("Norway");
    }

    @Test
    void rejectsBadDates() {
        assertThat(reject("S,15/03/2026,72081000,CN,100,,,,").reasonCodes()).isEqualTo("BAD_DATE");
        assertThat(reject("S,2026-02-30,72081000,CN,100,,,,").reasonCodes()).isEqualTo("BAD_DATE");
        assertThat(reject("S,2026-3-5,72081000,CN,100,,,,").reasonCodes()).isEqualTo("BAD_DATE");
    }

    @Test
    void rejectsDatesOutsideThePeriod() {
        Reject r = reject("S,2025-12-31,72081000,CN,100,,,,");
        assertThat(r.reasonCodes()).isEqualTo("OUT_OF_PERIOD");
        assertThat(r.message()).contains("2026-01-01 to 2026-12-31");
        assertThat(accept(HEADER, "S,2026-12-31,72081000,CN,100,,,,")).isNotNull();
    }

    @Test
    void rejectsQuantitiesThatAreNotPositivePlausibleNumbers() {
        for (String bad : new String[] {"0", "-5", "NaN", "Infinity", "abc", "12 kg", "1e20", "0.0001", "", "1..2"}) {
            String expected = bad.isEmpty() ? "MISSING_FIELD" : "BAD_QUANTITY";
            assertThat(reject("S,2026-03-15,72081000,CN," + bad + ",,,,").reasonCodes()).as(bad).isEqualTo(expected);
        }
        assertThat(accept(HEADER, "S,2026-03-15,72081000,CN,1.245E+4,,,,").netMassGrams()).isEqualTo(12_450_000);
        assertThat(accept(HEADER, "S,2026-03-15,72081000,CN,12450.000000,,,,").netMassGrams()).isEqualTo(12_450_000);
        assertThat(accept(HEADER, "S,2026-03-15,72081000,CN,0.001,,,,").netMassGrams()).isEqualTo(1);
    }

    @Test
    void rejectsDecimalCommasAndDigitGroupingInsteadOfGuessing() {
        assertThat(reject("S,2026-03-15,72081000,CN,\"12,5\",,,,").reasonCodes()).isEqualTo("DECIMAL_COMMA");
        assertThat(reject("S,2026-03-15,72081000,CN,\"1,234.5\",,,,").reasonCodes()).isEqualTo("DECIMAL_COMMA");
        assertThat(reject("shipment_id;import_date;cn_code;origin_country;net_mass_kg", "S;2026-03-15;72081000;CN;1.234,5")
                .reasonCodes()).isEqualTo("DECIMAL_COMMA");
        assertThat(reject("S,2026-03-15,72081000,CN,12 450,,,,").reasonCodes()).isEqualTo("DECIMAL_COMMA");
    }

    @Test
    void rejectsRowsWithTheWrongColumnCountOrBrokenQuoting() {
        Reject shifted = reject("S,2026-03-15,72081000,CN,100,,,,,extra");
        assertThat(shifted.reasonCodes()).isEqualTo("MALFORMED_ROW");
        assertThat(shifted.message()).contains("10 columns where the header has 9");
        assertThat(reject("S,2026-03-15,\"72081000\"x,CN,100,,,,").reasonCodes()).isEqualTo("MALFORMED_ROW");
        assertThat(reject("S,2026-03-15,\"72081000,CN,100,,,,").reasonCodes()).isEqualTo("MALFORMED_ROW");
    }

    @Test
    void rejectsEveryRowOfAFileWhoseHeaderLacksARequiredColumn() {
        Reject r = reject("id,date,cn,origin,kg", "S,2026-03-15,72081000,CN,100");
        assertThat(r.reasonCodes()).isEqualTo("BAD_HEADER");
        assertThat(r.message()).contains("no column shipment_id, import_date, cn_code, origin_country");
        assertThat(reject("shipment_id,shipment_id,import_date,cn_code,origin_country,net_mass_kg", "a,b,2026-03-15,72081000,CN,1")
                .message()).contains("more than once");
    }

    @Test
    void rejectsARowTheReaderCouldNotDelimit() {
        Shipment s = validator.validate(new ShipmentRow("in.csv", 3, "\"S,2026", HEADER, RowFormat.CSV, "quoted field not closed"));
        assertThat(s).isNull();
        assertThat(validator.lastReject().reasonCodes()).isEqualTo("MALFORMED_ROW");
        assertThat(validator.lastReject().message()).contains("quoted field not closed");
    }

    @Test
    void rejectsTextThatIsNotUtf8InAUsedColumn() {
        assertThat(reject("S\uFFFD,2026-03-15,72081000,CN,100,,,,").reasonCodes()).isEqualTo("MALFORMED_ROW");
    }

    @Test
    void rejectsShipmentIdsWithControlCharacters() {
        Reject r = reject("S\u00001,2026-03-15,72081000,CN,100,,,,");
        assertThat(r.reasonCodes()).isEqualTo("MALFORMED_ROW");
        assertThat(r.message()).contains("control characters");
        assertThat(r.shipmentId()).isNull();
    }

    @Test
    void listsEveryProblemOfARowInOneReject() {
        Reject r = reject("S,2025-13-01,72044900,DE,\"1,5\",,,,");
        assertThat(r.reasons()).containsExactly(RejectReason.CN_NOT_IN_SCOPE, RejectReason.EU_ORIGIN, RejectReason.BAD_DATE,
                RejectReason.DECIMAL_COMMA);
        assertThat(r.shipmentId()).isEqualTo("S");
    }

    @Test
    void readsJsonLinesWithExactNumbers() {
        Shipment s = validator.validate(new ShipmentRow("in.jsonl", 2,
                "{\"shipment_id\":\"J1\",\"import_date\":\"2026-04-01\",\"cn_code\":72081000,\"origin_iso\":\"IN\",\"net_mass_kg\":12450.123}",
                null, RowFormat.JSON_LINES, null));
        assertThat(s).isNotNull();
        assertThat(s.cnCode()).isEqualTo("72081000");
        assertThat(s.netMassGrams()).isEqualTo(12_450_123);
    }

    @Test
    void rejectsBrokenJsonLines() {
        for (String bad : new String[] {"{\"shipment_id\":", "[1,2]", "\"text\"", "{\"shipment_id\":\"a\",\"shipment_id\":\"b\"}",
                "{\"shipment_id\":{\"x\":1},\"import_date\":\"2026-01-01\",\"cn_code\":\"72081000\",\"origin_country\":\"CN\",\"net_mass_kg\":1}"}) {
            Shipment s = validator.validate(new ShipmentRow("in.jsonl", 1, bad, null, RowFormat.JSON_LINES, null));
            assertThat(s).as(bad).isNull();
            assertThat(validator.lastReject().reasonCodes()).as(bad).isEqualTo("MALFORMED_ROW");
        }
    }
}
