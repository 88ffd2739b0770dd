package dev.cbam.emissions;

import static dev.cbam.testing.Fixtures.electricity;
import static dev.cbam.testing.Fixtures.goods;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.emissions.EmbeddedEmissionsCalculator.Result;
import dev.cbam.intake.RejectReason;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.Tonnes;
import dev.cbam.testing.Fixtures;
import org.junit.jupiter.api.Test;

class EmbeddedEmissionsCalculatorTest {

    private static final String INSTALLATIONS = String.join("\n",
            "installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to",
            "TR-ISK-01,Iskenderun Steel,TR,72081000,1.85,0.21,true,2026-01-01,2026-06-30",
            "TR-ISK-01,Iskenderun Steel,TR,72081000,1.80,0.20,true,2026-07-01,2026-12-31",
            "TR-ISK-01,Iskenderun Steel,TR,25231000,0.80,0.04,false,,",
            "IN-CEM-07,Gujarat Cement,IN,2523,0.75,0.05,true,2026-01-01,",
            "CN-AL-03,Shandong Aluminium,CN,7601,14.2,4.1,yes,2025-10-01,2026-12-31",
            "UA-GRID-1,Ukrenergo,UA,27160000,0.65,,true,,") + "\n";

    private static EmbeddedEmissionsCalculator calculator(String period) {
        return new EmbeddedEmissionsCalculator(Fixtures.reference(), Fixtures.installations(INSTALLATIONS),
                ReportingPeriod.parse(period));
    }

    private static ShipmentEmissions emissions(String period, Shipment shipment) {
        Result result = calculator(period).calculate(shipment);
        assertThat(result.emissions()).as(result.message()).isNotNull();
        return result.emissions();
    }

    private static String tonnes(long grams) {
        return Tonnes.fromGrams(grams).toPlainString();
    }

    // Worked examples from the official tables (IR 2025/2621 Annex I).

    @Test
    void chinaHotRolledSteelHundredTonnesIn2026() {
        ShipmentEmissions e = emissions("2026", goods("S1", "2026-03-15", "72081000", "CN", "100"));
        assertThat(e.seeCounted()).isEqualByComparingTo("3.5055819205");
        assertThat(e.markUpRate()).isEqualByComparingTo("0.10");
        assertThat(tonnes(e.embeddedGrams())).isEqualTo("350.558192");
        assertThat(tonnes(e.directGrams())).isEqualTo("350.558192");
        assertThat(e.indirectGrams()).isZero();
        assertThat(e.method()).isEqualTo(EmissionMethod.DEFAULT);
        assertThat(e.factorSource()).isEqualTo("IR 2025/2621 Annex I, China, 7208");
    }

    @Test
    void chinaGreyClinkerFiftyTonnesIn2026CountsDirectAndIndirect() {
        ShipmentEmissions e = emissions("2026", goods("S2", "2026-05-02", "25231000", "CN", "50", null, "grey"));
        assertThat(tonnes(e.embeddedGrams())).isEqualTo("76.450000");
        assertThat(e.seeDirect()).isEqualByComparingTo("1.485");
        assertThat(e.seeIndirect()).isEqualByComparingTo("0.044");
        assertThat(CalculationNote.VARIANT_ASSUMED.in(e.notes())).isFalse();
    }

    @Test
    void vietnamAmmoniaThousandTonnesHasTheSameOnePercentEveryYear() {
        for (String year : new String[] {"2026", "2027", "2028"}) {
            ShipmentEmissions e = emissions(year, goods("S3", year + "-06-30", "28141000", "VN", "1000"));
            assertThat(tonnes(e.embeddedGrams())).as(year).isEqualTo("3646.100000");
        }
    }

    @Test
    void markUpGrowsWithTheYearOfImport() {
        assertThat(emissions("2027", goods("S", "2027-01-10", "72081000", "CN", "100")).seeCounted())
                .isEqualByComparingTo("3.824271186");
        assertThat(emissions("2028", goods("S", "2028-01-10", "72081000", "CN", "100")).seeCounted())
                .isEqualByComparingTo("4.1429604515");
        assertThat(emissions("2031", goods("S", "2031-01-10", "72081000", "CN", "100")).markUpRate())
                .isEqualByComparingTo("0.30");
    }

