package dev.cbam.declaration;

import dev.cbam.declaration.CertificatePriceTable.CertificatePrice;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.reference.DefaultValueTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.Importer;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.Tonnes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the annual CBAM declaration of a definitive-period year (Art 6 of Reg (EU) 2023/956 as amended by
 * Reg (EU) 2025/2083) from the year's report lines by quarter of import:
 * <ul>
 *   <li>the de minimis decision (Art 2a);</li>
 *   <li>per line and quarter: certificates = max(0, embedded emissions − quantity × (SEFA + deduction)), where
 *       SEFA = CBAM factor of the year × CSCF × benchmark (Art 31, IR (EU) 2025/2620) and the deduction is a
 *       carbon price effectively paid (Art 9); a negative result is zero and offsets nothing;</li>
 *   <li>the cost at the certificate price of the quarter of import (Art 21(1a), 2026 imports), or unpriced;</li>
 *   <li>from 2027, the quarterly holding requirement (Art 22(2) and (2a)).</li>
 * </ul>
 * Rounding: emissions and quantities are exact (grams, watt-hours); SEFA is exact; each line-quarter's
 * certificates are rounded once, half up, to six decimals (one gram of CO2e) and every total is an exact sum
 * of those; cost is rounded half up to the cent per line-quarter; whole certificates are the total rounded up.
 */
public final class DeclarationCalculator {

    /** Art 22(2) as amended: at least 50 % of the embedded emissions at the end of each quarter. */
    public static final BigDecimal HOLDING_SHARE = new BigDecimal("0.50");
    /** Art 22(2) as amended applies from 2027. */
    public static final int FIRST_HOLDING_YEAR = 2027;

    private static final int CERTIFICATE_DECIMALS = 6;
    private static final int CENT_DECIMALS = 2;

    private final ReferenceData reference;
    private final DeclarationReferenceData declarationReference;

    public DeclarationCalculator(ReferenceData reference, DeclarationReferenceData declarationReference) {
        this.reference = reference;
        this.declarationReference = declarationReference;
    }

    /**
     * The declaration of a year.
     *
     * @param period a definitive-period year
     * @param importer the importer (the authorised CBAM declarant's importer)
     * @param lines the year's report lines by quarter of import, in any order; several entries of one line and
     *     quarter are merged
     * @param parameters CSCF, price parameter and carbon price deductions
     * @throws IllegalArgumentException for a transitional period, or a line whose quarters disagree on its factors
     */
    public CbamDeclaration calculate(ReportingPeriod period, Importer importer, Collection<QuarterlyReportLine> lines,
            DeclarationParameters parameters) {
        if (!period.definitive()) {
            throw new IllegalArgumentException("period " + period.label() + " is in the transitional period: it has a quarterly "
                    + "report (QReport), not an annual CBAM declaration");
        }
        List<ReportLine[]> byLine = quartersByLine(lines);
        List<ReportLine> yearLines = new ArrayList<>(byLine.size());
        for (ReportLine[] quarters : byLine) {
            yearLines.add(year(quarters));
        }
        DeMinimis deMinimis = DeMinimis.of(yearLines);
        CbamFactorTable.CbamFactor cbamFactor = declarationReference.cbamFactors().forYear(period.year());
        BigDecimal rate = cbamFactor.factor().multiply(parameters.cscf());

        List<DeclarationLine> declarationLines = new ArrayList<>(byLine.size());
        for (int i = 0; i < byLine.size(); i++) {
            declarationLines.add(line(period, yearLines.get(i), byLine.get(i), deMinimis, rate, parameters));
        }
        List<HoldingRequirement> holding = period.year() >= FIRST_HOLDING_YEAR
                ? holding(period, yearLines, byLine, rate) : List.of();
        TreeSet<String> toVerify = new TreeSet<>();
        for (ReportLine line : yearLines) {
            if (line.method() == EmissionMethod.ACTUAL) {
                toVerify.add(line.installationId());
            }
        }
        return new CbamDeclaration(period, importer, deMinimis, cbamFactor, parameters.cscf(), parameters.etsPrice(),
                declarationLines, goodsTypes(declarationLines), totals(declarationLines), holding, List.copyOf(toVerify),
                declarationReference.sha256());
    }

