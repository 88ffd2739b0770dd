package dev.cbam.intake;

/**
 * Why a row of a shipment file is not a CBAM shipment of the run. The codes are a stable contract: they
 * appear in {@code rejects.csv}, the {@code cbam_rejects} table and the metrics, and the README lists them.
 */
public enum RejectReason {
    MALFORMED_ROW("The row cannot be read: wrong number of columns, broken quoting, invalid JSON, text that is not UTF-8, or an over-long line."),
    BAD_HEADER("The file's header row lacks a required column (or names one twice), so none of its rows can be read."),
    MISSING_FIELD("A required field is empty or its column is missing."),
    BAD_CN_CODE("The CN code is not an eight-digit code (spaces and dots between digits are allowed)."),
    CN_NOT_IN_SCOPE("The CN code is not a CBAM good under Annex I of Regulation (EU) 2023/956."),
    BAD_COUNTRY("The country of origin is not an ISO 3166-1 alpha-2 code."),
    EU_ORIGIN("The country of origin is in the customs territory of the Union (a Member State, or e.g. Monaco, Åland, the French outermost regions): not a CBAM import."),
    ORIGIN_OUTSIDE_SCOPE("The country of origin is outside CBAM (Annex III: Iceland, Liechtenstein, Norway, Switzerland)."),
    BAD_DATE("The import date is not a valid ISO date (YYYY-MM-DD)."),
    OUT_OF_PERIOD("The import date is outside the reporting period of the run."),
    BAD_QUANTITY("The quantity is not a positive number, is absurdly large, or is more precise than 1 g (1 Wh for electricity)."),
    DECIMAL_COMMA("The quantity uses a decimal comma or thousands separator; write 1234.5, not 1.234,5 or 1,234.5."),
    ELECTRICITY_WITHOUT_MWH("Electricity (CN 27160000) needs quantity_mwh."),
    BAD_VARIANT("The CN code has grey and white variants and product_variant is neither 'grey' nor 'white'."),
    NO_DEFAULT_VALUE("No default value exists for the CN code and country, and no actual emissions were given "
            + "(e.g. a code of an older CN edition whose heading the default-value table splits further)."),
    UNKNOWN_INSTALLATION("The shipment names an installation that is not in the installations file."),
    DUPLICATE_SHIPMENT_ID("Another row has the same shipment_id; the row that comes first (by file, then line) is kept.");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    /** What the code means, for documentation and summaries. */
    public String description() {
        return description;
    }
}
