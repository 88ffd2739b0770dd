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
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes the per-shipment rows ({@code cbam_shipment_emissions}) with PostgreSQL's {@code COPY}: a year-end
 * file has millions of shipments, and one {@code INSERT} round trip per row would make the database the
 * bottleneck of the whole job.
 *
 * <p>Idempotent like the other sinks: a batch holds one row per shipment id (a later row of the id replaces
 * the earlier one, as when the kept row of an id changed), and is copied straight into the table when none of
 * its ids is there yet (a fresh run), or otherwise — a replay after a restart, an id whose kept row changed
 * after its first row was written — merged through a temporary table with an upsert. Batches are written
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
        return new CopyWriter(database, runId, batchRows, CbamMetrics.of(context.metricGroup()),
                context.getTaskInfo().getTaskNameWithSubtasks());
    }

    /** Appends one row in COPY's text format. */
    static void appendRow(CopyText out, String runId, ShipmentEmissions e) {
        Shipment s = e.shipment();
        out.text(runId).tab();
        out.text(s.shipmentId()).tab();
        out.ascii(s.importDate().toString()).tab();
        out.ascii(s.cnCode()).tab();
        out.ascii(s.sector().id()).tab();
        out.ascii(s.originCountry()).tab();
        out.text(s.installationId()).tab();
        out.text(s.productVariant()).tab();
        out.text(s.customsProcedure()).tab();
        out.ascii(e.method().name()).tab();
        out.text(e.variant()).tab();
        out.sixDecimals(s.netMassGrams()).tab();
        out.sixDecimals(s.quantityWattHours()).tab();
        out.ascii(e.seeDirect().toPlainString()).tab();
        out.ascii(e.seeIndirect().toPlainString()).tab();
        out.ascii(e.seeCounted().toPlainString()).tab();
        out.ascii(e.markUpRate().toPlainString()).tab();
        out.sixDecimals(e.directGrams()).tab();
        out.sixDecimals(e.indirectGrams()).tab();
        out.sixDecimals(e.embeddedGrams()).tab();
        out.text(e.factorSource()).tab();
        out.ascii('{');
        boolean first = true;
        for (CalculationNote note : CalculationNote.values()) {
            if (note.in(e.notes())) {
                if (!first) {
                    out.ascii(',');
                }
                out.ascii(note.name());
                first = false;
            }
        }
        out.ascii('}').tab();
        out.text(s.sourceFile()).tab();
        out.number(s.sourceLine()).newLine();
    }

    /**
     * The rows of one copy, encoded, a row per shipment id: when an id comes again (its kept row changed: an
     * earlier row of the id arrived later), its new row replaces the old one, as the table's upsert would.
     */
    private static final class Batch {
        final CopyText text = new CopyText(1 << 20);
        /** Where each row starts in {@link #text}, and for replaced rows, that they are left out. */
        private int[] starts = new int[1024];
        private final BitSet replaced = new BitSet();
        private final Map<String, Integer> rowOfId = new HashMap<>();
        private int rows;
        /** Set by the copying thread: how many attempts failed before the batch was written. */
        int retries;

        void add(String runId, ShipmentEmissions e) {
            if (rows == starts.length) {
                starts = Arrays.copyOf(starts, rows * 2);
            }
            starts[rows] = text.length();
            appendRow(text, runId, e);
            Integer earlier = rowOfId.put(e.shipment().shipmentId(), rows);
            if (earlier != null) {
                replaced.set(earlier);
            }
            rows++;
        }

        /** Rows added, replaced ones included: what the batch costs in memory. */
        int added() {
            return rows;
        }

        /** Rows to write. */
        int size() {
            return rows - replaced.cardinality();
        }

        /** Writes the rows to a {@code COPY}, in one piece when none was replaced. */
        void writeTo(CopyIn in) throws SQLException {
            if (replaced.isEmpty()) {
                in.writeToCopy(text.bytes(), 0, text.length());
                return;
            }
            for (int row = replaced.nextClearBit(0); row < rows; row = replaced.nextClearBit(row + 1)) {
                int end = row + 1 < rows ? starts[row + 1] : text.length();
                in.writeToCopy(text.bytes(), starts[row], end - starts[row]);
            }
        }

        void clear() {
            text.clear();
            replaced.clear();
            rowOfId.clear();
            rows = 0;
            retries = 0;
        }
    }

    /**
     * Fills one batch while the previous one is being copied by a thread of its own: PostgreSQL parses and
     * indexes a batch on its core while this task encodes the next on another, instead of each waiting for
     * the other. At most one batch is in flight; {@code flush} (every checkpoint, the end of the input) waits
     * until every row handed over is in the database.
     */
    private static final class CopyWriter implements SinkWriter<ShipmentEmissions> {
        private static final Logger LOG = LoggerFactory.getLogger(ShipmentRowsSink.class);
        private static final int ATTEMPTS = 4;

        private final JobOptions.Database database;
        private final String runId;
        private final int batchRows;
        private final ExecutorService copier;
        private Batch filling = new Batch();
        private Batch spare = new Batch();
        private Future<Batch> inFlight;
        /** Used by the copying thread, and closed by {@code close} if that thread does not stop. */
        private volatile Connection connection;
        private final Counter rowsWritten;
        private final Counter retries;
        private final Counter failures;

        CopyWriter(JobOptions.Database database, String runId, int batchRows, MetricGroup metrics, String taskName) {
            this.database = database;
            this.runId = runId;
            this.batchRows = batchRows;
            this.rowsWritten = metrics.counter(CbamMetrics.SINK_ROWS_WRITTEN);
            this.retries = metrics.counter(CbamMetrics.SINK_RETRIES);
            this.failures = metrics.counter(CbamMetrics.SINK_FAILURES);
            this.copier = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "COPY of shipment rows for " + taskName);
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void write(ShipmentEmissions e, Context context) throws IOException {
            filling.add(runId, e);
            if (filling.added() >= batchRows) {
                handOver();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (filling.added() > 0) {
                handOver();
            }
            awaitInFlight();
        }

        /** Sends the filled batch to the copying thread, once the batch before it is written. */
        private void handOver() throws IOException {
            awaitInFlight();
            Batch batch = filling;
            filling = spare;
            spare = null;
            inFlight = copier.submit(() -> {
                writeWithRetries(batch);
                return batch;
            });
        }

        private void awaitInFlight() throws IOException {
            if (inFlight == null) {
                return;
            }
            Batch done;
            try {
                done = inFlight.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing shipment rows", e);
            } catch (ExecutionException e) {
                inFlight = null;
                failures.inc();
                throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
            }
            inFlight = null;
            rowsWritten.inc(done.size());
            retries.inc(done.retries);
            done.clear();
            spare = done;
        }

        /** On the copying thread. */
        private void writeWithRetries(Batch batch) throws IOException {
            for (int attempt = 1; ; attempt++) {
                try {
                    copy(batch);
                    return;
                } catch (SQLException e) {
                    closeConnection();
                    if (attempt == ATTEMPTS) {
                        throw new IOException("cannot write " + batch.size() + " shipment rows to PostgreSQL: " + e.getMessage(), e);
                    }
                    LOG.warn("writing shipment rows failed (attempt {} of {}), retrying: {}", attempt, ATTEMPTS, e.getMessage());
                    batch.retries++;
                    try {
                        Thread.sleep(1_000L * attempt);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while retrying", interrupted);
                    }
                }
            }
        }

        private void copy(Batch batch) throws SQLException {
            Connection c = connection();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try {
                Savepoint direct = c.setSavepoint();
                try {
                    copyIn(copy, "COPY cbam_shipment_emissions (" + COLUMNS + ") FROM STDIN", batch);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    c.rollback(direct); // some ids are there already: merge instead
                }
                try (Statement st = c.createStatement()) {
                    // A session's own table: parallel writers never see each other's rows; seq keeps the order.
                    st.execute("CREATE TEMP TABLE IF NOT EXISTS cbam_shipment_stage (LIKE cbam_shipment_emissions, seq bigserial)");
                    st.execute("TRUNCATE cbam_shipment_stage");
                }
                copyIn(copy, "COPY cbam_shipment_stage (" + COLUMNS + ") FROM STDIN", batch);
                try (Statement st = c.createStatement()) {
                    st.execute("INSERT INTO cbam_shipment_emissions (" + COLUMNS + ") SELECT DISTINCT ON (shipment_id) "
                            + COLUMNS + " FROM cbam_shipment_stage ORDER BY shipment_id, seq DESC "
                            + "ON CONFLICT (run_id, shipment_id) DO UPDATE SET " + updateAll());
                }
                c.commit();
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is replaced anyway
                }
                throw e;
            }
        }

        private static void copyIn(CopyManager copy, String sql, Batch batch) throws SQLException {
            CopyIn in = copy.copyIn(sql);
            try {
                batch.writeTo(in);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
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
            Connection c = connection;
            connection = null;
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // replaced by a new one
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            // Rows not yet written are written again after a restart from the last checkpoint.
            copier.shutdownNow();
            if (!copier.awaitTermination(5, TimeUnit.SECONDS)) {
                // A copy blocked on the socket ignores the interrupt; closing its connection ends it.
                closeConnection();
                copier.awaitTermination(10, TimeUnit.SECONDS);
            }
            closeConnection();
        }
    }
}
