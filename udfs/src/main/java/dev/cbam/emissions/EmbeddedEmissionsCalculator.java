package dev.cbam.emissions;

import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;
import dev.cbam.intake.Shipment;
import dev.cbam.reference.DefaultValue;
import dev.cbam.reference.DefaultValueTable;
import dev.cbam.reference.InstallationEmissions;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.MarkUp;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportLineKey;
import dev.cbam.report.ReportingPeriod;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Computes the embedded emissions of shipments for a reporting period:
 * <ul>
 *   <li>actual values where the shipment names an installation with values for its CN code valid on the
 *       import date (verified values only from 2026, Article 8 of Reg (EU) 2023/956), else default values;</li>
 *   <li>default values with the mark-up of the year, computed from the table's total;</li>
 *   <li>in the definitive period only direct emissions count for iron and steel, aluminium and hydrogen
 *       (Annex II); cement and fertilisers count direct and indirect; electricity is MWh times the Annex III
 *       factor of the country;</li>
 *   <li>in the transitional period (2023Q4 to 2025Q4) direct and indirect emissions count for all goods and
 *       no mark-up applies.</li>
 * </ul>
 * Each shipment's emissions are rounded once to the gram (half up); nothing else is rounded, so totals are
 * exact sums whatever the order or split of the work. Not thread-safe (it caches lookups).
 */
public final class EmbeddedEmissionsCalculator {

    private static final int MAX_CACHED = 16_384;
    private static final String ELECTRICITY = "27160000";

    private final ReferenceData reference;
    private final InstallationTable installations;
    private final ReportingPeriod period;
    private final Map<String, Factors> factorsCache = new HashMap<>();

    public EmbeddedEmissionsCalculator(ReferenceData reference, InstallationTable installations, ReportingPeriod period) {
        this.reference = reference;
        this.installations = installations;
        this.period = period;
    }

    /**
     * The outcome for one shipment: its emissions, or why they cannot be determined.
     *
     * @param emissions the emissions, or {@code null} when rejected
     * @param reason the reject reason when {@code emissions} is {@code null}
     * @param message the reject message when {@code emissions} is {@code null}
     */
    public record Result(ShipmentEmissions emissions, RejectReason reason, String message) {
        static Result rejected(RejectReason reason, String message) {
            return new Result(null, reason, message);
        }

        /** The reject of the shipment when its emissions could not be determined. */
        public Reject toReject(Shipment shipment) {
            return new Reject(shipment.sourceFile(), shipment.sourceLine(), shipment.shipmentId(), reason.name(),
                    reason.name() + ": " + message, shipment.rawText());
        }
    }

    public Result calculate(Shipment shipment) {
        int notes = 0;
        if (shipment.installationId() != null) {
            InstallationTable.Lookup lookup = installations.find(shipment.installationId(), shipment.cnCode(),
                    shipment.importDate(), period.definitive());
            switch (lookup.status()) {
                case FOUND:
                    if (lookup.value().country().equals(shipment.originCountry())) {
                        return actual(shipment, lookup.value());
                    }
                    notes |= CalculationNote.INSTALLATION_IN_OTHER_COUNTRY.bit();
                    break;
                case UNKNOWN_INSTALLATION:
                    return Result.rejected(RejectReason.UNKNOWN_INSTALLATION, "installation '" + shipment.installationId()
                            + "' is not in the installations file"
                            + (installations.size() == 0 ? " (no installations file was given)" : ""));
                case NO_VALUE_FOR_CN_CODE:
                    notes |= CalculationNote.INSTALLATION_HAS_NO_VALUE_FOR_CN_CODE.bit();
                    break;
                case NOT_VALID_ON_DATE:
                    notes |= CalculationNote.INSTALLATION_VALUE_NOT_VALID_ON_DATE.bit();
                    break;
                case NOT_VERIFIED:
                    notes |= CalculationNote.INSTALLATION_VALUE_NOT_VERIFIED.bit();
                    break;
                default:
                    throw new IllegalStateException(lookup.status().name());
            }
        } else {
            notes |= CalculationNote.NO_INSTALLATION.bit();
        }
        return ELECTRICITY.equals(shipment.cnCode()) ? electricityDefault(shipment, notes) : goodsDefault(shipment, notes);
    }

