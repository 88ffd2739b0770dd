package dev.cbam.qreport;

import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.reference.CnNomenclature;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the quarterly CBAM report of the transitional period (2023Q4 to 2025Q4; Art 35 of Reg (EU)
 * 2023/956, Implementing Regulation (EU) 2023/1773) as the Transitional Registry's QReport XML, version 23.00.
 *
 * <p>One ImportedGood per CN code and country of origin; under it one ImportedQuantity per customs procedure
 * and one GoodsEmissions block per report line (an installation's actual values, or one set of default
 * values). The schema's limits are checked before anything is written and a report over a limit is refused,
 * never cut short. Every document is validated against the XSD before it is returned.
 *
 * <p>Precision: quantities are written exactly (tonnes or MWh with six decimals, i.e. grams and watt-hours);
 * specific embedded emissions are rounded half up to the seven decimals the schema allows (dec16-7), which
 * only touches default values published with more decimals.
 */
public final class QReportWriter {

    /** ImportedGood maxOccurs of QReport_ver23.00.xsd. */
    public static final int MAX_GOODS = 99_999;
    /** GoodsEmissions maxOccurs per ImportedGood. */
    public static final int MAX_EMISSION_BLOCKS_PER_GOOD = 999;
    /** ImportedQuantity maxOccurs per ImportedGood. */
    public static final int MAX_PROCEDURES_PER_GOOD = 9;
    /** RemarksEmissions maxOccurs per GoodsEmissions. */
    private static final int MAX_REMARKS_PER_BLOCK = 9;
    private static final int SEE_DECIMALS = 7;
    /** dec16-6 leaves ten digits before the point; grams (six decimals) must stay below 10^16. */
    private static final long MAX_QUANTITY_MICRO_UNITS = 10_000_000_000_000_000L;
    /** dec16-7 leaves nine digits before the point. */
    private static final BigDecimal MAX_SEE = new BigDecimal("1000000000");
    private static final int MAX_TEXT = 512;
    private static final DateTimeFormatter SUBMISSION_DATE = DateTimeFormatter.ISO_INSTANT;

    private final CnNomenclature nomenclature;
    private final QReportSchema schema;

    public QReportWriter(ReferenceData reference) {
        this(reference, QReportSchema.fromClasspath());
    }

    public QReportWriter(ReferenceData reference, QReportSchema schema) {
        this.nomenclature = reference.nomenclature();
        this.schema = schema;
    }

    /**
     * Writes and validates the QReport of a transitional quarter.
     *
     * @param report the report lines of the quarter
     * @param header declarant, importer, representative and signature
     * @param quantities the lines' quantities by customs procedure ({@link ImportedQuantities#none()} reports
     *     every line under the default procedure)
     * @param installations name and address of installations, by installation id; an installation without an
     *     entry is reported without its Installation block and the result says so
     * @throws QReportException when the report cannot be written (definitive period, header that the registry
     *     would reject, a schema limit exceeded, a value the schema does not accept); the message names the
     *     element or the good and the problem
     */
    public QReport write(ReportDocument report, QReportHeader header, ImportedQuantities quantities,
            Map<String, InstallationDetails> installations) {
        ReportingPeriod period = report.period();
        if (period.definitive()) {
            throw new QReportException("period " + period.label() + " is in the definitive period: from 2026 the annual CBAM "
                    + "declaration replaces the quarterly report");
        }
        checkHeader(report, header);
        List<List<ReportLine>> goods = goods(report.lines());
        if (goods.isEmpty()) {
            throw new QReportException("the report of " + period.label() + " has no goods; a QReport needs at least one "
                    + "ImportedGood (a quarter without CBAM imports needs no report)");
        }
        if (goods.size() > MAX_GOODS) {
            throw new QReportException("the report has " + goods.size() + " goods (CN code and country of origin pairs); "
                    + "the QReport schema allows " + MAX_GOODS + " ImportedGood per report");
        }
        List<Map<CustomsProcedure, Long>> procedures = new ArrayList<>(goods.size());
        int blocks = 0;
        for (List<ReportLine> good : goods) {
            ReportLine first = good.get(0);
            if (good.size() > MAX_EMISSION_BLOCKS_PER_GOOD) {
                throw new QReportException("ImportedGood " + first.cnCode() + " from " + first.originCountry() + ": "
                        + good.size() + " GoodsEmissions blocks (one per installation or set of default values); the "
                        + "schema allows " + MAX_EMISSION_BLOCKS_PER_GOOD);
            }
            procedures.add(procedures(good, quantities));
            blocks += good.size();
        }
        List<String> notes = new ArrayList<>();
        String xml = render(period, header, goods, procedures, installations, notes);
        schema.validate(xml);
        return new QReport(xml, goods.size(), blocks, notes);
    }

