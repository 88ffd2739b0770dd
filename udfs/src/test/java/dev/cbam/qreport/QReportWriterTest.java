package dev.cbam.qreport;

import static dev.cbam.testing.Fixtures.electricity;
import static dev.cbam.testing.Fixtures.goods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.testing.Fixtures;
import dev.cbam.testing.ReportFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QReportWriterTest {

    private static final QReportSchema SCHEMA = QReportSchema.fromClasspath();
    private static final QReportWriter WRITER = new QReportWriter(Fixtures.reference(), SCHEMA);
    private static final Party IMPORTER = new Party(ReportFixtures.IMPORTER.eori(), "Demo Stahlhandel GmbH",
            new Address("DE", null, "Duisburg", "Hafenstrasse", "12", "47119"));
    private static final QReportHeader HEADER = new QReportHeader(IMPORTER, null, "Erika Muster", "CBAM officer",
            "Duisburg", true, true, null, null, null);

    private static QReport write(ReportDocument report) {
        return WRITER.write(report, HEADER, ImportedQuantities.none(), Map.of());
    }

    private static int count(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">").matcher(xml);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void writesASchemaValidReportForASingleShipment() {
        ReportDocument report = ReportFixtures.report("2025Q4", goods("S1", "2025-11-03", "72081000", "CN", "12.5"));

        QReport q = write(report);

        SCHEMA.validate(q.xml());
        assertThat(q.goods()).isEqualTo(1);
        assertThat(q.emissionBlocks()).isEqualTo(1);
        assertThat(q.xml()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<QReport xmlns=\"" + QReportSchema.NAMESPACE + "\">")
                .contains("<ReportingPeriod>Q4</ReportingPeriod>", "<Year>2025</Year>",
                        "<IdentificationNumber>DE123456789012345</IdentificationNumber>", "<Role>01</Role>",
                        "<HsCode>720810</HsCode>", "<CnCode>72081000</CnCode>", "<Country>CN</Country>",
                        "<RequestedProc>40</RequestedProc>", "<NetMass>12.5</NetMass>", "<MeasurementUnit>01</MeasurementUnit>",
                        "<DeterminationType>02</DeterminationType>", "<ElectricitySource>SOE03</ElectricitySource>")
                .doesNotContain("<Importer>", "<Representative>")
                .endsWith("</QReport>\n");
        // China 7208 in IR 2025/2621: direct 3.186892655 (more decimals than dec16-7), rounded half up to seven.
        assertThat(q.xml()).contains("<SpecificEmbeddedEmissions>3.1868927</SpecificEmbeddedEmissions>");
        assertThat(count(q.xml(), "MeasurementUnit")).as("every measure names its unit").isEqualTo(5);
    }

    @Test
    void writesTheSameBytesForTheSameReport() {
        ReportDocument report = ReportFixtures.report("2025Q4", goods("S1", "2025-11-03", "72081000", "CN", "12.5"),
                goods("S2", "2025-10-03", "25232900", "TR", "40"));
        assertThat(write(report).xml()).isEqualTo(write(report).xml());
    }

    @Test
    void writesGoodsOfAllSixSectors() {
        ReportDocument report = ReportFixtures.report("2025Q3",
                goods("C1", "2025-07-01", "25231000", "TR", "100", null, "grey"),
                goods("F1", "2025-07-02", "31023090", "EG", "20"),
                goods("I1", "2025-07-03", "72081000", "IN", "30"),
                goods("A1", "2025-07-04", "76061100", "CN", "5.25"),
                goods("H1", "2025-07-05", "28041000", "UA", "0.5"),
                electricity("E1", "2025-07-06", "TR", "1200"));

        QReport q = write(report);

        assertThat(q.goods()).isEqualTo(6);
        for (String cn : List.of("25231000", "31023090", "72081000", "76061100", "28041000", "27160000")) {
            assertThat(q.xml()).contains("<CnCode>" + cn + "</CnCode>");
        }
        assertThat(count(q.xml(), "ImportedGood")).isEqualTo(6);
        assertThat(count(q.xml(), "ItemNumber")).isEqualTo(6);
    }

    @Test
    void writesElectricityInMegawattHoursWithItsEmissionFactor() {
        ReportDocument report = ReportFixtures.report("2025Q2", electricity("E1", "2025-05-06", "TR", "1200.5"));

        QReport q = write(report);

        // Annex III of IR 2025/2621: Türkiye 0.718 tCO2/MWh; 1200.5 MWh × 0.718 = 861.959 t.
        assertThat(q.xml()).contains("<SupplementaryUnits>1200.5</SupplementaryUnits>",
                "<MeasurementUnit>" + QReportCodes.UNIT_MWH + "</MeasurementUnit>",
                "<DeterminationTypeElectricity>02</DeterminationTypeElectricity>",
                "<EmissionFactor>0.718</EmissionFactor>", "<ElectricityImported>1200.5</ElectricityImported>",
                "<TotalEmbeddedElectricityImported>861.959</TotalEmbeddedElectricityImported>")
                .doesNotContain("<NetMass>", "<IndirectEmissions>");
    }

    @Test
    void writesOneEmissionBlockPerInstallationAndSaysWhichLackAnAddress() {
        StringBuilder csv = new StringBuilder("installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to\n");
        List<Shipment> shipments = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            csv.append("TR-").append(i).append(",Op ").append(i).append(",TR,72081000,1.").append(i).append(",0.2,true,,\n");
            shipments.add(goods("S" + i, "2025-08-0" + (1 + i % 9), "72081000", "TR", i + ".5", "TR-" + i, null));
        }
        shipments.add(goods("D1", "2025-08-01", "72081000", "TR", "3"));
        InstallationTable installations = Fixtures.installations(csv.toString());
        ReportDocument report = ReportFixtures.report("2025Q3", installations, shipments.toArray(new Shipment[0]));
        Map<String, InstallationDetails> details = Map.of("TR-1", new InstallationDetails("TR-1", "Iskenderun works",
                Address.of("TR", "Iskenderun"), "Hot rolling"));

        QReport q = WRITER.write(report, HEADER, ImportedQuantities.none(), details);

        assertThat(q.goods()).isEqualTo(1);
        assertThat(q.emissionBlocks()).isEqualTo(13);
        assertThat(count(q.xml(), "GoodsEmissions")).isEqualTo(13);
        assertThat(count(q.xml(), "DeterminationType")).as("12 actual, 1 default, direct and indirect each").isEqualTo(26);
        assertThat(q.xml()).contains("<InstallationName>Iskenderun works</InstallationName>",
                "<EstablishmentCountry>TR</EstablishmentCountry>", "<NetMass>87</NetMass>");
        assertThat(q.notes()).hasSize(11).allMatch(n -> n.contains("Installation block is left out"));
    }

    @Test
    void acceptsNineHundredNinetyNineEmissionBlocksForOneGood() {
        QReport q = write(ReportFixtures.report("2024Q1", installationLines(QReportWriter.MAX_EMISSION_BLOCKS_PER_GOOD)));

        assertThat(q.emissionBlocks()).isEqualTo(999);
        assertThat(q.xml()).contains("<SequenceNumber>999</SequenceNumber>");
    }

    @Test
    void refusesTheThousandthEmissionBlockOfAGoodRatherThanDroppingIt() {
        ReportDocument report = ReportFixtures.report("2024Q1", installationLines(1000));

        assertThatThrownBy(() -> write(report)).isInstanceOf(QReportException.class)
                .hasMessage("ImportedGood 72081000 from IN: 1000 GoodsEmissions blocks (one per installation or set of default "
                        + "values); the schema allows 999");
    }

    private static List<ReportLine> installationLines(int n) {
        List<ReportLine> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(ReportFixtures.actualLine("72081000", Sector.IRON_STEEL, "IN", String.format("IN-%04d", i), "1.5",
                    "1.9", "0.2"));
        }
        return lines;
    }

    @Test
    void refusesMoreGoodsThanTheSchemaAllows() {
        List<ReportLine> lines = new ArrayList<>();
        int n = 0;
        outer:
        for (char a = 'A'; a <= 'Z'; a++) {
            for (char b = 'A'; b <= 'Z'; b++) {
                for (int cn = 0; cn < 148; cn++) {
                    lines.add(ReportFixtures.actualLine(String.format("7208%04d", cn), Sector.IRON_STEEL, "" + a + b, "X", "1",
                            "1", "0"));
                    if (++n > QReportWriter.MAX_GOODS) {
                        break outer;
                    }
                }
            }
        }
        ReportDocument report = ReportFixtures.report("2024Q2", lines);

        assertThatThrownBy(() -> write(report)).isInstanceOf(QReportException.class)
                .hasMessageStartingWith("the report has 100000 goods (CN code and country of origin pairs); the QReport schema "
                        + "allows 99999 ImportedGood per report");
    }

    @Test
    void refusesAQuantityWiderThanTheSchemasDecimals() {
        ReportDocument report = ReportFixtures.report("2024Q2", List.of(ReportFixtures.actualLine("72081000",
                Sector.IRON_STEEL, "IN", "BIG", "10000000000", "1", "0")));

        assertThatThrownBy(() -> write(report)).isInstanceOf(QReportException.class)
                .hasMessageContaining("10000000000.000000 t has more than the ten integer digits the schema allows (dec16-6)");
    }

    @Test
    void refusesTheDefinitivePeriod() {
        ReportDocument report = ReportFixtures.report("2026", goods("S1", "2026-03-01", "72081000", "CN", "1"));

        assertThatThrownBy(() -> write(report)).isInstanceOf(QReportException.class)
                .hasMessageStartingWith("period 2026 is in the definitive period");
    }

    @Test
    void refusesARepresentativeWithTheImportersIdentificationNumber() {
        ReportDocument report = ReportFixtures.report("2025Q1", goods("S1", "2025-03-01", "72081000", "CN", "1"));
        QReportHeader header = new QReportHeader(IMPORTER, new Party(IMPORTER.identificationNumber(), "Zoll GmbH",
                Address.of("DE", "Hamburg")), "A", "B", "C", true, true, null, null, null);

        assertThatThrownBy(() -> WRITER.write(report, header, ImportedQuantities.none(), Map.of()))
                .isInstanceOf(QReportException.class)
                .hasMessageStartingWith("QReport Representative/IdentificationNumber: the indirect customs representative has "
                        + "the importer's identification number DE123456789012345");
    }

    @Test
    void namesTheRepresentativeAsDeclarantAndTheImporterInItsOwnBlock() {
        ReportDocument report = ReportFixtures.report("2025Q1", goods("S1", "2025-03-01", "72081000", "CN", "1"));
        Party representative = new Party("DE987654321", "Zoll GmbH", Address.of("DE", "Hamburg"));
        QReportHeader header = new QReportHeader(IMPORTER, representative, "A", "B", "C", true, true, "R-2025Q1",
                Instant.parse("2025-04-15T08:30:00.250Z"), "first report");

        String xml = WRITER.write(report, header, ImportedQuantities.none(), Map.of()).xml();

        assertThat(xml).contains("<SubmissionDate>2025-04-15T08:30:00Z</SubmissionDate>", "<ReportId>R-2025Q1</ReportId>",
                "<Role>02</Role>", "<Representative>\n    <IdentificationNumber>DE987654321</IdentificationNumber>",
                "<Importer>\n    <IdentificationNumber>DE123456789012345</IdentificationNumber>");
        assertThat(xml.indexOf("<Declarant>\n    <IdentificationNumber>DE987654321")).isPositive();
    }

    @Test
    void refusesAHeaderForAnotherImporter() {
        ReportDocument report = ReportFixtures.report("2025Q1", goods("S1", "2025-03-01", "72081000", "CN", "1"));
        QReportHeader header = new QReportHeader(new Party("FR1234", "Autre", Address.of("FR", "Lyon")), null, "A", "B",
                "C", true, true, null, null, null);

        assertThatThrownBy(() -> WRITER.write(report, header, ImportedQuantities.none(), Map.of()))
                .hasMessage("QReport header: importer FR1234 is not the importer of the report (DE123456789012345)");
    }

    @Test
    void refusesAnOverlongNameNamingTheElement() {
        ReportDocument report = ReportFixtures.report("2025Q1", goods("S1", "2025-03-01", "72081000", "CN", "1"));
        Party longName = new Party(IMPORTER.identificationNumber(), "N".repeat(71), IMPORTER.address());
        QReportHeader header = new QReportHeader(longName, null, "A", "B", "C", true, true, null, null, null);

        assertThatThrownBy(() -> WRITER.write(report, header, ImportedQuantities.none(), Map.of()))
                .isInstanceOf(QReportException.class)
                .hasMessageStartingWith("QReport/Declarant/Name: cvc-maxLength-valid")
                .hasMessageNotContaining("\n");
    }

    @Test
    void refusesAMissingCityNamingTheElement() {
        ReportDocument report = ReportFixtures.report("2025Q1", goods("S1", "2025-03-01", "72081000", "CN", "1"));
        Party noCity = new Party(IMPORTER.identificationNumber(), "Name", new Address("DE", null, null, null, null, null));
        QReportHeader header = new QReportHeader(noCity, null, "A", "B", "C", true, true, null, null, null);

        assertThatThrownBy(() -> WRITER.write(report, header, ImportedQuantities.none(), Map.of()))
                .hasMessageStartingWith("QReport/Declarant/ActorAddress/City: cvc-minLength-valid");
    }

    @Test
    void reportsQuantitiesByCustomsProcedure() {
        List<ShipmentEmissions> emissions = ReportFixtures.emissions("2025Q4", InstallationTable.empty(),
                withProcedure(goods("S1", "2025-10-01", "72081000", "CN", "10"), "4000"),
                withProcedure(goods("S2", "2025-10-02", "72081000", "CN", "2.5"), "4051"),
                withProcedure(goods("S3", "2025-10-03", "72081000", "CN", "1"), "40 51"));
        ImportedQuantities quantities = ImportedQuantities.none();
        for (ShipmentEmissions e : emissions) {
            quantities.add(e, 1);
        }
        ReportDocument report = ReportFixtures.report("2025Q4", ReportFixtures.lines(emissions));

        String xml = WRITER.write(report, HEADER, quantities, Map.of()).xml();

        assertThat(count(xml, "ImportedQuantity")).isEqualTo(2);
        assertThat(xml).contains("<RequestedProc>40</RequestedProc>\n        <PreviousProc>51</PreviousProc>",
                "<NetMass>3.5</NetMass>", "<NetMass>10</NetMass>", "<NetMass>13.5</NetMass>");
    }

    @Test
    void refusesACustomsProcedureOutsideTheCodeList() {
        assertThatThrownBy(() -> CustomsProcedure.parse("7100")).isInstanceOf(QReportException.class)
                .hasMessageStartingWith("customs procedure '71' is not a requested procedure of the CBAM code list");
        assertThatThrownBy(() -> CustomsProcedure.parse("IM-A")).hasMessageContaining("neither a two-digit procedure");
        assertThat(CustomsProcedure.parse(null)).isEqualTo(CustomsProcedure.DEFAULT);
        assertThat(CustomsProcedure.parse("4200")).isEqualTo(new CustomsProcedure("42", null));
    }

    @Test
    void refusesProcedureQuantitiesThatDoNotAddUpToTheLine() {
        List<ShipmentEmissions> emissions = ReportFixtures.emissions("2025Q4", InstallationTable.empty(),
                goods("S1", "2025-10-01", "72081000", "CN", "10"));
        ImportedQuantities quantities = ImportedQuantities.none()
                .add(emissions.get(0).lineKey(), CustomsProcedure.DEFAULT, 9_000_000);
        ReportDocument report = ReportFixtures.report("2025Q4", ReportFixtures.lines(emissions));

        assertThatThrownBy(() -> WRITER.write(report, HEADER, quantities, Map.of()))
                .hasMessageEndingWith("its quantities by customs procedure add up to 9000000, the line has 10000000 (g)");
    }

    @Test
    void refusesMoreThanNineCustomsProceduresForOneGood() {
        List<ShipmentEmissions> emissions = ReportFixtures.emissions("2025Q4", InstallationTable.empty(),
                goods("S1", "2025-10-01", "72081000", "CN", "10"));
        String key = emissions.get(0).lineKey();
        ImportedQuantities quantities = ImportedQuantities.none();
        String[] requested = {"01", "07", "40", "42", "43", "44", "45", "46", "48"};
        for (String r : requested) {
            quantities.add(key, new CustomsProcedure(r, null), 1_000_000);
        }
        quantities.add(key, new CustomsProcedure("40", "51"), 1_000_000);
        ReportDocument report = ReportFixtures.report("2025Q4", ReportFixtures.lines(emissions));

        assertThatThrownBy(() -> WRITER.write(report, HEADER, quantities, Map.of()))
                .hasMessage("ImportedGood 72081000 from CN: 10 customs procedures; the schema allows 9 ImportedQuantity");
    }

    @Test
    void refusesADocumentThatBreaksTheSchemaWithTheElementsPath() {
        String xml = "<?xml version=\"1.0\"?><QReport xmlns=\"" + QReportSchema.NAMESPACE + "\"><ReportingPeriod>Q5x</ReportingPeriod></QReport>";

        assertThatThrownBy(() -> SCHEMA.validate(xml)).isInstanceOf(QReportException.class)
                .hasMessageStartingWith("QReport/ReportingPeriod: cvc-maxLength-valid");
    }

    private static Shipment withProcedure(Shipment s, String procedure) {
        return new Shipment(s.shipmentId(), s.importDate(), s.cnCode(), s.sector(), s.originCountry(), s.netMassGrams(),
                s.quantityWattHours(), s.installationId(), s.productVariant(), procedure, s.sourceFile(), s.sourceLine(),
                s.rawText());
    }
}