    private Result actual(Shipment shipment, InstallationEmissions value) {
        String cacheKey = "A|" + value.installationId() + '|' + value.line() + '|' + shipment.cnCode() + '|' + shipment.originCountry();
        Factors factors = factorsCache.get(cacheKey);
        if (factors == null) {
            BigDecimal direct = value.seeDirect();
            BigDecimal indirect = shipment.sector() == Sector.ELECTRICITY ? BigDecimal.ZERO : value.seeIndirect();
            BigDecimal counted = countsDirectOnly(shipment.sector()) ? direct : direct.add(indirect);
            String source = "installation " + value.installationId() + ", installations file line " + value.line();
            factors = cache(cacheKey, new Factors(EmissionMethod.ACTUAL, null, BigDecimal.ZERO, direct, indirect, counted, source, 0,
                    shipment.cnCode(), shipment.originCountry(), shipment.installationId()));
        }
        return emissions(shipment, factors, 0);
    }

    private Result goodsDefault(Shipment shipment, int notes) {
        String cacheKey = shipment.cnCode() + shipment.originCountry() + '|' + shipment.productVariant();
        Factors factors = factorsCache.get(cacheKey);
        if (factors == null) {
            DefaultValueTable.Lookup lookup = reference.defaultValues().resolve(shipment.cnCode(), shipment.originCountry(),
                    shipment.productVariant());
            factors = cache(cacheKey, lookup.outcome() == DefaultValueTable.Outcome.FOUND
                    ? defaultFactors(shipment, lookup.value())
                    : new Factors(lookup));
        }
        if (factors.lookup != null) {
            DefaultValueTable.Lookup lookup = factors.lookup;
            if (lookup.outcome() == DefaultValueTable.Outcome.BAD_VARIANT) {
                return Result.rejected(RejectReason.BAD_VARIANT, lookup.message());
            }
            return Result.rejected(RejectReason.NO_DEFAULT_VALUE, lookup.message()
                    + (shipment.installationId() == null ? "" : " and installation '" + shipment.installationId()
                    + "' has no usable actual value"));
        }
        return emissions(shipment, factors, notes);
    }

    private Factors defaultFactors(Shipment shipment, DefaultValue dv) {
        BigDecimal markUp = MarkUp.rate(shipment.sector(), period.definitive() ? period.year() : 0);
        BigDecimal direct = MarkUp.apply(dv.direct(), markUp);
        BigDecimal indirect = MarkUp.apply(dv.indirect(), markUp);
        BigDecimal total = MarkUp.apply(dv.total(), markUp);
        BigDecimal counted = countsDirectOnly(shipment.sector()) ? direct : total;
        int notes = 0;
        if (dv.otherCountriesFallback()) {
            notes |= CalculationNote.OTHER_COUNTRIES_DEFAULT.bit();
        }
        if (dv.variantAssumed()) {
            notes |= CalculationNote.VARIANT_ASSUMED.bit();
        }
        if (!dv.indirectPublished() && !countsDirectOnly(shipment.sector())) {
            notes |= CalculationNote.INDIRECT_NOT_PUBLISHED.bit();
        }
        if (reference.nomenclature().get(shipment.cnCode()) == null) {
            notes |= CalculationNote.CN_CODE_NOT_IN_CN_2026.bit();
        }
        return new Factors(EmissionMethod.DEFAULT, dv.variant() == null ? null : dv.variant().label(), markUp, direct, indirect,
                counted, dv.source(reference.countries()), notes, shipment.cnCode(), shipment.originCountry(), null);
    }

