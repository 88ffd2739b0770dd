package dev.cbam.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.flink.EnrichAndDeduplicate;
import dev.cbam.flink.ReferenceFileFormat;
import dev.cbam.flink.ShipmentFileFormat;
import dev.cbam.flink.ValidateShipments;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.job.db.PostgresSinks;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.files.ReportFiles;
import dev.cbam.job.files.RunProvenance;
import dev.cbam.reference.InstallationFileException;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FlinkRuntimeException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of the report job, from checks to a {@code COMPLETED} run: checks the inputs, records the run,
 * executes the pipeline on the given environment, then checks that every row read was accepted or rejected
 * before marking the run complete. Used alike by {@code bin/cbam} (local MiniCluster) and by the cluster
 * entry point (application mode).
 */
public final class ReportRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobOptions options;
    private final ReportDatabase database;
    private final PrintStream console;

    public ReportRun(JobOptions options, ReportDatabase database, PrintStream console) {
        this.options = options;
        this.database = database;
        this.console = console;
    }

    /**
     * What a finished run produced.
     *
     * @param runId the run's id
     * @param read rows read
     * @param counts what the database holds of the run
     * @param result Flink's execution result
     */
    public record Outcome(String runId, Status status, long read, ReportDatabase.RunCounts counts, String jobId) {}

    /** How a run ended. */
    public enum Status {
        /** Every input file was read to its end, everything added up, the report files are written. */
        COMPLETED,
        /** The job was stopped (with a savepoint) before the end of its input; it can be resumed. */
        STOPPED,
        /** The job was submitted to a cluster without waiting for it (web submission). */
        SUBMITTED
    }

    /** The Flink configuration a run needs, whatever the environment. */
    public static Configuration configuration(JobOptions options) {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, options.mode() == JobOptions.Mode.BATCH
                ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
        // The adaptive batch scheduler would otherwise pick its own (often 1) parallelism for keyed operators.
        conf.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
        // Every record type has a Flink serializer; a Kryo fallback is a bug, so it fails the job at build time.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Every record type is an immutable record and no function keeps a record it may change: chained
        // operators can hand records on without a defensive copy each.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Fixed for every run: keyed state is split into this many key groups, so a savepoint can be resumed at
        // any parallelism up to it; changing it later would make savepoints unusable. 720 divides evenly by
        // most parallelisms.
        conf.set(PipelineOptions.MAX_PARALLELISM, 720);
        conf.set(PipelineOptions.NAME, JOB_NAME_PREFIX + options.period().label() + " " + options.importer().eori()
                + " " + options.runId());
        if (options.mode() == JobOptions.Mode.STREAMING) {
            JobOptions.Checkpointing cp = options.checkpointing();
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cp.interval());
            conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, cp.timeout());
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, uri(cp.checkpointDir()));
            conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, uri(cp.savepointDir()));
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, cp.retainOnCancel()
                    ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
                    : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
            conf.set(StateBackendOptions.STATE_BACKEND, cp.stateBackend() == JobOptions.StateBackend.ROCKSDB ? "rocksdb" : "hashmap");
            // Nearly every shipment id is looked up once before it is first stored: without a Bloom filter each of
            // those misses reads RocksDB's files, and a year-end run's ten million ids do not fit its cache.
            conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
            // A lost TaskManager or database connection: restart from the last checkpoint, waiting longer each time.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(30));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, options.restartAttempts());
            if (options.fromSavepoint() != null) {
                conf.set(StateRecoveryOptions.SAVEPOINT_PATH, options.fromSavepoint());
            }
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Math.min(options.restartAttempts(), 3));
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));
        }
        return conf;
    }

    /** The job id a cluster with high availability fixes for an application (Flink's internal option). */
    static final org.apache.flink.configuration.ConfigOption<String> FIXED_JOB_ID =
            org.apache.flink.configuration.ConfigOptions.key("$internal.pipeline.job-id").stringType().noDefaultValue();

    /**
     * True when main runs again on a new JobManager for a job Flink is recovering: the run is RUNNING and was
     * started by the very job id the cluster fixed for this application.
     */
    static boolean recoversAfterFailover(ReportDatabase.RunInfo run, String fixedJobId) {
        return run != null && fixedJobId != null && "RUNNING".equals(run.status()) && fixedJobId.equals(run.flinkJobId());
    }

    /** The prefix of the job names of report runs (the savepoint commands look for it). */
    public static final String JOB_NAME_PREFIX = "CBAM report ";

    private static String uri(java.nio.file.Path dir) {
        return dir.toAbsolutePath().normalize().toUri().toString();
    }

    /**
     * The inputs of a run, checked.
     *
     * @param reference the reference data
     * @param shipmentFiles the shipment files with their hashes
     */
    public record CheckedInputs(ReferenceData reference, List<InputFiles.InputFile> shipmentFiles) {}

    /**
     * Checks the inputs that a job would otherwise only discover when running (the shipment files, the
     * reference data, the installations file), with one-line errors.
     */
    public static CheckedInputs checkInputs(JobOptions options) {
        List<InputFiles.InputFile> inputs = options.watch() != null
                ? InputFiles.existing(options.watch())
                : InputFiles.list(options.shipments());
        ReferenceData reference;
        try {
            reference = ReferenceData.fromDirectory(options.referenceDir());
        } catch (IOException e) {
            throw new UsageException("reference data in " + options.referenceDir() + " is unusable: " + e.getMessage());
        }
        if (options.installations() != null) {
            try (InputStream in = Files.newInputStream(java.nio.file.Path.of(options.installations()))) {
                InstallationTable.read(options.installations(), in, reference.countries(), reference.scope());
            } catch (InstallationFileException e) {
                throw new UsageException(e.getMessage());
            } catch (IOException e) {
                throw new UsageException("cannot read " + options.installations() + ": " + e.getMessage());
            }
        }
        return new CheckedInputs(reference, inputs);
    }

    /** Runs the job on {@code env} (configured with {@link #configuration}) and waits for it. */
    public Outcome execute(StreamExecutionEnvironment env) throws Exception {
        return execute(env, checkInputs(options));
    }

    /** Runs the job with inputs already checked by {@link #checkInputs}. */
    public Outcome execute(StreamExecutionEnvironment env, CheckedInputs checked) throws Exception {
        ReferenceData reference = checked.reference();
        List<InputFiles.InputFile> inputs = checked.shipmentFiles();
        database.migrate();
        if (options.resumes()) {
            database.resumeRun(options.runId(), options.fromSavepoint());
            database.recordProvenance(options.runId(), RunProvenance.forRun(options, inputs, reference).toJsonText(),
                    options.referenceDir().toString());
        } else if (recoversAfterFailover(database.run(options.runId()), env.getConfiguration().get(FIXED_JOB_ID))) {
            // A new JobManager runs this main again for a job that Flink recovers from its last checkpoint: the
            // run's rows stay, as the recovered job goes on from them.
            if (console != null) {
                console.println("Recovering run " + options.runId() + " after a JobManager failover");
            }
        } else {
            prepareOutputDirectory();
            RunProvenance provenance = RunProvenance.forRun(options, inputs, reference);
            database.startRun(new ReportDatabase.RunStart(options.runId(), options.period().label(), options.importer().eori(),
                    options.importer().name(), options.importer().country(), options.declarantName(), options.declarantPosition(),
                    inputFilesJson(inputs), referenceJson(reference), toolVersion(), options.mode().name(), options.parallelism(),
                    provenance.toJsonText(), options.referenceDir().toString()));
        }
        try {
            CbamReportJob job = job(inputs);
            job.build(env);
            JobClient client = env.executeAsync();
            String jobId = client.getJobID().toString();
            database.recordJob(options.runId(), jobId, options.watch() == null ? null : options.watch().toString());
            CompletableFuture<JobExecutionResult> future;
            try {
                future = client.getJobExecutionResult();
            } catch (FlinkRuntimeException webSubmission) {
                // Submitted through the REST API of a session cluster: nobody waits here; the run stays RUNNING.
                return new Outcome(options.runId(), Status.SUBMITTED, 0, null, jobId);
            }
            JobExecutionResult result = waitWithProgress(client, future);
            return finish(result, inputs.size(), jobId);
        } catch (Exception | Error e) {
            try {
                database.failRun(options.runId(), rootMessage(e));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Outcome finish(JobExecutionResult result, int inputFiles, String jobId) throws Exception {
        return new RunCompletion(database, options.runId(), options.outputDir(),
                options.watch() == null ? null : options.watch().toString())
                .finish(result.getAllAccumulatorResults(), inputFiles, jobId);
    }

    private void renderFiles() throws Exception {
        new RunCompletion(database, options.runId(), options.outputDir(),
                options.watch() == null ? null : options.watch().toString()).renderFiles();
    }


    private CbamReportJob job(List<InputFiles.InputFile> inputs) {
        Map<String, String> shownAs = new HashMap<>();
        List<Path> inputPaths = new ArrayList<>();
        for (InputFiles.InputFile file : inputs) {
            Path path = new Path(file.path().toUri());
            shownAs.put(path.toString(), file.shownAs());
            inputPaths.add(path);
        }
        FileSource.FileSourceBuilder<ShipmentRow> shipments;
        if (options.watch() != null) {
            Path folder = new Path(options.watch().toAbsolutePath().normalize().toUri());
            shownAs.put(folder.toString(), options.watch().toString());
            shipments = FileSource.forBulkFileFormat(new ShipmentFileFormat(shownAs), folder)
                    .monitorContinuously(options.watchInterval());
        } else {
            shipments = FileSource.forBulkFileFormat(new ShipmentFileFormat(shownAs), inputPaths.toArray(new Path[0]));
        }
        FileSource<ShipmentRow> shipmentSource = shipments.build();

        Map<String, ReferenceDataset> datasetPaths = new HashMap<>();
        List<Path> referencePaths = new ArrayList<>();
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            Path path = new Path(options.referenceDir().resolve(dataset.fileName()).toAbsolutePath().normalize().toUri());
            datasetPaths.put(path.toString(), dataset);
            referencePaths.add(path);
        }
        String installationsPath = null;
        if (options.installations() != null) {
            Path path = new Path(java.nio.file.Path.of(options.installations()).toAbsolutePath().normalize().toUri());
            installationsPath = path.toString();
            referencePaths.add(path);
        }
        FileSource<dev.cbam.flink.ReferenceFile> referenceSource = FileSource
                .forBulkFileFormat(new ReferenceFileFormat(), referencePaths.toArray(new Path[0]))
                .build();

        CbamReportJob.Settings settings = new CbamReportJob.Settings(options.period(),
                read(ReferenceDataset.COUNTRIES), read(ReferenceDataset.CN_SCOPE), datasetPaths, installationsPath,
                // Streaming runs upsert changed lines as often as they checkpoint: the tables follow the intake
                // without rewriting every line for every shipment.
                options.mode() == JobOptions.Mode.STREAMING ? options.checkpointing().interval().toMillis() : 0,
                options.maxRowsPerSecond(), options.watch() == null ? inputs.size() : 0,
                options.watch() == null ? inputs.stream().mapToLong(InputFiles.InputFile::bytes).sum() : 0);
        JobOptions.Database db = database.database();
        CbamReportJob.Sinks sinks = new CbamReportJob.Sinks(
                PostgresSinks.reportLines(db, options.runId()),
                PostgresSinks.shipments(db, options.runId()),
                PostgresSinks.rejects(db, options.runId()));
        return new CbamReportJob(settings, shipmentSource, referenceSource, sinks);
    }

    private byte[] read(ReferenceDataset dataset) {
        try {
            return Files.readAllBytes(options.referenceDir().resolve(dataset.fileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the report files of an earlier run, so that a failed run cannot leave them looking current. */
    private void prepareOutputDirectory() throws IOException {
        Files.createDirectories(options.outputDir());
        for (String name : ReportFiles.ALL) {
            Files.deleteIfExists(options.outputDir().resolve(name));
        }
    }

    private JobExecutionResult waitWithProgress(JobClient client, CompletableFuture<JobExecutionResult> result) throws Exception {
        long started = System.nanoTime();
        long lastPrinted = 0;
        long lastRendered = System.nanoTime();
        while (true) {
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                long now = System.nanoTime();
                if (console != null && now - lastPrinted > 2_000_000_000L) {
                    printProgress(client, (now - started) / 1e9);
                    lastPrinted = now;
                }
                // A watched folder never ends: keep the report files current with what the job has written.
                if (options.watch() != null && now - lastRendered > options.checkpointing().interval().toNanos()) {
                    try {
                        renderFiles();
                    } catch (Exception e) {
                        // The next round tries again; the database may be briefly unreachable.
                    }
                    lastRendered = now;
                }
            } catch (ExecutionException failed) {
                throw failed.getCause() instanceof Exception ? (Exception) failed.getCause() : failed;
            }
        }
    }

    private void printProgress(JobClient client, double seconds) {
        try {
            Map<String, Object> acc = client.getAccumulators().get(2, TimeUnit.SECONDS);
            long read = number(acc.get(ValidateShipments.ROWS_READ));
            long rejected = number(acc.get(ValidateShipments.ROWS_REJECTED)) + number(acc.get(EnrichAndDeduplicate.ROWS_REJECTED_AT_ENRICHMENT))
                    + number(acc.get(EnrichAndDeduplicate.ROWS_REJECTED_AS_DUPLICATES));
            console.printf("  ... %,d rows read, %,d rejected, %,.0f rows/s%n", read, rejected, seconds > 0 ? read / seconds : 0.0);
        } catch (Exception e) {
            // Progress is informative only; the job's result decides.
        }
    }

    private static long number(Object value) {
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    private String inputFilesJson(List<InputFiles.InputFile> inputs) {
        ArrayNode array = JSON.createArrayNode();
        for (InputFiles.InputFile file : inputs) {
            ObjectNode node = array.addObject();
            node.put("path", file.shownAs());
            node.put("sha256", file.sha256());
            node.put("bytes", file.bytes());
        }
        if (options.installations() != null) {
            InputFiles.InputFile installations = InputFiles.describe(options.installations(),
                    java.nio.file.Path.of(options.installations()));
            ObjectNode node = array.addObject();
            node.put("path", installations.shownAs());
            node.put("role", "installations");
            node.put("sha256", installations.sha256());
            node.put("bytes", installations.bytes());
        }
        return array.toString();
    }

    private static String referenceJson(ReferenceData reference) {
        ArrayNode array = JSON.createArrayNode();
        Map<ReferenceDataset, String> hashes = new EnumMap<>(reference.sha256());
        hashes.forEach((dataset, sha) -> {
            ObjectNode node = array.addObject();
            node.put("file", dataset.fileName());
            node.put("source", dataset.source());
            node.put("version", dataset.version());
            node.put("sha256", sha);
        });
        return array.toString();
    }

    /** The version of this build. */
    public static String toolVersion() {
        Properties props = new Properties();
        try (InputStream in = ReportRun.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return props.getProperty("version", "unknown");
    }

    /** The innermost cause's message: what actually went wrong, in one line. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