    @Test
    void annexIIGoodsCountDirectEmissionsOnlyInTheDefinitivePeriod() {
        ShipmentEmissions hydrogen = emissions("2026", goods("H", "2026-02-01", "28041000", "CN", "10"));
        assertThat(tonnes(hydrogen.embeddedGrams())).isEqualTo("293.040000"); // 26.64 × 1.1 × 10
        ShipmentEmissions aluminium = emissions("2026", goods("A", "2026-02-01", "76011000", "CN", "10"));
        assertThat(tonnes(aluminium.embeddedGrams())).isEqualTo("33.000000");
        ShipmentEmissions actualSteel = emissions("2026", goods("T", "2026-02-01", "72081000", "TR", "10", "TR-ISK-01", null));
        assertThat(tonnes(actualSteel.embeddedGrams())).as("direct only").isEqualTo("18.500000");
        assertThat(tonnes(actualSteel.indirectGrams())).as("indirect still reported").isEqualTo("2.100000");
        ShipmentEmissions actualCement = emissions("2026", goods("C", "2026-02-01", "25231000", "IN", "10", "IN-CEM-07", null));
        assertThat(tonnes(actualCement.embeddedGrams())).as("cement counts both").isEqualTo("8.000000");
    }

    @Test
    void theTransitionalPeriodCountsDirectAndIndirectWithoutMarkUp() {
        ShipmentEmissions cement = emissions("2025Q4", goods("C", "2025-11-03", "25231000", "CN", "50", null, "grey"));
        assertThat(cement.markUpRate()).isZero();
        assertThat(tonnes(cement.embeddedGrams())).isEqualTo("69.500000"); // 1.39 × 50
        ShipmentEmissions steel = emissions("2025Q4", goods("S", "2025-11-03", "72081000", "CN", "100"));
        assertThat(tonnes(steel.embeddedGrams())).isEqualTo("318.689266"); // 3.186892655 × 100, half up
        assertThat(CalculationNote.INDIRECT_NOT_PUBLISHED.in(steel.notes())).isTrue();
        ShipmentEmissions aluminium = emissions("2025Q4", goods("A", "2025-12-01", "76012000", "CN", "1", "CN-AL-03", null));
        assertThat(tonnes(aluminium.embeddedGrams())).as("direct + indirect actual").isEqualTo("18.300000");
    }

    @Test
    void electricityIsMegawattHoursTimesTheAnnexIIIFactorWithoutMarkUp() {
        ShipmentEmissions turkey = emissions("2027", electricity("E1", "2027-03-01", "TR", "1000"));
        assertThat(tonnes(turkey.embeddedGrams())).isEqualTo("718.000000");
        assertThat(turkey.markUpRate()).isZero();
        ShipmentEmissions fraction = emissions("2026", electricity("E2", "2026-03-01", "RS", "0.001"));
        assertThat(tonnes(fraction.embeddedGrams())).as("1 kWh × 1.041").isEqualTo("0.001041");

        Result china = calculator("2026").calculate(electricity("E3", "2026-03-01", "CN", "10"));
        assertThat(china.reason()).isEqualTo(RejectReason.NO_DEFAULT_VALUE);
        assertThat(china.message()).contains("Annex III");

        ShipmentEmissions actual = emissions("2026", new Shipment("E4", java.time.LocalDate.parse("2026-04-01"), "27160000",
                dev.cbam.reference.Sector.ELECTRICITY, "UA", 0, 2_000_000, "UA-GRID-1", null, null, "f", 1, ""));
        assertThat(actual.method()).isEqualTo(EmissionMethod.ACTUAL);
        assertThat(tonnes(actual.embeddedGrams())).isEqualTo("1.300000");
    }

    @Test
    void actualValuesNeedTheInstallationTheCnCodeAndTheDate() {
        ShipmentEmissions firstHalf = emissions("2026", goods("T1", "2026-06-30", "72081000", "TR", "1", "TR-ISK-01", null));
        ShipmentEmissions secondHalf = emissions("2026", goods("T2", "2026-07-01", "72081000", "TR", "1", "tr-isk-01", null));
        assertThat(firstHalf.method()).isEqualTo(EmissionMethod.ACTUAL);
        assertThat(firstHalf.seeDirect()).isEqualByComparingTo("1.85");
        assertThat(secondHalf.seeDirect()).as("the value valid on the date; ids ignore case").isEqualByComparingTo("1.80");
        assertThat(firstHalf.lineKey()).as("a changed value is a line of its own").isNotEqualTo(secondHalf.lineKey());

        ShipmentEmissions otherCode = emissions("2026", goods("T3", "2026-03-01", "72083600", "TR", "1", "TR-ISK-01", null));
        assertThat(otherCode.method()).isEqualTo(EmissionMethod.DEFAULT);
        assertThat(CalculationNote.INSTALLATION_HAS_NO_VALUE_FOR_CN_CODE.in(otherCode.notes())).isTrue();

        ShipmentEmissions headingMatch = emissions("2026", goods("I", "2026-03-01", "25232900", "IN", "1", "IN-CEM-07", null));
        assertThat(headingMatch.method()).as("a value for heading 2523 covers 25232900").isEqualTo(EmissionMethod.ACTUAL);

        ShipmentEmissions expired = emissions("2027", goods("A", "2027-01-05", "76011000", "CN", "1", "CN-AL-03", null));
        assertThat(expired.method()).isEqualTo(EmissionMethod.DEFAULT);
        assertThat(CalculationNote.INSTALLATION_VALUE_NOT_VALID_ON_DATE.in(expired.notes())).isTrue();

        ShipmentEmissions noInstallation = emissions("2026", goods("N", "2026-03-01", "72081000", "TR", "1"));
        assertThat(CalculationNote.NO_INSTALLATION.in(noInstallation.notes())).isTrue();
    }