    /** The quarters of each line, in the report's order of the lines. */
    private static List<ReportLine[]> quartersByLine(Collection<QuarterlyReportLine> lines) {
        Map<String, ReportLine[]> byKey = new HashMap<>();
        for (QuarterlyReportLine q : lines) {
            ReportLine[] quarters = byKey.computeIfAbsent(q.line().lineKey(), k -> new ReportLine[4]);
            int i = q.quarter() - 1;
            quarters[i] = quarters[i] == null ? q.line() : quarters[i].merge(q.line());
        }
        List<ReportLine[]> result = new ArrayList<>();
        for (ReportLine[] quarters : byKey.values()) {
            for (int i = 0; i < 4; i++) {
                if (quarters[i] != null && quarters[i].isEmpty()) {
                    quarters[i] = null;
                }
            }
            if (year(quarters) != null) {
                result.add(quarters);
            }
        }
        result.sort((a, b) -> ReportLine.REPORT_ORDER.compare(year(a), year(b)));
        return result;
    }

    private static ReportLine year(ReportLine[] quarters) {
        ReportLine year = null;
        for (ReportLine q : quarters) {
            if (q != null) {
                year = year == null ? q : year.merge(q);
            }
        }
        return year;
    }

    private DeclarationLine line(ReportingPeriod period, ReportLine year, ReportLine[] quarters, DeMinimis deMinimis,
            BigDecimal rate, DeclarationParameters parameters) {
        String route = "";
        if (year.method() == EmissionMethod.DEFAULT && year.sector() != Sector.ELECTRICITY) {
            DefaultValueTable.Lookup lookup = reference.defaultValues().resolve(year.cnCode(), year.originCountry(),
                    year.variant().isEmpty() ? null : year.variant());
            if (lookup.outcome() == DefaultValueTable.Outcome.FOUND) {
                route = lookup.value().route();
            }
        }
        BenchmarkChoice benchmark = BenchmarkChoice.choose(reference.benchmarks(), year.cnCode(), year.sector(),
                year.method(), route);
        BigDecimal sefa = rate.multiply(benchmark.value());
        List<DeclarationNote> notes = new ArrayList<>(benchmark.notes());

        CarbonPriceDeduction deduction = deduction(parameters.deductions(), year);
        BigDecimal deductionPerUnit = BigDecimal.ZERO;
        String evidence = "";
        if (deduction != null && year.method() == EmissionMethod.ACTUAL) {
            deductionPerUnit = deduction.tco2ePerUnit();
            evidence = deduction.evidence();
            notes.add(DeclarationNote.DEDUCTION_APPLIED);
        } else if (deduction != null) {
            notes.add(DeclarationNote.DEDUCTION_NOT_APPLIED_DEFAULT_VALUES);
        }
        boolean subject = !deMinimis.exempts(year.sector());
        if (!subject) {
            notes.add(DeclarationNote.EXEMPT_DE_MINIMIS);
        }

        BigDecimal perUnit = sefa.add(deductionPerUnit);
        List<QuarterShare> shares = new ArrayList<>();
        BigDecimal certificates = zero(CERTIFICATE_DECIMALS);
        BigDecimal cost = zero(CENT_DECIMALS);
        BigDecimal unpriced = zero(CERTIFICATE_DECIMALS);
        boolean clamped = false;
        for (int q = 1; q <= 4; q++) {
            ReportLine part = quarters[q - 1];
            if (part == null) {
                continue;
            }
            BigDecimal quantity = quantity(part);
            BigDecimal embedded = Tonnes.fromGrams(part.embeddedGrams());
            BigDecimal due = embedded.subtract(quantity.multiply(perUnit));
            BigDecimal share = zero(CERTIFICATE_DECIMALS);
            if (subject) {
                if (due.signum() < 0) {
                    clamped = true;
                } else {
                    share = due.setScale(CERTIFICATE_DECIMALS, RoundingMode.HALF_UP);
                }
            }
            PriceChoice price = price(period.year(), q, parameters.etsPrice());
            BigDecimal shareCost = null;
            if (price.eur != null) {
                shareCost = share.multiply(price.eur).setScale(CENT_DECIMALS, RoundingMode.HALF_UP);
                cost = cost.add(shareCost);
            } else {
                unpriced = unpriced.add(share);
            }
            certificates = certificates.add(share);
            shares.add(new QuarterShare(q, quantity, embedded, share, price.eur, price.source, shareCost));
        }
        if (clamped) {
            notes.add(DeclarationNote.CLAMPED_AT_ZERO);
        }
        BigDecimal quantity = quantity(year);
        return new DeclarationLine(year.lineKey(), year.cnCode(), year.sector(), year.originCountry(), year.installationId(),
                year.method(), year.variant(), quantity, unit(year), year.seeCounted(), Tonnes.fromGrams(year.embeddedGrams()),
                benchmark, sefa, quantity.multiply(sefa), deductionPerUnit, quantity.multiply(deductionPerUnit), evidence, subject,
                certificates, cost, unpriced, notes, shares);
    }

