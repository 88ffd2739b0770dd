package dev.cbam.job.db;

import dev.cbam.job.JobOptions;
import dev.cbam.job.UsageException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;

/**
 * The run bookkeeping in PostgreSQL: the schema (versioned Flyway migrations in {@code db/migration}), and
 * the {@code cbam_runs} row of each run, which says {@code COMPLETED} only after the job's last write and a
 * check that every row read was accepted or rejected.
 */
public final class ReportDatabase {

    private final JobOptions.Database db;

    public ReportDatabase(JobOptions.Database db) {
        this.db = db;
    }

    public JobOptions.Database database() {
        return db;
    }

    /** Opens a connection, or fails with a one-line {@link UsageException} naming the server and the cause. */
    public Connection connect() {
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        // Batched INSERTs travel as multi-row statements: one round trip per batch instead of one per row.
        props.setProperty("reWriteBatchedInserts", "true");
        try {
            return DriverManager.getConnection(db.url(), props);
        } catch (SQLException e) {
            throw new UsageException("cannot connect to the database at " + db.url() + ": " + firstLine(e.getMessage()));
        }
    }

    /** Creates or migrates the schema to the version of this build. */
    public void migrate() {
        try {
            Flyway.configure(ReportDatabase.class.getClassLoader())
                    .dataSource(db.url(), db.user(), db.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new UsageException("cannot migrate the database schema at " + db.url() + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * What a run records about itself when it starts.
     *
     * @param provenanceJson the run's provenance ({@code RunProvenance}), from which its report files are rendered
     * @param referenceDir the reference folder the run reads
     */
    public record RunStart(String runId, String period, String importerEori, String importerName, String importerCountry,
            String declarantName, String declarantPosition, String inputFilesJson, String referenceDataJson,
            String toolVersion, String mode, int parallelism, String provenanceJson, String referenceDir) {}

    /** Starts a run: replaces every row of an earlier run with the same id, then records it as {@code RUNNING}. */
    public void startRun(RunStart run) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM cbam_runs WHERE run_id = ?")) {
                delete.setString(1, run.runId());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO cbam_runs (run_id, period, importer_eori, "
                    + "importer_name, importer_country, declarant_name, declarant_position, input_files, reference_data, "
                    + "tool_version, mode, parallelism, provenance, reference_dir, status, started_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?::jsonb, ?, 'RUNNING', ?)")) {
                int i = 1;
                insert.setString(i++, run.runId());
                insert.setString(i++, run.period());
                insert.setString(i++, run.importerEori());
                insert.setString(i++, run.importerName());
                insert.setString(i++, run.importerCountry());
                insert.setString(i++, run.declarantName());
                insert.setString(i++, run.declarantPosition());
                insert.setString(i++, run.inputFilesJson());
                insert.setString(i++, run.referenceDataJson());
                insert.setString(i++, run.toolVersion());
                insert.setString(i++, run.mode());
                insert.setInt(i++, run.parallelism());
                insert.setString(i++, run.provenanceJson());
                insert.setString(i++, run.referenceDir());
                insert.setTimestamp(i, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the run in the database: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * What the database holds of a run once the job has finished.
     *
     * @param accepted shipments in the report lines
     * @param shipmentRows rows in {@code cbam_shipment_emissions}
     * @param rejected rows in {@code cbam_rejects}
     * @param embeddedEmissionsTonnes sum of the lines' embedded emissions
     */
    public record RunCounts(long accepted, long shipmentRows, long rejected, BigDecimal embeddedEmissionsTonnes) {}

    public RunCounts counts(String runId) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT "
                        + "(SELECT COALESCE(SUM(shipments), 0) FROM cbam_report_lines WHERE run_id = ?), "
                        + "(SELECT COUNT(*) FROM cbam_shipment_emissions WHERE run_id = ?), "
                        + "(SELECT COUNT(*) FROM cbam_rejects WHERE run_id = ?), "
                        + "(SELECT COALESCE(SUM(embedded_emissions_t), 0) FROM cbam_report_lines WHERE run_id = ?)")) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, runId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new RunCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getBigDecimal(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run's counts: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * What {@code cbam_runs} says of a run.
     *
     * @param period the reporting period
     * @param importer the importer
     * @param status RUNNING, COMPLETED or FAILED
     */
    public record RunInfo(dev.cbam.report.ReportingPeriod period, dev.cbam.report.Importer importer, String status,
            int shipmentFiles, String flinkJobId, String watchFolder) {}

    /** The run's row, or {@code null} when the database has no run of that id. */
    public RunInfo run(String runId) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT period, importer_eori, importer_name, importer_country, status, "
                        + "(SELECT count(*) FROM jsonb_array_elements(input_files) f WHERE f->>'role' IS NULL), flink_job_id, "
                        + "watch_folder FROM cbam_runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new RunInfo(dev.cbam.report.ReportingPeriod.parse(rs.getString(1)),
                        new dev.cbam.report.Importer(rs.getString(2), rs.getString(3), rs.getString(4)), rs.getString(5),
                        rs.getInt(6), rs.getString(7), rs.getString(8));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read run " + runId + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Resumes a stopped (or failed) run from a savepoint: its rows stay, since the restored job state goes on
     * from them; the run is {@code RUNNING} again.
     */
    public void resumeRun(String runId, String savepoint) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("UPDATE cbam_runs SET status = 'RUNNING', resumed_from = ?, "
                        + "message = NULL, finished_at = NULL WHERE run_id = ? AND status <> 'COMPLETED'")) {
            ps.setString(1, savepoint);
            ps.setString(2, runId);
            if (ps.executeUpdate() != 1) {
                RunInfo run = run(runId);
                throw new UsageException(run == null
                        ? "the database has no run '" + runId + "' to resume"
                        : "run '" + runId + "' is COMPLETED; start a new run id instead of resuming it");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot resume run " + runId + ": " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * Records the provenance of a resumed run: the files and parameters it was resumed with are those its report
     * files are rendered with.
     */
    public void recordProvenance(String runId, String provenanceJson, String referenceDir) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("UPDATE cbam_runs SET provenance = ?::jsonb, reference_dir = ? "
                        + "WHERE run_id = ?")) {
            ps.setString(1, provenanceJson);
            ps.setString(2, referenceDir);
            ps.setString(3, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the provenance of run " + runId + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Records the Flink job that executes the run. */
    public void recordJob(String runId, String jobId, String watchFolder) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("UPDATE cbam_runs SET flink_job_id = ?, watch_folder = ? WHERE run_id = ?")) {
            ps.setString(1, jobId);
            ps.setString(2, watchFolder);
            ps.setString(3, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the job of run " + runId + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Marks a run {@code STOPPED}: its job ended before the end of its input (a stop with savepoint). */
    public void stopRun(String runId, String message) {
        finish(runId, "STOPPED", null, null, message);
    }

    /** Marks a running run {@code COMPLETED} with its counts. */
    public void completeRun(String runId, long read, RunCounts counts) {
        finish(runId, "COMPLETED", read, counts, null);
    }

    /** Marks a run {@code FAILED}; its rows stay for inspection but never count as a report. */
    public void failRun(String runId, String message) {
        finish(runId, "FAILED", null, null, message);
    }

    private void finish(String runId, String status, Long read, RunCounts counts, String message) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("UPDATE cbam_runs SET status = ?, rows_read = ?, rows_accepted = ?, "
                        + "rows_rejected = ?, embedded_emissions_t = ?, message = ?, finished_at = ? "
                        + "WHERE run_id = ? AND status = 'RUNNING'")) {
            ps.setString(1, status);
            ps.setObject(2, read);
            ps.setObject(3, counts == null ? null : counts.accepted());
            ps.setObject(4, counts == null ? null : counts.rejected());
            ps.setBigDecimal(5, counts == null ? null : counts.embeddedEmissionsTonnes());
            ps.setString(6, message);
            ps.setTimestamp(7, Timestamp.from(Instant.now()));
            ps.setString(8, runId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("run " + runId + " is no longer RUNNING in the database");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the end of the run: " + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
