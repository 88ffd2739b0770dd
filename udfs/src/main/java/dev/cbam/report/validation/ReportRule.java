package dev.cbam.report.validation;

/**
 * The rules run on every report. Names are stable ids: they appear in outputs and tests, so a rule is never
 * renamed and new rules are added at the end.
 */
public enum ReportRule {
    /** The totals the report states equal the exact sum of its lines. */
    TOTALS_EQUAL_LINES,
    /** Shipments, net mass and electricity of the lines equal those of the accepted shipments. */
    MASS_RECONCILES_WITH_SHIPMENTS,
    /** Direct, indirect and counted embedded emissions of the lines equal those of the accepted shipments. */
    EMISSIONS_RECONCILE_WITH_SHIPMENTS,
    /** Every CN code is a CBAM good of Annex I of Reg (EU) 2023/956, in the sector the line states. */
    CN_CODES_IN_SCOPE,
    /** No good originates in a Member State or in an Annex III country (outside CBAM, Art 2(4)). */
    ORIGIN_OUTSIDE_EU,
    /** The import dates of the accepted shipments lie within the reporting period. */
    PERIOD_MATCHES_IMPORT_DATES,
    /** The importer's EORI number has the EORI format: two letters, then up to 15 letters or digits. */
    IMPORTER_EORI_FORMAT,
    /** A definitive-period report states the de minimis decision of Art 2a, consistent with its lines. */
    DE_MINIMIS_DECISION_STATED,
    /** The report states the share of embedded emissions determined from default values, and states it right. */
    DEFAULT_VALUE_SHARE_STATED
}