    /** The deduction of a line's installation: one restricted to its CN code before one for all its goods. */
    private static CarbonPriceDeduction deduction(List<CarbonPriceDeduction> deductions, ReportLine line) {
        if (line.installationId().isEmpty()) {
            return null;
        }
        CarbonPriceDeduction general = null;
        for (CarbonPriceDeduction d : deductions) {
            if (d.appliesTo(line.installationId(), line.cnCode())) {
                if (d.cnCode() != null) {
                    return d;
                }
                general = d;
            }
        }
        return general;
    }

    private record PriceChoice(BigDecimal eur, String source) {}

    private PriceChoice price(int year, int quarter, BigDecimal etsPrice) {
        CertificatePrice published = declarationReference.prices().price(year, quarter);
        if (published != null) {
            return new PriceChoice(published.eurPerCertificate(), "published " + published.publishedOn() + " ("
                    + published.basis() + ")");
        }
        String missing = year == ReportingPeriod.FIRST_DEFINITIVE_YEAR
                ? "no published price for " + year + "Q" + quarter + " (Art 21(1a))"
                : "no quarterly price for " + year + ": from 2027 the certificate price is weekly (Art 21(1))";
        if (etsPrice != null) {
            return new PriceChoice(etsPrice, "--ets-price parameter: " + missing);
        }
        return new PriceChoice(null, "unpriced: " + missing + "; pass --ets-price to price it");
    }

    /** Art 22(2), point (a), and (2a) as amended: the certificates to hold at the end of each quarter. */
    private List<HoldingRequirement> holding(ReportingPeriod period, List<ReportLine> yearLines, List<ReportLine[]> byLine,
            BigDecimal rate) {
        BigDecimal[] perUnitDue = new BigDecimal[yearLines.size()];
        BigDecimal[] see = new BigDecimal[yearLines.size()];
        for (int i = 0; i < yearLines.size(); i++) {
            ReportLine line = yearLines.get(i);
            see[i] = defaultValueWithoutMarkUp(line);
            String route = "";
            if (line.sector() != Sector.ELECTRICITY) {
                DefaultValueTable.Lookup lookup = reference.defaultValues().resolve(line.cnCode(), line.originCountry(),
                        line.variant().isEmpty() ? null : line.variant());
                if (lookup.outcome() == DefaultValueTable.Outcome.FOUND) {
                    route = lookup.value().route();
                }
            }
            BigDecimal benchmark = BenchmarkChoice.choose(reference.benchmarks(), line.cnCode(), line.sector(),
                    EmissionMethod.DEFAULT, route).value();
            perUnitDue[i] = see[i].subtract(rate.multiply(benchmark));
        }
        List<HoldingRequirement> result = new ArrayList<>(4);
        long countedMass = 0;
        int firstExceeded = 0;
        for (int q = 1; q <= 4; q++) {
            for (ReportLine[] quarters : byLine) {
                ReportLine part = quarters[q - 1];
                if (part != null && DeMinimis.counts(part.sector())) {
                    countedMass = Math.addExact(countedMass, part.netMassGrams());
                }
            }
            boolean exceeded = countedMass > DeMinimis.THRESHOLD_GRAMS;
            if (exceeded && firstExceeded == 0) {
                firstExceeded = q;
            }
            BigDecimal emissions = BigDecimal.ZERO;
            for (int i = 0; i < byLine.size(); i++) {
                ReportLine line = yearLines.get(i);
                if (!exceeded && DeMinimis.counts(line.sector())) {
                    continue;
                }
                for (int k = 1; k <= q; k++) {
                    ReportLine part = byLine.get(i)[k - 1];
                    if (part != null) {
                        BigDecimal due = quantity(part).multiply(perUnitDue[i]);
                        if (due.signum() > 0) {
                            emissions = emissions.add(due);
                        }
                    }
                }
            }
            BigDecimal required = emissions.multiply(HOLDING_SHARE).setScale(CERTIFICATE_DECIMALS, RoundingMode.HALF_UP);
            LocalDate end = new ReportingPeriod(period.year(), q).lastDay();
            LocalDate dueBy = q == firstExceeded ? end.plusDays(1).plusMonths(3).minusDays(1) : end;
            result.add(new HoldingRequirement(q, end, Tonnes.fromGrams(countedMass), exceeded,
                    emissions.setScale(CERTIFICATE_DECIMALS, RoundingMode.HALF_UP), required,
                    required.setScale(0, RoundingMode.CEILING).longValueExact(), dueBy));
        }
        return result;
    }

