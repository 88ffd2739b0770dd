package dev.cbam.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.flink.EnrichWithEmissionFactors;
import dev.cbam.flink.KeepFirstShipmentId;
import dev.cbam.flink.ReferenceFileFormat;
import dev.cbam.flink.ShipmentFileFormat;
import dev.cbam.flink.ValidateShipments;
import dev.cbam.job.db.PostgresSinks;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.files.ReportFiles;
import dev.cbam.reference.InstallationFileException;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
    public record Outcome(String runId, long read, ReportDatabase.RunCounts counts, JobExecutionResult result) {}

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
        conf.set(PipelineOptions.NAME, "CBAM report " + options.period().label() + " " + options.importer().eori());
        return conf;
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
        List<InputFiles.InputFile> inputs = InputFiles.list(options.shipments());
        ReferenceData reference;
        try {
            reference = ReferenceData.fromDirectory(options.referenceDir());
        } catch (IOException e) {
            throw new UsageException("reference data in " + options.referenceDir() + " is unusable: " + e.getMessage());
        }
        if (options.installations() != null) {
            try (InputStream in = Files.newInputStream(java.nio.file.Path.of(options.installations()))) {
                InstallationTable.read(options.installations(), in, reference.countries());
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
        prepareOutputDirectory();
        database.migrate();
        database.startRun(new ReportDatabase.RunStart(options.runId(), options.period().label(), options.importer().eori(),
                options.importer().name(), options.importer().country(), options.declarantName(), options.declarantPosition(),
                inputFilesJson(inputs), referenceJson(reference), toolVersion(), options.mode().name(), options.parallelism()));
        try {
            CbamReportJob job = job(inputs);
            job.build(env);
            JobClient client = env.executeAsync();
            JobExecutionResult result = waitWithProgress(client);
            long read = result.<Long>getAccumulatorResult(ValidateShipments.ROWS_READ);
            ReportDatabase.RunCounts counts = database.counts(options.runId());
            if (read != counts.accepted() + counts.rejected() || counts.shipmentRows() != counts.accepted()) {
                throw new IllegalStateException("rows do not add up: read " + read + ", accepted " + counts.accepted()
                        + " (" + counts.shipmentRows() + " shipment rows), rejected " + counts.rejected());
            }
            try (java.sql.Connection c = database.connect()) {
                ReportFiles.write(c, options.runId(), options.period(), options.importer(), options.outputDir());
            }
            database.completeRun(options.runId(), read, counts);
            return new Outcome(options.runId(), read, counts, result);
        } catch (Exception | Error e) {
            try {
                database.failRun(options.runId(), rootMessage(e));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private CbamReportJob job(List<InputFiles.InputFile> inputs) {
        Map<String, String> shownAs = new HashMap<>();
        List<Path> inputPaths = new ArrayList<>();
        for (InputFiles.InputFile file : inputs) {
            Path path = new Path(file.path().toUri());
            shownAs.put(path.toString(), file.shownAs());
            inputPaths.add(path);
        }
        FileSource<dev.cbam.intake.ShipmentRow> shipmentSource = FileSource
                .forBulkFileFormat(new ShipmentFileFormat(shownAs), inputPaths.toArray(new Path[0]))
                .build();

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
                options.mode() == JobOptions.Mode.STREAMING ? 1_000 : 0);
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

    private JobExecutionResult waitWithProgress(JobClient client) throws Exception {
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        long started = System.nanoTime();
        long lastPrinted = 0;
        while (true) {
            try {
                return result.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException stillRunning) {
                long now = System.nanoTime();
                if (console != null && now - lastPrinted > 2_000_000_000L) {
                    printProgress(client, (now - started) / 1e9);
                    lastPrinted = now;
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
            long rejected = number(acc.get(ValidateShipments.ROWS_REJECTED)) + number(acc.get(EnrichWithEmissionFactors.ROWS_REJECTED))
                    + number(acc.get(KeepFirstShipmentId.ROWS_REJECTED));
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