    /** The registry's rejection causes that the schema cannot see. */
    private static void checkHeader(ReportDocument report, QReportHeader header) {
        if (header.importer() == null || header.importer().identificationNumber() == null) {
            throw new QReportException("QReport header: the importer and its EORI number are required");
        }
        String eori = header.importer().identificationNumber();
        if (!eori.equals(report.importer().eori())) {
            throw new QReportException("QReport header: importer " + eori + " is not the importer of the report ("
                    + report.importer().eori() + ")");
        }
        Party representative = header.representative();
        if (representative != null && eori.equalsIgnoreCase(representative.identificationNumber())) {
            throw new QReportException("QReport Representative/IdentificationNumber: the indirect customs representative has "
                    + "the importer's identification number " + eori + "; the registry requires them to differ (leave the "
                    + "representative out when the importer reports itself)");
        }
    }

    /** The lines grouped by CN code and country of origin, in the report's order. */
    private static List<List<ReportLine>> goods(List<ReportLine> lines) {
        List<List<ReportLine>> goods = new ArrayList<>();
        List<ReportLine> current = null;
        for (ReportLine line : lines) {
            if (current == null || !current.get(0).cnCode().equals(line.cnCode())
                    || !current.get(0).originCountry().equals(line.originCountry())) {
                current = new ArrayList<>();
                goods.add(current);
            }
            current.add(line);
        }
        return goods;
    }

    private static Map<CustomsProcedure, Long> procedures(List<ReportLine> good, ImportedQuantities quantities) {
        Map<CustomsProcedure, Long> total = new TreeMap<>();
        for (ReportLine line : good) {
            long quantity = quantity(line);
            Map<CustomsProcedure, Long> byProcedure = quantities.of(line.lineKey());
            if (byProcedure.isEmpty()) {
                total.merge(CustomsProcedure.DEFAULT, quantity, Math::addExact);
                continue;
            }
            long sum = 0;
            for (Map.Entry<CustomsProcedure, Long> e : byProcedure.entrySet()) {
                if (e.getValue() < 0) {
                    throw new QReportException("line " + line.lineKey() + ": negative quantity under customs procedure "
                            + e.getKey().requested());
                }
                sum = Math.addExact(sum, e.getValue());
                total.merge(e.getKey(), e.getValue(), Math::addExact);
            }
            if (sum != quantity) {
                throw new QReportException("line " + line.lineKey() + ": its quantities by customs procedure add up to " + sum
                        + ", the line has " + quantity + " (" + unitName(line) + ")");
            }
        }
        total.values().removeIf(q -> q == 0);
        if (total.size() > MAX_PROCEDURES_PER_GOOD) {
            ReportLine first = good.get(0);
            throw new QReportException("ImportedGood " + first.cnCode() + " from " + first.originCountry() + ": "
                    + total.size() + " customs procedures; the schema allows " + MAX_PROCEDURES_PER_GOOD + " ImportedQuantity");
        }
        return total;
    }

