package dev.cbam.job;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.cbam.flink.ValidateShipments;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.files.ReportFiles;
import dev.cbam.job.files.WatchedFolderInputs;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

/**
 * Decides how a run ended once its job has, from the job's accumulators and the rows in PostgreSQL:
 * <ul>
 *   <li>completed, when every input file was read to its end and the rows add up — read = accepted +
 *       rejected, and every accepted shipment has its row — then the report files are rendered, the period's
 *       regulatory output (QReport or declaration) among them, and the run is marked {@code COMPLETED}, in that
 *       order;</li>
 *   <li>stopped, when the job ended before the end of its input (a stop with savepoint, or a watched folder);</li>
 *   <li>otherwise an exception: the caller marks the run {@code FAILED}. So does a regulatory output that cannot
 *       be written (a QReport the schema refuses, a report rule that fails): its one-line reason is the
 *       run's message, and the other report files say it too.</li>
 * </ul>
 */
public final class RunCompletion {

    private static final Logger LOG = LoggerFactory.getLogger(RunCompletion.class);

    private final ReportDatabase database;
    private final String runId;
    private final Path outputDir;
    private final String watchFolder;

    public RunCompletion(ReportDatabase database, String runId, Path outputDir, String watchFolder) {
        this.database = database;
        this.runId = runId;
        this.outputDir = outputDir;
        this.watchFolder = watchFolder;
    }

    /**
     * @param accumulators the finished job's accumulator results
     * @param inputFiles how many shipment files the run was given
     * @param jobId the Flink job's id
     */
    public ReportRun.Outcome finish(Map<String, ?> accumulators, int inputFiles, String jobId) throws Exception {
        long read = counter(accumulators, ValidateShipments.ROWS_READ);
        long filesCompleted = counter(accumulators, ValidateShipments.FILES_COMPLETED);
        long rowsInCompletedFiles = counter(accumulators, ValidateShipments.ROWS_IN_COMPLETED_FILES);
        if (watchFolder != null || filesCompleted < inputFiles) {
            String message = watchFolder != null
                    ? "stopped watching " + watchFolder + " after " + read + " rows; resume with --from-savepoint"
                    : "stopped before the end of the input (" + filesCompleted + " of " + inputFiles + " files read, "
                            + read + " rows); resume with --from-savepoint";
            if (watchFolder != null) {
                renderFiles();
            }
            database.stopRun(runId, message);
            return new ReportRun.Outcome(runId, ReportRun.Status.STOPPED, read, database.counts(runId), jobId);
        }
        long started = System.nanoTime();
        ReportDatabase.RunCounts counts = database.counts(runId);
        LOG.info("Rows of run {} counted in the database in {} ms", runId, (System.nanoTime() - started) / 1_000_000);
        if (rowsInCompletedFiles != read || read != counts.accepted() + counts.rejected()
                || counts.shipmentRows() != counts.accepted()) {
            throw new IllegalStateException("rows do not add up: read " + read + " of " + rowsInCompletedFiles
                    + " rows in the input, accepted " + counts.accepted() + " (" + counts.shipmentRows()
                    + " shipment rows), rejected " + counts.rejected());
        }
        ReportFiles.Rendered rendered = renderFiles();
        if (rendered.problem() != null) {
            throw new IllegalStateException(rendered.problem());
        }
        database.completeRun(runId, read, counts);
        return new ReportRun.Outcome(runId, ReportRun.Status.COMPLETED, read, counts, jobId);
    }

    /**
     * Renders the report files from the run's rows; a run that watches a folder first records in its
     * provenance the files read so far.
     */
    public ReportFiles.Rendered renderFiles() throws Exception {
        try (Connection c = database.connect()) {
            if (watchFolder != null) {
                WatchedFolderInputs.record(c, runId, watchFolder);
            }
            return ReportFiles.write(c, runId, outputDir);
        }
    }

    private static long counter(Map<String, ?> accumulators, String name) {
        Object value = accumulators.get(name);
        if (value instanceof Number) {
            return ((Number) value).longValue();
        }
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}
