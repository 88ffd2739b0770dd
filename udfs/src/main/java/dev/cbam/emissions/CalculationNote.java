package dev.cbam.emissions;

/**
 * Facts about how a shipment's emissions were determined that a reader of the report must see: why default
 * values were used, or which assumption was made. Report lines count the shipments with each note.
 *
 * <p>New notes are appended at the end: the ordinal is stored in aggregation state and savepoints.
 */
public enum CalculationNote {
    NO_INSTALLATION("No installation named: default values."),
    INSTALLATION_HAS_NO_VALUE_FOR_CN_CODE("The named installation has no actual emissions for this CN code: default values."),
    INSTALLATION_VALUE_NOT_VALID_ON_DATE("The installation's actual emissions do not cover the import date: default values."),
    INSTALLATION_VALUE_NOT_VERIFIED("The installation's actual emissions are not verified, which the definitive period requires: default values."),
    INSTALLATION_IN_OTHER_COUNTRY("The installation is in another country than the goods' origin: default values of the origin."),
    OTHER_COUNTRIES_DEFAULT("The country of origin has no default value of its own: the value for 'Other countries and territories' applies."),
    VARIANT_ASSUMED("No product_variant given for a good with grey and white variants: the higher default value was taken."),
    INDIRECT_NOT_PUBLISHED("No default value for indirect emissions is published for this good: indirect emissions reported as zero."),
    CN_CODE_NOT_IN_CN_2026("The CN code is not in the 2026 nomenclature: the default value of its heading was used.");

    private final String message;

    CalculationNote(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }

    public int bit() {
        return 1 << ordinal();
    }

    /** True when the bit set {@code notes} contains this note. */
    public boolean in(int notes) {
        return (notes & bit()) != 0;
    }
}
