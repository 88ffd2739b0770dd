package dev.cbam.job;

import dev.cbam.job.db.EmbeddedDatabase;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.files.ReportFiles;
import dev.cbam.report.Tonnes;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.prometheus.LoopbackPrometheusReporterFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code bin/cbam} command: runs the report job on a local Flink MiniCluster (web UI on localhost) with
 * an embedded PostgreSQL unless {@code --jdbc-url} names a server, and starts that database again for
 * querying. Errors are one line and a non-zero exit status; {@code CBAM_DEBUG=1} adds stack traces.
 */
public final class Cbam {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Cbam(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Cbam(System.out, System.err, System.getenv()).run(args));
    }

    int run(String[] args) {
        List<String> list = Arrays.asList(args);
        String command = list.isEmpty() ? "help" : list.get(0);
        List<String> rest = list.isEmpty() ? List.of() : list.subList(1, list.size());
        try {
            switch (command) {
                case "run":
                    if (rest.contains("--help") || rest.contains("-h")) {
                        out.print(usage());
                        return OK;
                    }
                    return runJob(CommandLine.parseRun(rest, env));
                case "db":
                    return database(rest);
                case "report":
                    return report(rest);
                case "savepoint":
                    return savepoint(rest, false);
                case "stop":
                    return savepoint(rest, true);
                case "finish":
                    return finish(rest);
                case "installations":
                    return installations(rest);
                case "help":
                case "--help":
                case "-h":
                    out.print(usage());
                    return OK;
                case "version":
                case "--version":
                    out.println("cbam " + ReportRun.toolVersion() + " (git commit "
                            + dev.cbam.job.files.RunProvenance.Tool.current().gitCommit() + ")");
                    return OK;
                default:
                    throw new UsageException("unknown command '" + command + "' (try: cbam --help)");
            }
        } catch (UsageException e) {
            err.println("cbam: error: " + e.getMessage());
            debug(e);
            return USAGE;
        } catch (Exception | Error e) {
            err.println("cbam: run failed: " + failure(e));
            // The one line is for the user; the log keeps the whole trace for whoever has to find the cause.
            LoggerFactory.getLogger(Cbam.class).error("cbam {} failed", command, e);
            debug(e);
            return FAILED;
        }
    }

    /** What went wrong, in one line; for a full heap, also what to do about it. */
    static String failure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return "out of memory (" + t.getMessage() + "); give the JVM more, e.g. CBAM_JAVA_OPTS=-Xmx2g bin/cbam run ...";
            }
        }
        return ReportRun.rootMessage(e);
    }

    private void debug(Throwable e) {
        if ("1".equals(env.get("CBAM_DEBUG"))) {
            e.printStackTrace(err);
        }
    }

    static String usage() {
        StringBuilder s = new StringBuilder();
        s.append("CBAM importer reporting on Apache Flink\n\n")
                .append("Usage:\n")
                .append("  cbam run --shipments PATH[,PATH...] --period 2026|2025Q4 --importer-eori EORI [options]\n")
                .append("  cbam db [--output-dir DIR] [--port N]   start the embedded PostgreSQL of a run again, for querying\n")
                .append("  cbam report --run-id ID [--output-dir DIR] [--jdbc-url URL --jdbc-user U --jdbc-password P]\n")
                .append("                                          write a run's report files again from the database\n")
                .append("  cbam savepoint [--rest-url URL] [--job-id ID] [--savepoint-dir DIR]\n")
                .append("                                          take a savepoint of a running report job\n")
                .append("  cbam stop --savepoint [--rest-url URL] [--job-id ID] [--savepoint-dir DIR]\n")
                .append("                                          stop a running report job with a savepoint (resume: run ... --from-savepoint PATH)\n")
                .append("  cbam finish --run-id ID [--rest-url URL] [--output-dir DIR] [--jdbc-url URL ...]\n")
                .append("                                          wait for a run submitted to a session cluster, then check it and write its files\n")
                .append("  cbam installations FILE.xlsx|DIR ... [--output installations.csv] [--verified] [--reference-dir DIR]\n")
                .append("                                          read filled CBAM Communication Templates into the installations CSV\n")
                .append("  cbam --help | --version\n\n")
                .append("Options of run:\n");
        CommandLine.RUN_OPTIONS.forEach((option, help) -> s.append(String.format("  %-30s %s%n", option, help)));
        s.append("\nOutputs: DIR/report.json, DIR/summary.md, DIR/rejects.csv, DIR/qreport.xml (transitional quarter) or\n")
                .append("DIR/declaration.json and DIR/declaration.csv (definitive year), and the tables cbam_runs, cbam_report_lines,\n")
                .append("cbam_shipment_emissions, cbam_rejects and cbam_declaration_lines in PostgreSQL. See README.md.\n");
        return s.toString();
    }

    private int runJob(JobOptions options) throws Exception {
        System.setProperty("cbam.log.file", options.outputDir().resolve("cbam.log").toAbsolutePath().toString());
        ReportRun.CheckedInputs inputs = ReportRun.checkInputs(options);
        EmbeddedDatabase embedded = null;
        try {
            JobOptions.Database db = options.database();
            if (db == null) {
                embedded = EmbeddedDatabase.start(options.outputDir().resolve("postgres"), 0);
                db = embedded.database();
                out.println("Embedded PostgreSQL on 127.0.0.1:" + embedded.port() + " (data in " + embedded.dataDirectory() + ")");
            }
            ReportDatabase database = new ReportDatabase(db);
            database.connect().close();

            Configuration conf = ReportRun.configuration(options);
            conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.parallelism());
            // The MiniCluster's servers (its BLOB server among them) listen on loopback only, like everything local.
            conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
            conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
            if (options.metricsPort() >= 0) {
                int port = options.metricsPort() == 0 || !free(options.metricsPort()) ? freePort() : options.metricsPort();
                if (options.metricsPort() > 0 && port != options.metricsPort()) {
                    out.println("Port " + options.metricsPort() + " is busy; the metrics endpoint uses " + port + " instead.");
                }
                conf.setString("metrics.reporter.prom.factory.class", LoopbackPrometheusReporterFactory.class.getName());
                conf.setString("metrics.reporter.prom.host", "127.0.0.1");
                conf.setString("metrics.reporter.prom.port", Integer.toString(port));
                out.println("Prometheus metrics: http://localhost:" + port + "/metrics (while the job runs; see monitoring/README.md)");
            }
            StreamExecutionEnvironment env;
            if (options.webUiPort() < 0) {
                env = StreamExecutionEnvironment.createLocalEnvironment(conf);
            } else {
                int port = options.webUiPort() == 0 || !free(options.webUiPort()) ? freePort() : options.webUiPort();
                if (options.webUiPort() > 0 && port != options.webUiPort()) {
                    out.println("Port " + options.webUiPort() + " is busy; the web UI uses " + port + " instead.");
                }
                conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
                conf.set(RestOptions.ADDRESS, "127.0.0.1");
                conf.set(RestOptions.PORT, port);
                env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
                out.println("Flink web UI: http://localhost:" + port + "/ (while the job runs)");
            }
            out.printf("Run %s: period %s, importer %s, %s mode, parallelism %d%n", options.runId(), options.period().label(),
                    options.importer().eori(), options.mode().name().toLowerCase(java.util.Locale.ROOT), options.parallelism());

            long started = System.nanoTime();
            ReportRun.Outcome outcome = new ReportRun(options, database, out).execute(env, inputs);
            double seconds = (System.nanoTime() - started) / 1e9;
            Path dir = options.outputDir();
            if (outcome.status() == ReportRun.Status.STOPPED) {
                out.printf("Stopped after %.1f s: %,d rows read so far, %,d accepted, %,d rejected. Run '%s' is STOPPED.%n", seconds,
                        outcome.read(), outcome.counts().accepted(), outcome.counts().rejected(), outcome.runId());
                out.println("Resume it with the same options plus: --run-id " + outcome.runId()
                        + " --from-savepoint <the path 'cbam stop --savepoint' printed>");
                return OK;
            }
            out.printf("Done in %.1f s: %,d rows read, %,d accepted, %,d rejected.%n", seconds, outcome.read(),
                    outcome.counts().accepted(), outcome.counts().rejected());
            out.println("Embedded emissions that count: " + outcome.counts().embeddedEmissionsTonnes().setScale(6).toPlainString() + " tCO2e");
            out.println("Report:  " + dir.resolve(ReportFiles.REPORT_JSON));
            out.println("Summary: " + dir.resolve(ReportFiles.SUMMARY_MD));
            out.println("Rejects: " + dir.resolve(ReportFiles.REJECTS_CSV) + (outcome.counts().rejected() > 0 ? "" : " (none)"));
            if (options.period().definitive()) {
                out.println("Declaration: " + dir.resolve(ReportFiles.DECLARATION_JSON) + ", " + ReportFiles.DECLARATION_CSV);
            } else if (java.nio.file.Files.exists(dir.resolve(ReportFiles.QREPORT_XML))) {
                out.println("QReport: " + dir.resolve(ReportFiles.QREPORT_XML) + " (valid against QReport_ver23.00.xsd)");
            } else {
                out.println("QReport: none (no goods accepted for " + options.period().label() + ")");
            }
            if (embedded != null) {
                out.println("Database: run '" + outcome.runId() + "' in the embedded PostgreSQL; query it with: bin/cbam db --output-dir " + dir);
            } else {
                out.println("Database: run '" + outcome.runId() + "' in " + db.url());
            }
            return OK;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private int database(List<String> args) throws InterruptedException {
        Map<String, String> o = CommandLine.parseOptions(args, java.util.Set.of("--output-dir", "--port"));
        Path dir = Path.of(o.getOrDefault("--output-dir", "output"));
        if (!java.nio.file.Files.isDirectory(dir.resolve("postgres"))) {
            throw new UsageException("no embedded database in " + dir + " (run 'cbam run' with --output-dir " + dir + " first)");
        }
        int port = CommandLine.intOption(o, "--port", 0, 0, 65535);
        EmbeddedDatabase embedded = EmbeddedDatabase.start(dir.resolve("postgres"), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            embedded.close();
            stopped.countDown();
        }));
        out.println("Embedded PostgreSQL of " + dir + " is running on 127.0.0.1:" + embedded.port() + ".");
        out.println("  JDBC: " + embedded.database().url() + " (user postgres, no password)");
        out.println("  psql: " + embedded.psqlCommand());
        out.println("Press Ctrl-C to stop it.");
        stopped.await();
        return OK;
    }

    private int report(List<String> args) throws Exception {
        Map<String, String> o = CommandLine.parseOptions(args,
                java.util.Set.of("--run-id", "--output-dir", "--jdbc-url", "--jdbc-user", "--jdbc-password"));
        String runId = o.get("--run-id");
        if (runId == null) {
            throw new UsageException("missing --run-id");
        }
        Path dir = Path.of(o.getOrDefault("--output-dir", "output"));
        EmbeddedDatabase embedded = null;
        try {
            JobOptions.Database db;
            String url = o.getOrDefault("--jdbc-url", env.get("CBAM_JDBC_URL"));
            if (url != null) {
                db = new JobOptions.Database(url, o.getOrDefault("--jdbc-user", env.getOrDefault("CBAM_JDBC_USER", "")),
                        o.getOrDefault("--jdbc-password", env.getOrDefault("CBAM_JDBC_PASSWORD", "")));
            } else {
                if (!java.nio.file.Files.isDirectory(dir.resolve("postgres"))) {
                    throw new UsageException("no embedded database in " + dir + " (give --output-dir of the run, or --jdbc-url)");
                }
                embedded = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
                db = embedded.database();
            }
            ReportDatabase database = new ReportDatabase(db);
            ReportDatabase.RunInfo run = database.run(runId);
            if (run == null) {
                throw new UsageException("the database has no run '" + runId + "'");
            }
            ReportFiles.Rendered rendered;
            try (java.sql.Connection c = database.connect()) {
                rendered = ReportFiles.write(c, runId, dir);
            }
            out.println("Wrote " + dir.resolve(ReportFiles.REPORT_JSON) + ", " + ReportFiles.SUMMARY_MD + ", "
                    + ReportFiles.REJECTS_CSV + regulatoryFiles(rendered) + " of run " + runId + " (" + run.status() + ")");
            if (rendered.problem() != null) {
                out.println("Note: " + rendered.problem());
            }
            if (!"COMPLETED".equals(run.status())) {
                out.println("Note: the run is " + run.status() + "; the files show the rows it has written so far.");
            }
            return OK;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** The regulatory files a rendering wrote, as a list to append to the other files' names. */
    private static String regulatoryFiles(ReportFiles.Rendered rendered) {
        if (rendered.qreport() != null) {
            return ", " + ReportFiles.QREPORT_XML;
        }
        return rendered.declaration() != null ? ", " + ReportFiles.DECLARATION_JSON + ", " + ReportFiles.DECLARATION_CSV : "";
    }

    private int savepoint(List<String> args, boolean stop) {
        Map<String, String> o = CommandLine.parseOptions(args,
                java.util.Set.of("--rest-url", "--job-id", "--savepoint-dir", "--savepoint", "--timeout"));
        if (stop && !o.containsKey("--savepoint")) {
            throw new UsageException("cbam stop needs --savepoint (stopping without one would lose the run's state)");
        }
        if (!stop && o.containsKey("--savepoint")) {
            throw new UsageException("unknown option --savepoint");
        }
        dev.cbam.job.rest.FlinkRest rest = new dev.cbam.job.rest.FlinkRest(
                o.getOrDefault("--rest-url", env.getOrDefault("CBAM_REST_URL", "http://localhost:8081")));
        String jobId = o.get("--job-id");
        if (jobId == null) {
            List<dev.cbam.job.rest.FlinkRest.Job> running = rest.jobs().stream()
                    .filter(j -> j.state().equals("RUNNING") && j.name().startsWith(ReportRun.JOB_NAME_PREFIX)).toList();
            if (running.size() != 1) {
                throw new UsageException(running.isEmpty() ? "no running CBAM report job"
                        : running.size() + " running CBAM report jobs; choose one with --job-id: " + running);
            }
            jobId = running.get(0).id();
        }
        // The REST API only knows the cluster's default folder, not the job's: always name one.
        Path dir = Path.of(o.getOrDefault("--savepoint-dir", env.getOrDefault("CBAM_SAVEPOINT_DIR", "output/savepoints")));
        String location = rest.savepoint(jobId, stop, dir.toAbsolutePath().normalize().toUri().toString(),
                java.time.Duration.ofSeconds(CommandLine.intOption(o, "--timeout", 600, 1, 86_400)));
        out.println((stop ? "Stopped job " : "Savepoint of job ") + jobId + ": " + location);
        if (stop) {
            out.println("Resume with: bin/cbam run <the same options> --run-id <the run's id> --from-savepoint " + location);
        }
        return OK;
    }

    /** Completes a run whose job was submitted detached (REST submission to a session cluster). */
    private int finish(List<String> args) throws Exception {
        Map<String, String> o = CommandLine.parseOptions(args, java.util.Set.of("--run-id", "--rest-url", "--output-dir",
                "--jdbc-url", "--jdbc-user", "--jdbc-password", "--timeout"));
        String runId = o.get("--run-id");
        if (runId == null) {
            throw new UsageException("missing --run-id");
        }
        String url = o.getOrDefault("--jdbc-url", env.get("CBAM_JDBC_URL"));
        if (url == null) {
            throw new UsageException("cbam finish needs --jdbc-url (or CBAM_JDBC_URL): the database the job writes to");
        }
        ReportDatabase database = new ReportDatabase(new JobOptions.Database(url,
                o.getOrDefault("--jdbc-user", env.getOrDefault("CBAM_JDBC_USER", "")),
                o.getOrDefault("--jdbc-password", env.getOrDefault("CBAM_JDBC_PASSWORD", ""))));
        ReportDatabase.RunInfo run = database.run(runId);
        if (run == null) {
            throw new UsageException("the database has no run '" + runId + "'");
        }
        if (!"RUNNING".equals(run.status()) || run.flinkJobId() == null) {
            throw new UsageException("run '" + runId + "' is " + run.status() + (run.flinkJobId() == null ? " and has no job" : ""));
        }
        dev.cbam.job.rest.FlinkRest rest = new dev.cbam.job.rest.FlinkRest(
                o.getOrDefault("--rest-url", env.getOrDefault("CBAM_REST_URL", "http://localhost:8081")));
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(CommandLine.intOption(o, "--timeout", 86_400, 1, 864_000)).toNanos();
        String state = rest.state(run.flinkJobId());
        while (!List.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
            if (System.nanoTime() > deadline) {
                throw new UsageException("job " + run.flinkJobId() + " is still " + state);
            }
            Thread.sleep(1_000);
            state = rest.state(run.flinkJobId());
        }
        if (!state.equals("FINISHED")) {
            database.failRun(runId, "job " + run.flinkJobId() + " ended " + state);
            throw new IllegalStateException("job " + run.flinkJobId() + " ended " + state + "; run '" + runId + "' is FAILED");
        }
        RunCompletion completion = new RunCompletion(database, runId, Path.of(o.getOrDefault("--output-dir", "output")),
                run.watchFolder());
        ReportRun.Outcome outcome;
        try {
            outcome = completion.finish(rest.accumulators(run.flinkJobId()), run.shipmentFiles(), run.flinkJobId());
        } catch (IllegalStateException e) {
            database.failRun(runId, e.getMessage());
            throw e;
        }
        out.printf("Run %s %s: %,d rows read, %,d accepted, %,d rejected.%n", runId,
                outcome.status().name(), outcome.read(), outcome.counts().accepted(), outcome.counts().rejected());
        return OK;
    }

    /** Reads suppliers' Communication Templates into an installations file (or prints it). */
    private int installations(List<String> args) throws Exception {
        List<String> inputs = new java.util.ArrayList<>();
        String output = null;
        boolean verified = false;
        Path referenceDir = Path.of(env.getOrDefault("CBAM_REFERENCE_DIR", "datasets/reference"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--output" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--output needs a value");
                    }
                    output = args.get(++i);
                }
                case "--verified" -> verified = true;
                case "--reference-dir" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--reference-dir needs a value");
                    }
                    referenceDir = Path.of(args.get(++i));
                }
                default -> {
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option " + arg);
                    }
                    inputs.add(arg);
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new UsageException("cbam installations needs one or more templates (.xlsx) or folders of them");
        }
        dev.cbam.reference.ReferenceData reference;
        try {
            reference = dev.cbam.reference.ReferenceData.fromDirectory(referenceDir);
        } catch (java.io.IOException e) {
            throw new UsageException("reference data in " + referenceDir + " is unusable: " + e.getMessage());
        }
        dev.cbam.intake.excel.InstallationsImport.Result result =
                new dev.cbam.intake.excel.InstallationsImport(reference).run(inputs, verified);
        result.messages().forEach(err::println);
        if (output != null) {
            result.write(Path.of(output));
        } else if (result.csv() != null) {
            out.print(result.csv());
        }
        return result.exitStatus();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
