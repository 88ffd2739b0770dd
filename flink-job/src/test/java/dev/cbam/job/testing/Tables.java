package dev.cbam.job.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Everything the database holds of a run, without the run id, as text lines in a fixed order. */
public final class Tables {

    private Tables() {}

    public static List<String> dump(Connection c, String runId) throws SQLException {
        List<String> all = new ArrayList<>();
        all.addAll(rows(c, "SELECT cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect, "
                + "sector, see_counted, mark_up, factor_source, shipments, net_mass_t, quantity_mwh, direct_emissions_t, "
                + "indirect_emissions_t, embedded_emissions_t, notes FROM cbam_report_lines WHERE run_id = '" + runId
                + "' ORDER BY 1, 2, 3, 4, 5, 6, 7"));
        all.addAll(rows(c, "SELECT shipment_id, import_date, cn_code, origin_country, installation_id, method, "
                + "net_mass_t, quantity_mwh, see_counted, embedded_emissions_t, factor_source, notes, source_file, source_line "
                + "FROM cbam_shipment_emissions WHERE run_id = '" + runId + "' ORDER BY shipment_id"));
        all.addAll(rows(c, "SELECT source_file, line_number, shipment_id, reason_codes, message, raw_line "
                + "FROM cbam_rejects WHERE run_id = '" + runId + "' ORDER BY source_file, line_number"));
        return all;
    }

    public static List<String> rows(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }
}
