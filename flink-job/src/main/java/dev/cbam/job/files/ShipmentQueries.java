package dev.cbam.job.files;

import dev.cbam.declaration.QuarterlyReportLine;
import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.EmissionMethod;
import dev.cbam.qreport.CustomsProcedure;
import dev.cbam.qreport.ImportedQuantities;
import dev.cbam.qreport.QReportException;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportLineKey;
import dev.cbam.report.validation.AcceptedShipments;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the regulatory outputs need beyond the report lines, aggregated in SQL over a run's rows in
 * {@code cbam_shipment_emissions} once the job's last write is done: the accepted shipments counted on their
 * own (for the report rules), the lines by quarter of import (for the declaration's prices and holding
 * requirement) and the quantities by customs procedure (for the QReport). The pipeline itself stays as it is.
 *
 * <p>Shipment rows carry the line's key columns; {@code installation_id} and {@code variant} are {@code NULL}
 * there where the line has {@code ''}. Numeric columns compare by value, so {@code 1.50 = 1.5}.
 */
final class ShipmentQueries {

    private ShipmentQueries() {}

    /** The accepted shipments' own totals and import dates, independent of the report lines. */
    static AcceptedShipments accepted(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), COALESCE(sum(net_mass_t), 0), "
                + "COALESCE(sum(quantity_mwh), 0), COALESCE(sum(direct_emissions_t), 0), "
                + "COALESCE(sum(indirect_emissions_t), 0), COALESCE(sum(embedded_emissions_t), 0), min(import_date), "
                + "max(import_date) FROM cbam_shipment_emissions WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Date first = rs.getDate(7);
                Date last = rs.getDate(8);
                return new AcceptedShipments(rs.getLong(1), micro(rs.getBigDecimal(2)), micro(rs.getBigDecimal(3)),
                        micro(rs.getBigDecimal(4)), micro(rs.getBigDecimal(5)), micro(rs.getBigDecimal(6)),
                        first == null ? null : first.toLocalDate(), last == null ? null : last.toLocalDate());
            }
        }
    }

    /**
     * The report lines by quarter of import: the shipments' sums per line and quarter, aggregated over the
     * shipment rows alone (no join), with the line's descriptive fields (sector, SEE counted, mark-up, factor
     * source) taken from the run's report lines. A quarter's line carries no calculation-note counts: the
     * declaration reads its notes from the whole line.
     *
     * @param lines the run's report lines by key; a shipment sum without its line fails rule
     *              {@code EMISSIONS_RECONCILE_WITH_SHIPMENTS} later, so it is left out here
     */
    static List<QuarterlyReportLine> quarterlyLines(Connection c, String runId, Map<String, ReportLine> lines)
            throws SQLException {
        String sql = "SELECT cn_code, origin_country, COALESCE(installation_id, ''), method, COALESCE(variant, ''), "
                + "see_direct, see_indirect, EXTRACT(QUARTER FROM import_date)::int, count(*), sum(net_mass_t), "
                + "sum(quantity_mwh), sum(direct_emissions_t), sum(indirect_emissions_t), sum(embedded_emissions_t) "
                + "FROM cbam_shipment_emissions WHERE run_id = ? GROUP BY 1, 2, 3, 4, 5, 6, 7, 8";
        List<QuarterlyReportLine> quarterly = new ArrayList<>();
        long[] noNotes = new long[CalculationNote.values().length];
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String installation = rs.getString(3);
                    String variant = rs.getString(5);
                    String key = ReportLineKey.of(rs.getString(1), rs.getString(2),
                            installation.isEmpty() ? null : installation, EmissionMethod.valueOf(rs.getString(4)),
                            variant.isEmpty() ? null : variant, rs.getBigDecimal(6), rs.getBigDecimal(7));
                    ReportLine whole = lines.get(key);
                    if (whole == null) {
                        continue;
                    }
                    ReportLine line = new ReportLine(key, whole.cnCode(), whole.sector(), whole.originCountry(),
                            whole.installationId(), whole.method(), whole.variant(), whole.seeDirect(),
                            whole.seeIndirect(), whole.seeCounted(), whole.markUpRate(), whole.factorSource(),
                            rs.getLong(9), micro(rs.getBigDecimal(10)), micro(rs.getBigDecimal(11)),
                            micro(rs.getBigDecimal(12)), micro(rs.getBigDecimal(13)), micro(rs.getBigDecimal(14)),
                            noNotes.clone(), new long[0]);
                    quarterly.add(new QuarterlyReportLine(rs.getInt(8), line));
                }
            }
        }
        quarterly.sort(java.util.Comparator.comparing((QuarterlyReportLine q) -> q.line().lineKey())
                .thenComparingInt(QuarterlyReportLine::quarter));
        return quarterly;
    }

    /**
     * The quantity of each report line by customs procedure, in the line's units (grams, or watt-hours of
     * electricity).
     *
     * @throws QReportException naming a shipment whose procedure the QReport's code list does not have
     */
    static ImportedQuantities importedQuantities(Connection c, String runId) throws SQLException {
        String sql = "SELECT cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect, sector, "
                + "customs_procedure, sum(net_mass_t), sum(quantity_mwh), min(source_file || ' line ' || source_line) "
                + "FROM cbam_shipment_emissions WHERE run_id = ? GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9";
        ImportedQuantities quantities = ImportedQuantities.none();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = ReportLineKey.of(rs.getString(1), rs.getString(2), rs.getString(3),
                            EmissionMethod.valueOf(rs.getString(4)), rs.getString(5), rs.getBigDecimal(6), rs.getBigDecimal(7));
                    CustomsProcedure procedure;
                    try {
                        procedure = CustomsProcedure.parse(rs.getString(9));
                    } catch (QReportException e) {
                        throw new QReportException("ImportedQuantity/Procedure of " + rs.getString(1) + " from "
                                + rs.getString(2) + " (" + rs.getString(12) + "): " + e.getMessage());
                    }
                    boolean electricity = Sector.fromName(rs.getString(8)) == Sector.ELECTRICITY;
                    quantities.add(key, procedure, micro(rs.getBigDecimal(electricity ? 11 : 10)));
                }
            }
        }
        return quantities;
    }

    /** Six-decimal tonnes (or MWh) as the exact grams (watt-hours) they were written from. */
    private static long micro(BigDecimal sixDecimals) {
        return sixDecimals.movePointRight(6).longValueExact();
    }
}
