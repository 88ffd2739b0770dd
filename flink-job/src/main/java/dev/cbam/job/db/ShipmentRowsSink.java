package dev.cbam.job.db;

import dev.cbam.emissions.CalculationNote;
import dev.cbam.emissions.ShipmentEmissions;
import dev.cbam.flink.CbamMetrics;
import dev.cbam.intake.Shipment;
import dev.cbam.job.JobOptions;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Writes the per-shipment rows ({@code cbam_shipment_emissions}) with PostgreSQL's {@code COPY}: a year-end
 * file has millions of shipments, and one {@code INSERT} round trip per row would make the database the
 * bottleneck of the whole job.
 *
 * <p>Idempotent like the other sinks: a batch is copied straight into the table when none of its shipment ids
 * is there yet (a fresh run), and otherwise — a replay after a restart, or a shipment id whose kept row changed
 * — merged through a temporary table with an upsert in which the row emitted last wins. Batches are written
 * when full and before every checkpoint and the end of the input (the writer's {@code flush}), so a
 * checkpoint never covers rows that are not in the database. A failed batch is retried three times on a new
 * connection, then fails the task: the job restarts from its last checkpoint and writes the rows again.
 */
public final class ShipmentRowsSink implements Sink<ShipmentEmissions> {

    private static final long serialVersionUID = 1L;

    static final String COLUMNS = "run_id, shipment_id, import_date, cn_code, sector, origin_country, installation_id, "
            + "product_variant, customs_procedure, method, variant, net_mass_t, quantity_mwh, see_direct, see_indirect, "
            + "see_counted, mark_up, direct_emissions_t, indirect_emissions_t, embedded_emissions_t, factor_source, notes, "
            + "source_file, source_line";

    private final JobOptions.Database database;
    private final String runId;
    private final int batchRows;

    public ShipmentRowsSink(JobOptions.Database database, String runId, int batchRows) {
        this.database = database;
        this.runId = runId;
        this.batchRows = batchRows;
    }

    @Override
    public SinkWriter<ShipmentEmissions> createWriter(WriterInitContext context) {
        return new CopyWriter(database, runId, batchRows, CbamMetrics.of(context.metricGroup()));
    }

    /** Appends one row in COPY's text format. */
    static void appendRow(StringBuilder out, String runId, ShipmentEmissions e) {
        Shipment s = e.shipment();
        text(out, runId).append('\t');
        text(out, s.shipmentId()).append('\t');
        out.append(s.importDate()).append('\t');
        out.append(s.cnCode()).append('\t');
        out.append(s.sector().id()).append('\t');
        out.append(s.originCountry()).append('\t');
        text(out, s.installationId()).append('\t');
        text(out, s.productVariant()).append('\t');
        text(out, s.customsProcedure()).append('\t');
        out.append(e.method().name()).append('\t');
        text(out, e.variant()).append('\t');
        sixDecimals(out, s.netMassGrams()).append('\t');
        sixDecimals(out, s.quantityWattHours()).append('\t');
        number(out, e.seeDirect()).append('\t');
        number(out, e.seeIndirect()).append('\t');
        number(out, e.seeCounted()).append('\t');
        number(out, e.markUpRate()).append('\t');
        sixDecimals(out, e.directGrams()).append('\t');
        sixDecimals(out, e.indirectGrams()).append('\t');
        sixDecimals(out, e.embeddedGrams()).append('\t');
        text(out, e.factorSource()).append('\t');
        out.append('{');
        boolean first = true;
        for (CalculationNote note : CalculationNote.values()) {
            if (note.in(e.notes())) {
                if (!first) {
                    out.append(',');
                }
                out.append(note.name());
                first = false;
            }
        }
        out.append("}\t");
        text(out, s.sourceFile()).append('\t');
        out.append(s.sourceLine()).append('\n');
    }

    /** A value in COPY text format: backslash escapes, {@code \N} for null, and no NUL (PostgreSQL text has none). */
    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append('\uFFFD');
                default -> out.append(c);
            }
        }
        return out;
    }

    /** An integer of millionths (grams of a tonne, Wh of a MWh) as a decimal with six places. */
    static StringBuilder sixDecimals(StringBuilder out, long millionths) {
        if (millionths < 0) {
            out.append('-');
            millionths = -millionths;
        }
        long whole = millionths / 1_000_000;
        long fraction = millionths % 1_000_000;
        out.append(whole).append('.');
        String f = Long.toString(fraction);
        for (int i = f.length(); i < 6; i++) {
            out.append('0');
        }
        return out.append(f);
    }

    private static StringBuilder number(StringBuilder out, BigDecimal value) {
        return out.append(value.toPlainString());
    }

    private static final class CopyWriter implements SinkWriter<ShipmentEmissions> {
        private static final Logger LOG = LoggerFactory.getLogger(ShipmentRowsSink.class);
        private static final int ATTEMPTS = 4;

        private final JobOptions.Database database;
        private final String runId;
        private final int batchRows;
        private final StringBuilder batch = new StringBuilder(1 << 20);
        private final Set<String> idsInBatch = new HashSet<>();
        private boolean repeatedIdInBatch;
        private int rows;
        private Connection connection;
        private final Counter rowsWritten;
        private final Counter retries;
        private final Counter failures;

        CopyWriter(JobOptions.Database database, String runId, int batchRows, MetricGroup metrics) {
            this.database = database;
            this.runId = runId;
            this.batchRows = batchRows;
            this.rowsWritten = metrics.counter(CbamMetrics.SINK_ROWS_WRITTEN);
            this.retries = metrics.counter(CbamMetrics.SINK_RETRIES);
            this.failures = metrics.counter(CbamMetrics.SINK_FAILURES);
        }

        @Override
        public void write(ShipmentEmissions e, Context context) throws IOException {
            appendRow(batch, runId, e);
            if (!idsInBatch.add(e.shipment().shipmentId())) {
                repeatedIdInBatch = true;
            }
            if (++rows >= batchRows) {
                writeBatch();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            writeBatch();
        }

        private void writeBatch() throws IOException {
            if (rows == 0) {
                return;
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    copy();
                    break;
                } catch (SQLException e) {
                    closeConnection();
                    if (attempt == ATTEMPTS) {
                        failures.inc();
                        throw new IOException("cannot write " + rows + " shipment rows to PostgreSQL: " + e.getMessage(), e);
                    }
                    LOG.warn("writing shipment rows failed (attempt {} of {}), retrying: {}", attempt, ATTEMPTS, e.getMessage());
                    retries.inc();
                    try {
                        Thread.sleep(1_000L * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying", interrupted);
                    }
                }
            }
            rowsWritten.inc(rows);
            batch.setLength(0);
            idsInBatch.clear();
            repeatedIdInBatch = false;
            rows = 0;
        }

        private void copy() throws SQLException {
            Connection c = connection();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String data = batch.toString();
            try {
                if (!repeatedIdInBatch) {
                    Savepoint direct = c.setSavepoint();
                    try {
                        copy.copyIn("COPY cbam_shipment_emissions (" + COLUMNS + ") FROM STDIN", new StringReader(data));
                        c.commit();
                        return;
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState())) {
                            throw e;
                        }
                        c.rollback(direct); // some ids are there already: merge instead
                    }
                }
                try (Statement st = c.createStatement()) {
                    // A session's own table: parallel writers never see each other's rows; seq keeps the order.
                    st.execute("CREATE TEMP TABLE IF NOT EXISTS cbam_shipment_stage (LIKE cbam_shipment_emissions, seq bigserial)");
                    st.execute("TRUNCATE cbam_shipment_stage");
                }
                copy.copyIn("COPY cbam_shipment_stage (" + COLUMNS + ") FROM STDIN", new StringReader(data));
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO cbam_shipment_emissions (" + COLUMNS + ") SELECT DISTINCT ON (shipment_id) "
                            + COLUMNS + " FROM cbam_shipment_stage ORDER BY shipment_id, seq DESC "
                            + "ON CONFLICT (run_id, shipment_id) DO UPDATE SET " + updateAll());
                }
                c.commit();
            } catch (SQLException | IOException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is replaced anyway
                }
                throw e instanceof SQLException ? (SQLException) e : new SQLException(e.getMessage(), e);
            }
        }

        private static String updateAll() {
            StringBuilder set = new StringBuilder();
            for (String column : COLUMNS.split(", ")) {
                if (column.equals("run_id") || column.equals("shipment_id")) {
                    continue;
                }
                if (set.length() > 0) {
                    set.append(", ");
                }
                set.append(column).append(" = EXCLUDED.").append(column);
            }
            return set.toString();
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                Properties props = new Properties();
                props.setProperty("user", database.user());
                props.setProperty("password", database.password());
                props.setProperty("connectTimeout", "10");
                connection = DriverManager.getConnection(database.url(), props);
                connection.setAutoCommit(false);
            }
            return connection;
        }

        private void closeConnection() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // replaced by a new one
                }
                connection = null;
            }
        }

        @Override
        public void close() {
            // Rows not yet written are written again after a restart from the last checkpoint.
            closeConnection();
        }
    }
}