    @Test
    void unverifiedActualValuesCountOnlyInTheTransitionalPeriod() {
        ShipmentEmissions definitive = emissions("2026", goods("C", "2026-02-01", "25231000", "TR", "10", "TR-ISK-01", "grey"));
        assertThat(definitive.method()).isEqualTo(EmissionMethod.DEFAULT);
        assertThat(CalculationNote.INSTALLATION_VALUE_NOT_VERIFIED.in(definitive.notes())).isTrue();

        ShipmentEmissions transitional = emissions("2025Q3", goods("C", "2025-08-01", "25231000", "TR", "10", "TR-ISK-01", null));
        assertThat(transitional.method()).isEqualTo(EmissionMethod.ACTUAL);
        assertThat(tonnes(transitional.embeddedGrams())).isEqualTo("8.400000");
    }

    @Test
    void anInstallationInAnotherCountryIsNotUsedForTheOrigin() {
        ShipmentEmissions e = emissions("2026", goods("X", "2026-02-01", "72081000", "CN", "1", "TR-ISK-01", null));
        assertThat(e.method()).isEqualTo(EmissionMethod.DEFAULT);
        assertThat(CalculationNote.INSTALLATION_IN_OTHER_COUNTRY.in(e.notes())).isTrue();
    }

    @Test
    void rejectsAnUnknownInstallationRatherThanFallingBackSilently() {
        Result result = calculator("2026").calculate(goods("U", "2026-02-01", "72081000", "TR", "1", "TR-NOPE", null));
        assertThat(result.reason()).isEqualTo(RejectReason.UNKNOWN_INSTALLATION);
        assertThat(result.toReject(goods("U", "2026-02-01", "72081000", "TR", "1", "TR-NOPE", null)).reasonCodes())
                .isEqualTo("UNKNOWN_INSTALLATION");

        Result noFile = new EmbeddedEmissionsCalculator(Fixtures.reference(), InstallationTable.empty(),
                ReportingPeriod.parse("2026")).calculate(goods("U", "2026-02-01", "72081000", "TR", "1", "TR-ISK-01", null));
        assertThat(noFile.message()).contains("no installations file was given");
    }

    @Test
    void variantsAreUsedOrTheHigherIsAssumedAndNoted() {
        ShipmentEmissions white = emissions("2026", goods("W", "2026-02-01", "25231000", "CN", "10", null, "white"));
        assertThat(white.variant()).isEqualTo("white");
        assertThat(tonnes(white.embeddedGrams())).isEqualTo("14.300000");
        ShipmentEmissions unknown = emissions("2026", goods("U", "2026-02-01", "25231000", "CN", "10"));
        assertThat(unknown.variant()).isEqualTo("grey");
        assertThat(CalculationNote.VARIANT_ASSUMED.in(unknown.notes())).isTrue();
        assertThat(tonnes(unknown.embeddedGrams())).isEqualTo("15.290000");
        assertThat(calculator("2026").calculate(goods("B", "2026-02-01", "25231000", "CN", "10", null, "beige")).reason())
                .isEqualTo(RejectReason.BAD_VARIANT);
    }

    @Test
    void fallbacksAndOldCodesAreNotedOnTheShipment() {
        ShipmentEmissions albania = emissions("2026", goods("A", "2026-02-01", "28141000", "AL", "100"));
        assertThat(CalculationNote.OTHER_COUNTRIES_DEFAULT.in(albania.notes())).isTrue();
        assertThat(tonnes(albania.embeddedGrams())).isEqualTo("316.130000"); // 3.13 × 1.01 × 100
        ShipmentEmissions oldCode = emissions("2026", goods("O", "2026-02-01", "76011000", "CN", "1"));
        assertThat(CalculationNote.CN_CODE_NOT_IN_CN_2026.in(oldCode.notes())).isTrue();
        Result urea = calculator("2026").calculate(goods("U", "2026-02-01", "31021000", "RU", "1"));
        assertThat(urea.reason()).isEqualTo(RejectReason.NO_DEFAULT_VALUE);
    }

    @Test
    void roundsEachShipmentOnceToTheGramHalfUp() {
        assertThat(EmbeddedEmissionsCalculator.grams(1, new java.math.BigDecimal("0.5"))).isEqualTo(1);
        assertThat(EmbeddedEmissionsCalculator.grams(1, new java.math.BigDecimal("0.4999999"))).isZero();
        assertThat(EmbeddedEmissionsCalculator.grams(3, new java.math.BigDecimal("0.5"))).isEqualTo(2);
    }
}