    private String render(ReportingPeriod period, QReportHeader header, List<List<ReportLine>> goods,
            List<Map<CustomsProcedure, Long>> procedures, Map<String, InstallationDetails> installations,
            List<String> notes) {
        StringWriter text = new StringWriter();
        try {
            Xml x = new Xml(XMLOutputFactory.newFactory().createXMLStreamWriter(text));
            x.out.writeStartDocument("UTF-8", "1.0");
            x.out.setDefaultNamespace(QReportSchema.NAMESPACE);
            x.start("QReport");
            x.out.writeDefaultNamespace(QReportSchema.NAMESPACE);
            if (header.submissionDate() != null) {
                x.leaf("SubmissionDate", SUBMISSION_DATE.format(header.submissionDate().truncatedTo(ChronoUnit.SECONDS)));
            }
            x.optional("ReportId", header.reportId());
            x.leaf("ReportingPeriod", "Q" + period.quarter());
            x.leaf("Year", Integer.toString(period.year()));
            Party declarant = header.declarant();
            x.start("Declarant");
            x.leaf("IdentificationNumber", declarant.identificationNumber());
            x.leaf("Name", declarant.name());
            x.leaf("Role", header.role());
            x.start("ActorAddress");
            Address a = declarant.address();
            x.optional("SubDivision", a.subDivision());
            x.leaf("City", a.city());
            x.optional("Street", a.street());
            x.optional("Number", a.number());
            x.optional("Postcode", a.postcode());
            x.end();
            x.end();
            if (header.representative() != null) {
                party(x, "Representative", "RepresentativeAddress", header.representative());
                party(x, "Importer", "ImporterAddress", header.importer());
            }
            x.start("Signatures");
            x.start("ReportConfirmation");
            x.leaf("GlobalDataConfirmation", Boolean.toString(header.globalDataConfirmation()));
            x.leaf("UseOfDataConfirmation", Boolean.toString(header.useOfDataConfirmation()));
            x.leaf("SignaturePlace", header.signaturePlace());
            x.leaf("Signature", header.signatory());
            x.leaf("PositionOfPersonSending", header.signatoryPosition());
            x.end();
            x.end();
            if (header.remarks() != null) {
                x.start("Remarks");
                x.leaf("AdditionalInformation", header.remarks());
                x.end();
            }
            for (int i = 0; i < goods.size(); i++) {
                importedGood(x, i + 1, goods.get(i), procedures.get(i), installations, notes);
            }
            x.end();
            x.out.writeEndDocument();
            x.out.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write QReport: " + e.getMessage(), e);
        }
        return text + "\n";
    }

    private static void party(Xml x, String element, String addressElement, Party party) throws XMLStreamException {
        x.start(element);
        x.leaf("IdentificationNumber", party.identificationNumber());
        x.leaf("Name", party.name());
        address(x, addressElement, "Country", party.address());
        x.end();
    }

    private static void address(Xml x, String element, String countryElement, Address a) throws XMLStreamException {
        x.start(element);
        x.leaf(countryElement, a.country());
        x.optional("SubDivision", a.subDivision());
        x.leaf("City", a.city());
        x.optional("Street", a.street());
        x.optional("Number", a.number());
        x.optional("Postcode", a.postcode());
        x.end();
    }

    private void importedGood(Xml x, int itemNumber, List<ReportLine> good, Map<CustomsProcedure, Long> procedures,
            Map<String, InstallationDetails> installations, List<String> notes) throws XMLStreamException {
        ReportLine first = good.get(0);
        boolean electricity = first.sector() == Sector.ELECTRICITY;
        x.start("ImportedGood");
        x.leaf("ItemNumber", Integer.toString(itemNumber));
        x.start("CommodityCode");
        x.leaf("HsCode", first.cnCode().substring(0, 6));
        x.leaf("CnCode", first.cnCode());
        x.start("CommodityDetails");
        CnNomenclature.Entry entry = nomenclature.get(first.cnCode());
        // The description is optional; one longer than the schema allows is left out rather than cut.
        if (entry != null && !entry.description().isEmpty() && entry.description().length() <= MAX_TEXT) {
            x.leaf("Description", entry.description());
        }
        x.end();
        x.end();
        x.start("OriginCountry");
        x.leaf("Country", first.originCountry());
        x.end();
        int sequence = 0;
        for (Map.Entry<CustomsProcedure, Long> p : procedures.entrySet()) {
            x.start("ImportedQuantity");
            x.leaf("SequenceNumber", Integer.toString(++sequence));
            x.start("Procedure");
            x.leaf("RequestedProc", p.getKey().requested());
            x.optional("PreviousProc", p.getKey().previous());
            x.end();
            x.start("ImportArea");
            x.leaf("ImportArea", QReportCodes.IMPORT_AREA_EU);
            x.end();
            x.start("MeasureProcedureImported");
            x.leaf("Indicator", QReportCodes.INDICATOR_NOT_PROCESSED);
            quantity(x, electricity, p.getValue(), "ImportedQuantity " + sequence + " of " + first.cnCode());
            x.end();
            x.end();
        }
        long total = 0;
        for (ReportLine line : good) {
            total = Math.addExact(total, quantity(line));
        }
        x.start("MeasureImported");
        quantity(x, electricity, total, "MeasureImported of " + first.cnCode() + " from " + first.originCountry());
        x.end();
        int block = 0;
        for (ReportLine line : good) {
            goodsEmissions(x, ++block, line, electricity, installations, notes);
        }
        x.end();
    }

