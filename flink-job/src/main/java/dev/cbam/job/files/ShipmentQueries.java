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

    /** The join of a shipment ({@code s}) to its report line ({@code l}). */
    private static final String LINE_OF_SHIPMENT = "l.run_id = s.run_id AND l.cn_code = s.cn_code "
            + "AND l.origin_country = s.origin_country AND l.installation_id = COALESCE(s.installation_id, '') "
            + "AND l.method = s.method AND l.variant = COALESCE(s.variant, '') AND l.see_direct = s.see_direct "
            + "AND l.see_indirect = s.see_indirect";

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
     * The report lines by quarter of import: the shipments' sums per line and quarter, with the line's
     * descriptive fields (sector, SEE counted, mark-up, factor source) from {@code cbam_report_lines}.
     */
    static List<QuarterlyReportLine> quarterlyLines(Connection c, String runId) throws SQLException {
        StringBuilder notes = new StringBuilder();
        for (CalculationNote note : CalculationNote.values()) {
            notes.append(", count(*) FILTER (WHERE '").append(note.name()).append("' = ANY (s.notes))");
        }
        String sql = "SELECT l.cn_code, l.origin_country, l.installation_id, l.method, l.variant, l.see_direct, "
                + "l.see_indirect, l.sector, l.see_counted, l.mark_up, l.factor_source, "
                + "EXTRACT(QUARTER FROM s.import_date)::int, count(*), sum(s.net_mass_t), sum(s.quantity_mwh), "
                + "sum(s.direct_emissions_t), sum(s.indirect_emissions_t), sum(s.embedded_emissions_t)" + notes
                + " FROM cbam_shipment_emissions s JOIN cbam_report_lines l ON " + LINE_OF_SHIPMENT
                + " WHERE s.run_id = ? GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12";
        List<QuarterlyReportLine> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String cn = rs.getString(1);
                    String origin = rs.getString(2);
                    String installation = rs.getString(3);
                    EmissionMethod method = EmissionMethod.valueOf(rs.getString(4));
                    String variant = rs.getString(5);
                    BigDecimal seeDirect = rs.getBigDecimal(6);
                    BigDecimal seeIndirect = rs.getBigDecimal(7);
                    String key = ReportLineKey.of(cn, origin, installation.isEmpty() ? null : installation, method,
                            variant.isEmpty() ? null : variant, seeDirect, seeIndirect);
                    long[] noteCounts = new long[CalculationNote.values().length];
                    for (int i = 0; i < noteCounts.length; i++) {
                        noteCounts[i] = rs.getLong(19 + i);
                    }
                    ReportLine line = new ReportLine(key, cn, Sector.fromName(rs.getString(8)), origin, installation, method,
                            variant, seeDirect, seeIndirect, rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getString(11),
                            rs.getLong(13), micro(rs.getBigDecimal(14)), micro(rs.getBigDecimal(15)),
                            micro(rs.getBigDecimal(16)), micro(rs.getBigDecimal(17)), micro(rs.getBigDecimal(18)), noteCounts);
                    lines.add(new QuarterlyReportLine(rs.getInt(12), line));
                }
            }
        }
        return lines;
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
