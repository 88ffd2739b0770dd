package dev.cbam.job;

import dev.cbam.report.Importer;
import dev.cbam.report.ReportingPeriod;

import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything a run of the CBAM report job is configured with, parsed once from the command line (or a
 * FlinkDeployment's {@code args}) by {@link CommandLine}.
 *
 * @param shipments shipment files or folders
 * @param period the reporting period
 * @param importer who imports the goods (the authorised CBAM declarant)
 * @param declarantName the person signing the report, or {@code null}
 * @param declarantPosition the signing person's position, or {@code null}
 * @param installations the installations file, or {@code null}
 * @param referenceDir the folder with the official reference data
 * @param outputDir where report files (and the embedded database) go
 * @param database the PostgreSQL server, or {@code null} for the embedded one
 * @param parallelism job parallelism
 * @param mode batch or streaming execution
 * @param runId the run's identifier; rerunning an id replaces its rows
 * @param webUiPort the local web UI's port (0 for any free port, -1 for no web UI)
 * @param metricsPort the local Prometheus endpoint's port (0 for any free port, -1 for none)
 * @param checkpointing checkpoints and savepoints of streaming runs
 * @param fromSavepoint the savepoint (or retained checkpoint) a stopped run resumes from, or {@code null}
 * @param watch a folder watched for new shipment files (streaming, unbounded), or {@code null}
 * @param watchInterval how often the watched folder is listed
 * @param restartAttempts how often a failed streaming run restarts from its last checkpoint before it fails
 * @param maxRowsPerSecond the most shipment rows the job takes in per second, 0 for no limit
 * @param declaration the parameters of the annual declaration (definitive period)
 * @param qreport who makes and signs the quarterly report (transitional period)
 */
public record JobOptions(
        List<String> shipments,
        ReportingPeriod period,
        Importer importer,
        String declarantName,
        String declarantPosition,
        String installations,
        Path referenceDir,
        Path outputDir,
        Database database,
        int parallelism,
        Mode mode,
        String runId,
        int webUiPort,
        int metricsPort,
        Checkpointing checkpointing,
        String fromSavepoint,
        Path watch,
        Duration watchInterval,
        int restartAttempts,
        long maxRowsPerSecond,
        DeclarationSettings declaration,
        QReportParties qreport) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The EORI number format of Reg (EU) 952/2013 as the CBAM registry checks it. */
    public static final Pattern EORI = Pattern.compile("^[A-Z]{2}[A-Z0-9]{1,15}$");

    public JobOptions {
        shipments = List.copyOf(shipments);
    }

    /** True when the run resumes a stopped run from a savepoint or checkpoint. */
    public boolean resumes() {
        return fromSavepoint != null;
    }

    /** How the job runs: all input then all output (batch), or record by record (streaming). */
    public enum Mode {
        BATCH,
        STREAMING
    }

    /** Where keyed state lives in streaming runs. */
    public enum StateBackend {
        /** On the JVM heap: fastest, bounded by memory. */
        HASHMAP,
        /** In RocksDB on local disk: for state larger than memory (many shipment ids). */
        ROCKSDB
    }

    /**
     * Checkpoints and savepoints of streaming runs.
     *
     * @param interval time between checkpoints
     * @param timeout time after which a checkpoint is abandoned
     * @param checkpointDir where checkpoints are written
     * @param savepointDir where savepoints go unless a command names another folder
     * @param stateBackend where keyed state lives
     * @param retainOnCancel keep the last checkpoint when the job is cancelled, so the run can resume from it
     */
    public record Checkpointing(Duration interval, Duration timeout, Path checkpointDir, Path savepointDir,
            StateBackend stateBackend, boolean retainOnCancel) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * The parameters of the annual declaration that are not reference data; each is stated in its output.
     *
     * @param cscf the cross-sectoral correction factor, 0 to 1 (default 1)
     * @param etsPrice euro per certificate for quarters without a published price, or {@code null}: those quarters
     *     are then reported as unpriced
     * @param carbonPriceDeductions the file of carbon prices paid in third countries (Art 9), or {@code null}
     */
    public record DeclarationSettings(BigDecimal cscf, BigDecimal etsPrice, String carbonPriceDeductions)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What the quarterly report's header needs besides the importer's EORI, name and country and the signatory's
     * name and position.
     *
     * @param importerCity the importer's city (the schema requires a city for the reporting declarant)
     * @param signaturePlace where the report is signed
     * @param representative the indirect customs representative who reports for the importer, or {@code null}
     */
    public record QReportParties(String importerCity, String signaturePlace, Representative representative)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * An indirect customs representative (role 02 of the QReport).
     *
     * @param eori EORI number
     * @param name name
     * @param city city
     * @param country ISO code of the country of establishment
     */
    public record Representative(String eori, String name, String city, String country) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * A PostgreSQL server reached over JDBC.
     *
     * @param url JDBC URL
     * @param user user name
     * @param password password
     */
    public record Database(String url, String user, String password) implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "Database[" + url + ", user=" + user + "]";
        }
    }
}