    private static void goodsEmissions(Xml x, int sequence, ReportLine line, boolean electricity,
            Map<String, InstallationDetails> installations, List<String> notes) throws XMLStreamException {
        boolean actual = line.method() == EmissionMethod.ACTUAL;
        x.start("GoodsEmissions");
        x.leaf("SequenceNumber", Integer.toString(sequence));
        x.leaf("ProductionCountry", line.originCountry());
        if (actual) {
            InstallationDetails details = installation(installations, line.installationId());
            if (details == null) {
                notes.add("installation " + line.installationId() + " (" + line.cnCode() + " from " + line.originCountry()
                        + "): no name and address given, so its Installation block is left out");
            } else {
                installationBlock(x, details, line);
            }
        }
        x.start("ProducedMeasure");
        quantity(x, electricity, quantity(line), "ProducedMeasure of line " + line.lineKey());
        x.end();
        String what = "line " + line.lineKey();
        if (electricity) {
            BigDecimal factor = see(line.seeDirect(), what);
            x.start("DirectEmissions");
            x.leaf("DeterminationTypeElectricity", actual ? QReportCodes.ELECTRICITY_ACTUAL
                    : QReportCodes.ELECTRICITY_OTHER_INCLUDING_DEFAULT);
            x.leaf("ApplicableReportingTypeMethodology", QReportCodes.METHODOLOGY_COMMISSION_RULES);
            x.leaf("SpecificEmbeddedEmissions", plain(factor));
            x.leaf("EmissionFactor", plain(factor));
            x.leaf("ElectricityImported", plain(BigDecimal.valueOf(line.quantityWattHours(), 6)));
            x.leaf("TotalEmbeddedElectricityImported", plain(BigDecimal.valueOf(line.directGrams(), 6)));
            x.leaf("MeasurementUnit", QReportCodes.EMISSIONS_PER_MWH);
            x.end();
        } else {
            String determination = actual ? QReportCodes.DETERMINATION_ACTUAL : QReportCodes.DETERMINATION_DEFAULT;
            x.start("DirectEmissions");
            x.leaf("DeterminationType", determination);
            x.leaf("ApplicableReportingTypeMethodology", QReportCodes.METHODOLOGY_COMMISSION_RULES);
            x.leaf("SpecificEmbeddedEmissions", plain(see(line.seeDirect(), what)));
            x.leaf("MeasurementUnit", QReportCodes.EMISSIONS_PER_TONNE);
            x.end();
            x.start("IndirectEmissions");
            x.leaf("DeterminationType", determination);
            x.leaf("SpecificEmbeddedEmissions", plain(see(line.seeIndirect(), what)));
            x.leaf("MeasurementUnit", QReportCodes.EMISSIONS_PER_TONNE);
            // Neither the installations file nor the default values say where the electricity came from; the
            // default values of indirect emissions are grid factors, so the grid is the source stated.
            x.leaf("ElectricitySource", QReportCodes.ELECTRICITY_FROM_GRID);
            x.end();
        }
        List<String> remarks = new ArrayList<>();
        remarks.add(line.factorSource());
        for (CalculationNote note : CalculationNote.values()) {
            long count = line.count(note);
            if (count != 0) {
                remarks.add(note.name() + " (" + count + " shipment" + (count == 1 ? "" : "s") + "): " + note.message());
            }
        }
        if (remarks.size() > MAX_REMARKS_PER_BLOCK) {
            throw new QReportException(what + ": " + remarks.size() + " remarks; the schema allows " + MAX_REMARKS_PER_BLOCK
                    + " RemarksEmissions");
        }
        int r = 0;
        for (String remark : remarks) {
            if (remark.length() > MAX_TEXT) {
                throw new QReportException(what + ": remark longer than " + MAX_TEXT + " characters: " + remark);
            }
            x.start("RemarksEmissions");
            x.leaf("SequenceNumber", Integer.toString(++r));
            x.leaf("AdditionalInformation", remark);
            x.end();
        }
        x.end();
    }