    /**
     * The specific emissions of a line's good at default values without mark-up: the Annex III factor for
     * electricity; the direct value for Annex II goods, else the total. Where the good has no default value
     * (a line of actual values from a country and code the table does not cover) its own SEE is used.
     */
    private BigDecimal defaultValueWithoutMarkUp(ReportLine line) {
        if (line.sector() == Sector.ELECTRICITY) {
            BigDecimal factor = reference.electricityFactors().forCountry(line.originCountry());
            return factor != null ? factor : line.seeCounted();
        }
        DefaultValueTable.Lookup lookup = reference.defaultValues().resolve(line.cnCode(), line.originCountry(),
                line.variant().isEmpty() ? null : line.variant());
        if (lookup.outcome() != DefaultValueTable.Outcome.FOUND) {
            return line.seeCounted();
        }
        return line.sector().directEmissionsOnly() ? lookup.value().direct() : lookup.value().total();
    }

    private static List<GoodsTypeTotal> goodsTypes(List<DeclarationLine> lines) {
        Map<String, List<DeclarationLine>> byCn = new TreeMap<>();
        for (DeclarationLine line : lines) {
            byCn.computeIfAbsent(line.cnCode(), k -> new ArrayList<>()).add(line);
        }
        List<GoodsTypeTotal> result = new ArrayList<>(byCn.size());
        for (List<DeclarationLine> group : byCn.values()) {
            BigDecimal quantity = BigDecimal.ZERO;
            BigDecimal embedded = BigDecimal.ZERO;
            BigDecimal certificates = zero(CERTIFICATE_DECIMALS);
            for (DeclarationLine line : group) {
                quantity = quantity.add(line.quantity());
                embedded = embedded.add(line.embeddedEmissions());
                certificates = certificates.add(line.certificates());
            }
            DeclarationLine first = group.get(0);
            BigDecimal specific = quantity.signum() == 0 ? BigDecimal.ZERO
                    : embedded.divide(quantity, CERTIFICATE_DECIMALS, RoundingMode.HALF_UP);
            result.add(new GoodsTypeTotal(first.cnCode(), first.sector(), quantity, first.unit(), embedded, specific,
                    certificates));
        }
        return result;
    }

    private static DeclarationTotals totals(List<DeclarationLine> lines) {
        BigDecimal tonnes = zero(6);
        BigDecimal mwh = zero(6);
        BigDecimal embedded = zero(6);
        BigDecimal freeAllocation = BigDecimal.ZERO;
        BigDecimal deduction = BigDecimal.ZERO;
        BigDecimal certificates = zero(CERTIFICATE_DECIMALS);
        BigDecimal cost = zero(CENT_DECIMALS);
        BigDecimal unpriced = zero(CERTIFICATE_DECIMALS);
        for (DeclarationLine line : lines) {
            if (line.sector() == Sector.ELECTRICITY) {
                mwh = mwh.add(line.quantity());
            } else {
                tonnes = tonnes.add(line.quantity());
            }
            embedded = embedded.add(line.embeddedEmissions());
            freeAllocation = freeAllocation.add(line.freeAllocationAdjustment());
            deduction = deduction.add(line.deduction());
            certificates = certificates.add(line.certificates());
            cost = cost.add(line.cost());
            unpriced = unpriced.add(line.unpricedCertificates());
        }
        return new DeclarationTotals(tonnes, mwh, embedded, freeAllocation, deduction, certificates,
                certificates.setScale(0, RoundingMode.CEILING).longValueExact(), cost, unpriced);
    }

    private static BigDecimal quantity(ReportLine line) {
        return line.sector() == Sector.ELECTRICITY ? Tonnes.mwhFromWattHours(line.quantityWattHours())
                : Tonnes.fromGrams(line.netMassGrams());
    }

    private static String unit(ReportLine line) {
        return line.sector() == Sector.ELECTRICITY ? "MWh" : "t";
    }

    private static BigDecimal zero(int scale) {
        return BigDecimal.ZERO.setScale(scale);
    }
}
