package dev.cbam.report.validation;

import dev.cbam.declaration.DeMinimis;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.reference.CnCode;
import dev.cbam.reference.Country;
import dev.cbam.reference.CountryTable;
import dev.cbam.reference.CnScope;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportTotals;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.Tonnes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs the {@link ReportRule}s on a report: one {@link RuleResult} per rule, in the rules' order, an
 * {@link Severity#INFO} result when the rule holds. Nothing here stops a run; the job decides what an error
 * means for its outputs.
 */
public final class ReportChecks {

    /**
     * EORI number (defined in Art 1(18) of Delegated Reg (EU) 2015/2446): the ISO code of the issuing country, then up
     * to 15 capital letters or digits, 17 characters at most (as the QReport's {@code an..17} also allows).
     */
    public static final Pattern EORI = Pattern.compile("^[A-Z]{2}[A-Z0-9]{1,15}$");

    private static final int LISTED = 5;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final CnScope scope;
    private final CountryTable countries;

    public ReportChecks(ReferenceData reference) {
        this.scope = reference.scope();
        this.countries = reference.countries();
    }

    /** The results of every rule, in {@link ReportRule} order. */
    public List<RuleResult> run(ReportCheckInput input) {
        ReportDocument report = input.report();
        List<RuleResult> results = new ArrayList<>(ReportRule.values().length);
        ReportTotals lines = ReportTotals.of(report.lines());
        results.add(totals(input.statedTotals(), lines));
        results.add(mass(input.accepted(), lines));
        results.add(emissions(input.accepted(), lines));
        results.add(cnCodes(report.lines()));
        results.add(origins(report.lines()));
        results.add(period(report.period(), input.accepted(), !report.lines().isEmpty()));
        results.add(eori(report.importer().eori()));
        results.add(deMinimis(report, input.deMinimis()));
        results.add(defaultShare(report.lines(), input.statedDefaultValueShare()));
        return results;
    }

    /** True when no result is an error. */
    public static boolean passes(List<RuleResult> results) {
        for (RuleResult r : results) {
            if (r.severity() == Severity.ERROR) {
                return false;
            }
        }
        return true;
    }

    private static RuleResult totals(ReportTotals stated, ReportTotals lines) {
        List<String> differences = new ArrayList<>();
        compare(differences, "shipments", stated.shipments(), lines.shipments(), false);
        compare(differences, "net mass t", stated.netMassGrams(), lines.netMassGrams(), true);
        compare(differences, "electricity MWh", stated.quantityWattHours(), lines.quantityWattHours(), true);
        compare(differences, "direct tCO2e", stated.directGrams(), lines.directGrams(), true);
        compare(differences, "indirect tCO2e", stated.indirectGrams(), lines.indirectGrams(), true);
        compare(differences, "embedded tCO2e", stated.embeddedGrams(), lines.embeddedGrams(), true);
        return differences.isEmpty()
                ? RuleResult.of(ReportRule.TOTALS_EQUAL_LINES, Severity.INFO, "stated totals equal the sum of the "
                        + "lines exactly")
                : RuleResult.of(ReportRule.TOTALS_EQUAL_LINES, Severity.ERROR, "stated totals differ from the sum of the "
                        + "lines: " + String.join("; ", differences));
    }

    private static RuleResult mass(AcceptedShipments accepted, ReportTotals lines) {
        List<String> differences = new ArrayList<>();
        compare(differences, "shipments", accepted.shipments(), lines.shipments(), false);
        compare(differences, "net mass t", accepted.netMassGrams(), lines.netMassGrams(), true);
        compare(differences, "electricity MWh", accepted.quantityWattHours(), lines.quantityWattHours(), true);
        return differences.isEmpty()
                ? RuleResult.of(ReportRule.MASS_RECONCILES_WITH_SHIPMENTS, Severity.INFO, lines.shipments()
                        + " accepted shipments, " + Tonnes.fromGrams(lines.netMassGrams()).toPlainString() + " t and "
                        + Tonnes.mwhFromWattHours(lines.quantityWattHours()).toPlainString() + " MWh, all in the lines")
                : RuleResult.of(ReportRule.MASS_RECONCILES_WITH_SHIPMENTS, Severity.ERROR, "lines and accepted shipments "
                        + "differ (accepted vs lines): " + String.join("; ", differences));
    }

    private static RuleResult emissions(AcceptedShipments accepted, ReportTotals lines) {
        List<String> differences = new ArrayList<>();
        compare(differences, "direct tCO2e", accepted.directGrams(), lines.directGrams(), true);
        compare(differences, "indirect tCO2e", accepted.indirectGrams(), lines.indirectGrams(), true);
        compare(differences, "embedded tCO2e", accepted.embeddedGrams(), lines.embeddedGrams(), true);
        return differences.isEmpty()
                ? RuleResult.of(ReportRule.EMISSIONS_RECONCILE_WITH_SHIPMENTS, Severity.INFO, "embedded emissions "
                        + Tonnes.fromGrams(lines.embeddedGrams()).toPlainString() + " tCO2e equal those of the accepted shipments")
                : RuleResult.of(ReportRule.EMISSIONS_RECONCILE_WITH_SHIPMENTS, Severity.ERROR, "lines and accepted "
                        + "shipments differ (accepted vs lines): " + String.join("; ", differences));
    }

    private static void compare(List<String> differences, String what, long expected, long actual, boolean micro) {
        if (expected != actual) {
            differences.add(what + " " + (micro ? BigDecimal.valueOf(expected, 6).toPlainString() : Long.toString(expected))
                    + " vs " + (micro ? BigDecimal.valueOf(actual, 6).toPlainString() : Long.toString(actual)));
        }
    }

    private RuleResult cnCodes(List<ReportLine> lines) {
        Set<String> bad = new TreeSet<>();
        for (ReportLine line : lines) {
            Sector sector = CnCode.isNormalised(line.cnCode()) ? scope.sectorOf(line.cnCode()) : null;
            if (sector == null) {
                bad.add(line.cnCode() + " (not a CBAM good of Annex I)");
            } else if (sector != line.sector()) {
                bad.add(line.cnCode() + " (Annex I sector " + sector.id() + ", line says " + line.sector().id() + ")");
            }
        }
        return bad.isEmpty()
                ? RuleResult.of(ReportRule.CN_CODES_IN_SCOPE, Severity.INFO, "every CN code is a CBAM good of Annex I")
                : RuleResult.of(ReportRule.CN_CODES_IN_SCOPE, Severity.ERROR, bad.size() + " CN code(s) out of scope: "
                        + first(bad));
    }

    private RuleResult origins(List<ReportLine> lines) {
        Set<String> bad = new TreeSet<>();
        for (ReportLine line : lines) {
            Country country = countries.byCode(line.originCountry());
            if (country == null) {
                bad.add(line.originCountry() + " (not an ISO 3166-1 code)");
            } else if (country.status() == Country.Status.EU_MEMBER_STATE) {
                bad.add(line.originCountry() + " (EU Member State: not an import)");
            } else if (country.status() == Country.Status.OUTSIDE_CBAM) {
                bad.add(line.originCountry() + " (Annex III: outside CBAM)");
            }
        }
        return bad.isEmpty()
                ? RuleResult.of(ReportRule.ORIGIN_OUTSIDE_EU, Severity.INFO, "every country of origin is a third country "
                        + "under CBAM")
                : RuleResult.of(ReportRule.ORIGIN_OUTSIDE_EU, Severity.ERROR, bad.size() + " country(ies) of origin not "
                        + "CBAM imports: " + first(bad));
    }

    private static RuleResult period(ReportingPeriod period, AcceptedShipments accepted, boolean hasLines) {
        if (accepted.firstImportDate() == null || accepted.lastImportDate() == null) {
            return hasLines
                    ? RuleResult.of(ReportRule.PERIOD_MATCHES_IMPORT_DATES, Severity.WARNING, "the report has lines but no "
                            + "import dates were given to check against period " + period.label())
                    : RuleResult.of(ReportRule.PERIOD_MATCHES_IMPORT_DATES, Severity.INFO, "no shipments in period "
                            + period.label());
        }
        if (!period.contains(accepted.firstImportDate()) || !period.contains(accepted.lastImportDate())) {
            return RuleResult.of(ReportRule.PERIOD_MATCHES_IMPORT_DATES, Severity.ERROR, "import dates "
                    + accepted.firstImportDate() + " to " + accepted.lastImportDate() + " are not all within period "
                    + period.label() + " (" + period.firstDay() + " to " + period.lastDay() + ")");
        }
        return RuleResult.of(ReportRule.PERIOD_MATCHES_IMPORT_DATES, Severity.INFO, "import dates "
                + accepted.firstImportDate() + " to " + accepted.lastImportDate() + " lie within " + period.label());
    }

    private static RuleResult eori(String eori) {
        return eori != null && EORI.matcher(eori).matches()
                ? RuleResult.of(ReportRule.IMPORTER_EORI_FORMAT, Severity.INFO, "EORI " + eori + " has the EORI format")
                : RuleResult.of(ReportRule.IMPORTER_EORI_FORMAT, Severity.ERROR, "importer EORI '" + eori + "' is not two "
                        + "letters followed by 1 to 15 capital letters or digits");
    }

    private static RuleResult deMinimis(ReportDocument report, DeMinimis stated) {
        if (!report.period().definitive()) {
            return RuleResult.of(ReportRule.DE_MINIMIS_DECISION_STATED, Severity.INFO, "transitional period "
                    + report.period().label() + ": the de minimis exemption of Art 2a applies from 2026");
        }
        if (stated == null) {
            return RuleResult.of(ReportRule.DE_MINIMIS_DECISION_STATED, Severity.ERROR, "the declaration of "
                    + report.period().label() + " states no de minimis decision (Art 2a of Reg (EU) 2023/956)");
        }
        DeMinimis fromLines = DeMinimis.of(report.lines());
        if (!fromLines.equals(stated)) {
            return RuleResult.of(ReportRule.DE_MINIMIS_DECISION_STATED, Severity.ERROR, "the stated decision ("
                    + (stated.exempt() ? "exempt" : "not exempt") + ", " + stated.countedNetMassTonnes().toPlainString()
                    + " t) does not follow from the lines (" + (fromLines.exempt() ? "exempt" : "not exempt") + ", "
                    + fromLines.countedNetMassTonnes().toPlainString() + " t)");
        }
        return RuleResult.of(ReportRule.DE_MINIMIS_DECISION_STATED, Severity.INFO, stated.statement());
    }

    private static RuleResult defaultShare(List<ReportLine> lines, BigDecimal stated) {
        long all = 0;
        long fromDefaults = 0;
        int defaultLines = 0;
        for (ReportLine line : lines) {
            all = Math.addExact(all, line.embeddedGrams());
            if (line.method() == EmissionMethod.DEFAULT) {
                fromDefaults = Math.addExact(fromDefaults, line.embeddedGrams());
                defaultLines++;
            }
        }
        BigDecimal share = defaultValueShare(lines);
        String fact = "default values: " + share.toPlainString() + " % of embedded emissions ("
                + Tonnes.fromGrams(fromDefaults).toPlainString() + " of " + Tonnes.fromGrams(all).toPlainString()
                + " tCO2e, " + defaultLines + " of " + lines.size() + " lines)";
        if (stated == null) {
            return RuleResult.of(ReportRule.DEFAULT_VALUE_SHARE_STATED, Severity.WARNING, fact + "; the outputs do not state it");
        }
        if (stated.compareTo(share) != 0) {
            return RuleResult.of(ReportRule.DEFAULT_VALUE_SHARE_STATED, Severity.ERROR, "stated share "
                    + stated.toPlainString() + " % differs from the lines: " + fact);
        }
        return RuleResult.of(ReportRule.DEFAULT_VALUE_SHARE_STATED, Severity.INFO, fact);
    }

    /**
     * The share of embedded emissions (that count) determined from default values, in percent, rounded half up to
     * two decimals; zero for a report without emissions. What the outputs should state.
     */
    public static BigDecimal defaultValueShare(List<ReportLine> lines) {
        long all = 0;
        long fromDefaults = 0;
        for (ReportLine line : lines) {
            all = Math.addExact(all, line.embeddedGrams());
            if (line.method() == EmissionMethod.DEFAULT) {
                fromDefaults = Math.addExact(fromDefaults, line.embeddedGrams());
            }
        }
        if (all == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(fromDefaults).multiply(HUNDRED).divide(BigDecimal.valueOf(all), 2, RoundingMode.HALF_UP);
    }

    private static String first(Set<String> items) {
        List<String> list = new ArrayList<>(items);
        return String.join(", ", list.subList(0, Math.min(LISTED, list.size())))
                + (list.size() > LISTED ? ", ... (" + (list.size() - LISTED) + " more)" : "");
    }
}