    private static InstallationDetails installation(Map<String, InstallationDetails> installations, String id) {
        InstallationDetails details = installations.get(id);
        if (details == null) {
            for (Map.Entry<String, InstallationDetails> e : installations.entrySet()) {
                if (e.getKey().equalsIgnoreCase(id)) {
                    return e.getValue();
                }
            }
        }
        return details;
    }

    private static void installationBlock(Xml x, InstallationDetails details, ReportLine line) throws XMLStreamException {
        Address a = details.address();
        if (a == null || !line.originCountry().equals(a.country())) {
            throw new QReportException("installation " + details.installationId() + ": its address is in "
                    + (a == null ? "no country" : a.country()) + ", but its goods " + line.cnCode() + " are reported with origin "
                    + line.originCountry());
        }
        x.start("Installation");
        x.leaf("InstallationId", line.installationId());
        x.leaf("InstallationName", details.name());
        x.optional("EconomicActivity", details.economicActivity());
        address(x, "Address", "EstablishmentCountry", a);
        x.end();
    }

    /** Writes a quantity: net mass in tonnes, or electricity in MWh as supplementary units. */
    private static void quantity(Xml x, boolean electricity, long microUnits, String what) throws XMLStreamException {
        if (microUnits >= MAX_QUANTITY_MICRO_UNITS) {
            throw new QReportException(what + ": " + BigDecimal.valueOf(microUnits, 6).toPlainString()
                    + (electricity ? " MWh" : " t") + " has more than the ten integer digits the schema allows (dec16-6)");
        }
        x.leaf(electricity ? "SupplementaryUnits" : "NetMass", plain(BigDecimal.valueOf(microUnits, 6)));
        x.leaf("MeasurementUnit", electricity ? QReportCodes.UNIT_MWH : QReportCodes.UNIT_TONNES);
    }

    private static long quantity(ReportLine line) {
        return line.sector() == Sector.ELECTRICITY ? line.quantityWattHours() : line.netMassGrams();
    }

    private static String unitName(ReportLine line) {
        return line.sector() == Sector.ELECTRICITY ? "Wh" : "g";
    }

    /** A specific emission rounded to the schema's seven decimals, refused when too large. */
    private static BigDecimal see(BigDecimal value, String what) {
        BigDecimal rounded = value.setScale(SEE_DECIMALS, RoundingMode.HALF_UP);
        if (rounded.abs().compareTo(MAX_SEE) >= 0) {
            throw new QReportException(what + ": specific embedded emissions " + value.toPlainString()
                    + " have more than the nine integer digits the schema allows (dec16-7)");
        }
        return rounded;
    }

    private static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    /** An indenting writer: one element per line, two spaces per level. */
    private static final class Xml {
        private final XMLStreamWriter out;
        private int depth;

        Xml(XMLStreamWriter out) {
            this.out = out;
        }

        void start(String name) throws XMLStreamException {
            indent();
            out.writeStartElement(QReportSchema.NAMESPACE, name);
            depth++;
        }

        void end() throws XMLStreamException {
            depth--;
            indent();
            out.writeEndElement();
        }

        void leaf(String name, String value) throws XMLStreamException {
            indent();
            out.writeStartElement(QReportSchema.NAMESPACE, name);
            // A missing required value is written empty: the schema then names the element (minLength 1).
            out.writeCharacters(value == null ? "" : value.strip());
            out.writeEndElement();
        }

        void optional(String name, String value) throws XMLStreamException {
            if (value != null && !value.isBlank()) {
                leaf(name, value);
            }
        }

        private void indent() throws XMLStreamException {
            out.writeCharacters("\n" + "  ".repeat(depth));
        }
    }
}