    private Result electricityDefault(Shipment shipment, int notes) {
        String cacheKey = "E|" + shipment.originCountry();
        Factors factors = factorsCache.get(cacheKey);
        if (factors == null) {
            BigDecimal factor = reference.electricityFactors().forCountry(shipment.originCountry());
            factors = factor == null
                    ? cache(cacheKey, new Factors(new DefaultValueTable.Lookup(DefaultValueTable.Outcome.NO_VALUE, null,
                            "no default emission factor for electricity from " + shipment.originCountry()
                                    + " in Annex III of IR 2025/2621; actual emissions are needed")))
                    : cache(cacheKey, new Factors(EmissionMethod.DEFAULT, null, BigDecimal.ZERO, factor, BigDecimal.ZERO, factor,
                            "IR 2025/2621 Annex III, " + reference.countries().byCode(shipment.originCountry()).name(), 0,
                            shipment.cnCode(), shipment.originCountry(), null));
        }
        if (factors.lookup != null) {
            return Result.rejected(RejectReason.NO_DEFAULT_VALUE, factors.lookup.message());
        }
        return emissions(shipment, factors, notes);
    }

    private Factors cache(String key, Factors factors) {
        if (factorsCache.size() >= MAX_CACHED) {
            factorsCache.clear();
        }
        factorsCache.put(key, factors);
        return factors;
    }

    /** Annex II goods count direct emissions only, and only in the definitive period. */
    private boolean countsDirectOnly(Sector sector) {
        return period.definitive() && sector.directEmissionsOnly();
    }

    private static Result emissions(Shipment shipment, Factors f, int notes) {
        long quantity = shipment.quantity();
        String lineKey = Objects.equals(shipment.installationId(), f.installationId)
                ? f.lineKey
                : ReportLineKey.of(shipment.cnCode(), shipment.originCountry(), shipment.installationId(), f.method, f.variant,
                        f.direct.value(), f.indirect.value());
        return new Result(new ShipmentEmissions(shipment, f.method, f.variant, f.markUp, f.direct.value(), f.indirect.value(),
                f.counted.value(), f.direct.times(quantity), f.indirect.times(quantity), f.counted.times(quantity), f.source,
                notes | f.notes, lineKey), null, null);
    }

    /**
     * Everything about the factors of a kind of shipment (CN code, origin, variant; or an installation's value)
     * that does not depend on the single shipment, computed once: the values used, their source, the notes they
     * imply, and the report line's key. Or, when there is no default value, why not.
     */
    private static final class Factors {
        final EmissionMethod method;
        final String variant;
        final BigDecimal markUp;
        final Factor direct;
        final Factor indirect;
        final Factor counted;
        final String source;
        final int notes;
        final String installationId;
        final String lineKey;
        final DefaultValueTable.Lookup lookup;

        /** @param installationId the installation the cached line key is for ({@code null}: shipments naming none) */
        Factors(EmissionMethod method, String variant, BigDecimal markUp, BigDecimal direct, BigDecimal indirect,
                BigDecimal counted, String source, int notes, String cnCode, String origin, String installationId) {
            this.method = method;
            this.variant = variant;
            this.markUp = normalised(markUp);
            this.direct = new Factor(normalised(direct));
            this.indirect = new Factor(normalised(indirect));
            this.counted = new Factor(normalised(counted));
            this.source = source;
            this.notes = notes;
            this.installationId = installationId;
            this.lineKey = ReportLineKey.of(cnCode, origin, installationId, method, variant, this.direct.value(),
                    this.indirect.value());
            this.lookup = null;
        }

        Factors(DefaultValueTable.Lookup missing) {
            this.method = null;
            this.variant = null;
            this.markUp = null;
            this.direct = null;
            this.indirect = null;
            this.counted = null;
            this.source = null;
            this.notes = 0;
            this.installationId = null;
            this.lineKey = null;
            this.lookup = missing;
        }
    }

    /** The same number without trailing zeros (3.50558192050 is 3.5055819205), so that equal factors look equal. */
    private static BigDecimal normalised(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** Quantity (grams of goods, or watt-hours) times a factor per tonne (per MWh), in whole grams, half up. */
    static long grams(long quantity, BigDecimal factorPerTonne) {
        return new Factor(factorPerTonne).times(quantity);
    }
}
