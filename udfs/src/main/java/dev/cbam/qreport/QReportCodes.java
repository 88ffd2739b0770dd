package dev.cbam.qreport;

import java.util.Set;

/**
 * The codes the quarterly report uses, from the Commission's code lists of the report structure (the
 * {@code codelists/*.ttl} renderings of "Report Structure v18.0" in the project's reference material, and the
 * Commission's sample report). The RDF rendering lost the leading zeros of two-character codes ("1" is
 * {@code 01}); the schema types them {@code an2}, so they are written with two characters here.
 *
 * <p>Codes marked <em>assumed</em> are not in the reference material; each is the one place to change.
 */
public final class QReportCodes {

    private QReportCodes() {}

    /** Role of the declarant (code list Role): importer reporting for all goods. */
    public static final String ROLE_IMPORTER = "01";
    /** Role of the declarant: indirect customs representative reporting for all goods. */
    public static final String ROLE_REPRESENTATIVE = "02";

    /** Area of import: the EU, by means of a customs import declaration. */
    public static final String IMPORT_AREA_EU = "EU";

    /**
     * Requested customs procedures the code list allows (procedure_status "requested"): 01 and 07 (release for
     * free circulation, with re-dispatch or warehousing), 40 to 48 (simultaneous release for free circulation
     * and home use, its variants, end use, outward processing).
     */
    public static final Set<String> REQUESTED_PROCEDURES = Set.of("01", "07", "40", "42", "43", "44", "45", "46", "48");
    /** Previous procedures the code list allows (procedure_status "previous"), 51 and 54 being inward processing. */
    public static final Set<String> PREVIOUS_PROCEDURES = Set.of("01", "40", "42", "45", "51", "54");
    /**
     * The procedure written when a shipment names none: 40, simultaneous release for free circulation and home
     * use, the ordinary form of the release for free circulation that makes a person an importer under CBAM
     * (Art 3(15) of Reg (EU) 2023/956).
     */
    public static final String DEFAULT_REQUESTED_PROCEDURE = "40";
    /** MeasureProcedureImported indicator: quantity not (yet) processed under inward processing. */
    public static final String INDICATOR_NOT_PROCESSED = "0";

    /** Measurement unit of net mass: tonnes (used for net mass throughout the Commission's sample report). */
    public static final String UNIT_TONNES = "01";
    /** Measurement unit of electricity, MWh. <em>Assumed</em>: the code list is not in the reference material. */
    public static final String UNIT_MWH = "02";
    /** Measurement unit of specific emissions, tCO2e per tonne (the Commission's sample report). */
    public static final String EMISSIONS_PER_TONNE = "EMU1";
    /** Measurement unit of the emission factor of electricity, tCO2e per MWh. <em>Assumed</em>, as {@link #UNIT_MWH}. */
    public static final String EMISSIONS_PER_MWH = "EMU2";

    /**
     * Type of determination: actual data (the installation's values). <em>Assumed</em> (01 actual, 02 default
     * values, as the registry's screens order them); the code list is not in the reference material.
     */
    public static final String DETERMINATION_ACTUAL = "01";
    /** Type of determination: default values published by the Commission. <em>Assumed</em>, see above. */
    public static final String DETERMINATION_DEFAULT = "02";
    /** Determination of electricity (code list Electricity Determination): actual data. */
    public static final String ELECTRICITY_ACTUAL = "01";
    /** Determination of electricity: other methods, including default values. */
    public static final String ELECTRICITY_OTHER_INCLUDING_DEFAULT = "02";

    /** Type of applicable reporting methodology (code list Reporting Rule): the Commission's rules. */
    public static final String METHODOLOGY_COMMISSION_RULES = "TOM01";

    /** Source of electricity (code list Source of electricity): received from the grid. */
    public static final String ELECTRICITY_FROM_GRID = "SOE03";
}
