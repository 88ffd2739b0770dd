package dev.cbam.job.db;

import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.intake.Reject;
import dev.cbam.job.JobOptions;
import dev.cbam.report.ReportLine;
import dev.cbam.report.Tonnes;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The PostgreSQL sinks of the job (flink-connector-jdbc). Every statement writes a complete value keyed by run
 * id (an upsert, never an increment), so a replay after a restart writes the same rows again instead of
 * counting twice. Each sink follows its producing operator one-to-one, so the updates of one key reach the
 * database in the order they were made and the last one wins.
 */
public final class PostgresSinks {

    private static final String LINE_KEY = "run_id = ? AND cn_code = ? AND origin_country = ? AND installation_id = ? "
            + "AND method = ? AND variant = ? AND see_direct = ? AND see_indirect = ?";

    /** An emptied line (all its shipments taken away) is deleted; any other line is upserted. */
    static final String UPSERT_LINE = "WITH emptied AS (DELETE FROM cbam_report_lines WHERE ? AND " + LINE_KEY + ") "
            + "INSERT INTO cbam_report_lines (run_id, cn_code, origin_country, installation_id, method, variant, see_direct, "
            + "see_indirect, sector, see_counted, mark_up, factor_source, shipments, net_mass_t, quantity_mwh, "
            + "direct_emissions_t, indirect_emissions_t, embedded_emissions_t, notes, by_quarter) "
            + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb WHERE ? "
            + "ON CONFLICT (run_id, cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect) "
            + "DO UPDATE SET sector = EXCLUDED.sector, see_counted = EXCLUDED.see_counted, mark_up = EXCLUDED.mark_up, "
            + "factor_source = EXCLUDED.factor_source, shipments = EXCLUDED.shipments, net_mass_t = EXCLUDED.net_mass_t, "
            + "quantity_mwh = EXCLUDED.quantity_mwh, direct_emissions_t = EXCLUDED.direct_emissions_t, "
            + "indirect_emissions_t = EXCLUDED.indirect_emissions_t, embedded_emissions_t = EXCLUDED.embedded_emissions_t, "
            + "notes = EXCLUDED.notes, by_quarter = EXCLUDED.by_quarter";

    static final String UPSERT_REJECT = "INSERT INTO cbam_rejects (run_id, source_file, line_number, shipment_id, reason_codes, "
            + "message, raw_line) VALUES (?, ?, ?, ?, string_to_array(?, ';'), ?, ?) "
            + "ON CONFLICT (run_id, source_file, line_number) DO UPDATE SET shipment_id = EXCLUDED.shipment_id, "
            + "reason_codes = EXCLUDED.reason_codes, message = EXCLUDED.message, raw_line = EXCLUDED.raw_line";

    private PostgresSinks() {}

    private static JdbcConnectionOptions connection(JobOptions.Database db) {
        return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(db.url())
                .withDriverName("org.postgresql.Driver")
                .withUsername(db.user())
                .withPassword(db.password())
                .withConnectionCheckTimeoutSeconds(10)
                .build();
    }

    private static JdbcExecutionOptions execution() {
        return JdbcExecutionOptions.builder().withBatchSize(5_000).withBatchIntervalMs(500).withMaxRetries(3).build();
    }

    public static FailSafeJdbcSink<ReportLine> reportLines(JobOptions.Database db, String runId) {
        return new FailSafeJdbcSink<>(JdbcSink.<ReportLine>builder()
                .withQueryStatement(UPSERT_LINE, (ps, line) -> bindLine(ps, runId, line))
                .withExecutionOptions(execution())
                .buildAtLeastOnce(connection(db)));
    }

    /** The per-shipment rows, written with COPY ({@link ShipmentRowsSink}). */
    public static ShipmentRowsSink shipments(JobOptions.Database db, String runId) {
        return new ShipmentRowsSink(db, runId, 50_000);
    }

    public static FailSafeJdbcSink<Reject> rejects(JobOptions.Database db, String runId) {
        return new FailSafeJdbcSink<>(JdbcSink.<Reject>builder()
                .withQueryStatement(UPSERT_REJECT, (ps, r) -> bindReject(ps, runId, r))
                .withExecutionOptions(execution())
                .buildAtLeastOnce(connection(db)));
    }

    static void bindLine(PreparedStatement ps, String runId, ReportLine line) throws SQLException {
        int i = 1;
        ps.setBoolean(i++, line.isEmpty());
        i = bindLineKey(ps, i, runId, line);
        i = bindLineKey(ps, i, runId, line);
        ps.setString(i++, line.sector().id());
        ps.setBigDecimal(i++, line.seeCounted());
        ps.setBigDecimal(i++, line.markUpRate());
        ps.setString(i++, text(line.factorSource()));
        ps.setLong(i++, line.shipments());
        ps.setBigDecimal(i++, Tonnes.fromGrams(line.netMassGrams()));
        ps.setBigDecimal(i++, Tonnes.mwhFromWattHours(line.quantityWattHours()));
        ps.setBigDecimal(i++, Tonnes.fromGrams(line.directGrams()));
        ps.setBigDecimal(i++, Tonnes.fromGrams(line.indirectGrams()));
        ps.setBigDecimal(i++, Tonnes.fromGrams(line.embeddedGrams()));
        ps.setString(i++, notesJson(line));
        ps.setString(i++, QuarterSums.toJson(line));
        ps.setBoolean(i, !line.isEmpty());
    }

    private static int bindLineKey(PreparedStatement ps, int i, String runId, ReportLine line) throws SQLException {
        ps.setString(i++, runId);
        ps.setString(i++, line.cnCode());
        ps.setString(i++, line.originCountry());
        ps.setString(i++, text(line.installationId()));
        ps.setString(i++, line.method().name());
        ps.setString(i++, line.variant());
        ps.setBigDecimal(i++, line.seeDirect());
        ps.setBigDecimal(i++, line.seeIndirect());
        return i;
    }

    static String notesJson(ReportLine line) {
        StringBuilder json = new StringBuilder("{");
        for (CalculationNote note : CalculationNote.values()) {
            long count = line.count(note);
            if (count != 0) {
                if (json.length() > 1) {
                    json.append(',');
                }
                json.append('"').append(note.name()).append("\":").append(count);
            }
        }
        return json.append('}').toString();
    }

    static void bindReject(PreparedStatement ps, String runId, Reject r) throws SQLException {
        ps.setString(1, runId);
        ps.setString(2, text(r.sourceFile()));
        ps.setLong(3, r.line());
        ps.setString(4, text(r.shipmentId()));
        ps.setString(5, r.reasonCodes());
        ps.setString(6, text(r.message()));
        ps.setString(7, text(r.rawText()));
    }

    /** PostgreSQL text cannot hold NUL characters, which a hostile or binary input file can contain. */
    static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
