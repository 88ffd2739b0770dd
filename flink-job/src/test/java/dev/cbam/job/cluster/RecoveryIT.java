package dev.cbam.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.generate.ShipmentGenerator;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.job.CommandLine;
import dev.cbam.job.JobOptions;
import dev.cbam.job.ReportRun;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.testing.Runs;
import dev.cbam.job.testing.Tables;
import dev.cbam.reference.ReferenceData;
import dev.cbam.report.ReportingPeriod;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on a real multi-process Flink cluster (deployment/local: a JobManager and TaskManagers in their own
 * JVMs): a planned stop with savepoint and resume, a TaskManager killed with SIGKILL, PostgreSQL stopped for a
 * while, a TaskManager joining a reactive-mode job, malformed files in a watched folder. Each run must end with
 * exactly the tables and report files of an uninterrupted run: nothing lost, nothing counted twice.
 */
class RecoveryIT {

    private static final int ROWS = 40_000;
    /** Slow enough to act half way through, on any machine. */
    private static final String RATE = "2500";

    @TempDir
    static Path temp;

    private static Path input;
    private static Path pgData;
    private static int pgPort;
    private static EmbeddedPostgres postgres;
    private static List<String> referenceTables;
    private static String referenceReport;
    private static String referenceRejects;

    @BeforeAll
    static void generateInputAndAnUninterruptedRun() throws Exception {
        input = temp.resolve("input");
        new ShipmentGenerator(ReferenceData.fromClasspath(), ReportingPeriod.parse("2026"), 7, 0.02, 0.1)
                .write(input, ROWS, 4);
        Files.move(input.resolve("installations.csv"), temp.resolve("installations.csv"));
        pgData = temp.resolve("pg");
        pgPort = freePort();
        startPostgres();

        JobOptions options = CommandLine.parseRun(args("reference", 2, "--mode", "batch"), Map.of());
        Configuration conf = ReportRun.configuration(options);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        ReportRun.Outcome outcome = new ReportRun(options, new ReportDatabase(options.database()), null)
                .execute(StreamExecutionEnvironment.createLocalEnvironment(conf));
        assertThat(outcome.status()).isEqualTo(ReportRun.Status.COMPLETED);
        assertThat(outcome.read()).isEqualTo(ROWS);
        referenceTables = tables("reference");
        referenceReport = Files.readString(temp.resolve("out/reference/report.json"));
        referenceRejects = Files.readString(temp.resolve("out/reference/rejects.csv"));
        assertThat(referenceTables).hasSizeGreaterThan(ROWS);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(pgData.toFile()).setCleanDataDirectory(false).setPort(pgPort)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    /** The options of {@code cbam run} for a run of the generated input. */
    private static List<String> args(String runId, int parallelism, String... extra) {
        List<String> args = new ArrayList<>(List.of("--shipments", input.toString(),
                "--installations", temp.resolve("installations.csv").toString(), "--period", "2026",
                "--importer-eori", "NL123456789", "--reference-dir", Runs.ROOT.resolve("datasets/reference").toString(),
                "--jdbc-url", jdbcUrl(), "--jdbc-user", "postgres", "--output-dir", temp.resolve("out").resolve(runId).toString(),
                "--run-id", runId, "--parallelism", Integer.toString(parallelism), "--no-web-ui"));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> streaming(String runId, int parallelism, String... extra) {
        List<String> args = args(runId, parallelism, "--mode", "streaming", "--checkpoint-interval", "1s");
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> tables(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            return Tables.dump(c, runId);
        }
    }

    private static String status(String runId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
            return Tables.rows(c, "SELECT status || '|' || coalesce(rows_read::text, '') || '|' || coalesce(message, '') "
                    + "FROM cbam_runs WHERE run_id = '" + runId + "'").get(0);
        }
    }

    private static void assertSameAsUninterrupted(String runId) throws Exception {
        assertThat(status(runId)).startsWith("COMPLETED|" + ROWS);
        assertThat(tables(runId)).isEqualTo(referenceTables);
        assertThat(Files.readString(temp.resolve("out").resolve(runId).resolve("report.json"))).isEqualTo(referenceReport);
        assertThat(Files.readString(temp.resolve("out").resolve(runId).resolve("rejects.csv"))).isEqualTo(referenceRejects);
    }

    private LocalCluster cluster(String name) throws Exception {
        return new LocalCluster(temp.resolve("cluster-" + name), freePort());
    }

    /** Waits until the job has read a share of the input and completed a checkpoint. */
    private static void awaitProgress(LocalCluster cluster, String jobId, double share) throws InterruptedException {
        cluster.awaitOnCluster(Duration.ofMinutes(3), () -> cluster.rowsRead(jobId) >= ROWS * share);
        cluster.awaitOnCluster(Duration.ofMinutes(1), () -> cluster.completedCheckpoints(jobId) >= 1);
    }

    @Test
    void stopWithSavepointAndResumeAtTheSameAndAtAnotherParallelism() throws Exception {
        String run = "savepoints";
        String savepoint;
        try (LocalCluster first = cluster("sp1")) {
            first.startApplication(2, 1, false, streaming(run, 2, "--max-rows-per-second", RATE));
            String job = first.jobId();
            awaitProgress(first, job, 0.2);
            savepoint = first.rest.savepoint(job, true, temp.resolve("savepoints").toUri().toString(), Duration.ofMinutes(2));
            first.awaitJobManagerExit(Duration.ofMinutes(2));
        }
        assertThat(status(run)).startsWith("STOPPED|");
        try (LocalCluster second = cluster("sp2")) {
            second.startApplication(2, 1, false, streaming(run, 2, "--max-rows-per-second", RATE, "--from-savepoint", savepoint));
            String job = second.jobId();
            awaitProgress(second, job, 0.5);
            savepoint = second.rest.savepoint(job, true, temp.resolve("savepoints").toUri().toString(), Duration.ofMinutes(2));
            second.awaitJobManagerExit(Duration.ofMinutes(2));
        }
        assertThat(status(run)).startsWith("STOPPED|");
        try (LocalCluster third = cluster("sp3")) {
            third.startApplication(1, 1, false, streaming(run, 1, "--from-savepoint", savepoint));
            third.awaitJobManagerExit(Duration.ofMinutes(5));
        }
        assertSameAsUninterrupted(run);
    }

    @Test
    void aKilledTaskManagerIsRecoveredFromTheLastCheckpoint() throws Exception {
        String run = "killed-taskmanager";
        try (LocalCluster cluster = cluster("kill")) {
            cluster.startApplication(2, 1, false, streaming(run, 2, "--max-rows-per-second", RATE));
            String job = cluster.jobId();
            awaitProgress(cluster, job, 0.3);
            cluster.killTaskManager(1);
            // As Kubernetes would, bring a TaskManager back so that the job finds its slots again.
            cluster.addTaskManager();
            cluster.awaitJobManagerExit(Duration.ofMinutes(5));
        }
        assertSameAsUninterrupted(run);
    }

    @Test
    void aDatabaseOutageIsRiddenOutByRestartsFromTheLastCheckpoint() throws Exception {
        String run = "database-outage";
        try (LocalCluster cluster = cluster("pg")) {
            cluster.startApplication(1, 2, false, streaming(run, 2, "--max-rows-per-second", RATE));
            String job = cluster.jobId();
            awaitProgress(cluster, job, 0.3);
            postgres.close();
            Thread.sleep(8_000);
            startPostgres();
            cluster.awaitJobManagerExit(Duration.ofMinutes(6));
        }
        assertSameAsUninterrupted(run);
    }

    @Test
    void aTaskManagerJoiningAReactiveJobScalesItUp() throws Exception {
        String run = "reactive";
        try (LocalCluster cluster = cluster("reactive")) {
            cluster.startApplication(1, 1, true, streaming(run, 4, "--max-rows-per-second", "1000"));
            String job = cluster.jobId();
            awaitProgress(cluster, job, 0.2);
            assertThat(cluster.parallelism(job, "Sum report lines")).isEqualTo(1);
            cluster.addTaskManager();
            cluster.awaitOnCluster(Duration.ofMinutes(2), () -> cluster.parallelism(job, "Sum report lines") == 2);
            cluster.awaitJobManagerExit(Duration.ofMinutes(5));
        }
        assertSameAsUninterrupted(run);
    }

    @Test
    void malformedFilesInAWatchedFolderAreRejectedAndTheJobKeepsRunning() throws Exception {
        String run = "watch";
        Path watched = Files.createDirectories(temp.resolve("watched"));
        String reference = "watch-reference";
        try (LocalCluster cluster = cluster("watch")) {
            List<String> args = streaming(run, 2, "--watch-interval", "1s");
            int i = args.indexOf("--shipments");
            args.set(i, "--watch");
            args.set(i + 1, watched.toString());
            cluster.startApplication(1, 2, false, args);
            String job = cluster.jobId();

            Files.copy(input.resolve("shipments-01.csv"), watched.resolve("a.csv"));
            long expected = rows(watched.resolve("a.csv"));
            cluster.awaitOnCluster(Duration.ofMinutes(2), () -> cluster.rowsRead(job) == expected);

            byte[] garbage = new byte[20_000];
            new java.util.Random(5).nextBytes(garbage);
            Files.write(watched.resolve("garbage.csv"), garbage);
            Files.writeString(watched.resolve("no-header.csv"), "S1,2026-01-05,72081000,CN,1000\nS2,2026-01-06,72081000,CN,2000\n");
            Files.writeString(watched.resolve("broken.jsonl"), "{\"shipment_id\": \"J1\",\n[1,2]\n{\"shipment_id\":\"J2\",\"import_date\":"
                    + "\"2026-02-01\",\"cn_code\":\"72081000\",\"origin_country\":\"IN\",\"net_mass_kg\":500}\n");
            Files.copy(input.resolve("shipments-02.csv"), watched.resolve("b.csv"));
            long all = expected + rows(watched.resolve("garbage.csv")) + rows(watched.resolve("no-header.csv"))
                    + rows(watched.resolve("broken.jsonl")) + rows(watched.resolve("b.csv"));
            cluster.awaitOnCluster(Duration.ofMinutes(2), () -> cluster.rowsRead(job) == all);
            assertThat(cluster.rest.state(job)).isEqualTo("RUNNING");
            try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "")) {
                LocalCluster.await(Duration.ofMinutes(1), () -> {
                    try {
                        return Tables.rows(c, "SELECT count(*) FROM cbam_rejects WHERE run_id = 'watch' AND "
                                + "source_file LIKE '%no-header.csv' AND reason_codes = '{BAD_HEADER}'").get(0).equals("2");
                    } catch (java.sql.SQLException e) {
                        return false;
                    }
                });
                assertThat(Tables.rows(c, "SELECT count(*) FROM cbam_rejects WHERE run_id = 'watch' AND source_file LIKE "
                        + "'%broken.jsonl' AND reason_codes = '{MALFORMED_ROW}'")).containsExactly("2");
            }
            cluster.rest.savepoint(job, true, temp.resolve("savepoints").toUri().toString(), Duration.ofMinutes(2));
            cluster.awaitJobManagerExit(Duration.ofMinutes(2));
        }
        assertThat(status(run)).startsWith("STOPPED|");

        // The same files read in one go give the same tables and report.
        List<String> withFolder = args(reference, 2, "--mode", "batch");
        withFolder.set(withFolder.indexOf("--shipments") + 1, watched.toString());
        JobOptions options = CommandLine.parseRun(withFolder, Map.of());
        Configuration conf = ReportRun.configuration(options);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
        new ReportRun(options, new ReportDatabase(options.database()), null)
                .execute(StreamExecutionEnvironment.createLocalEnvironment(conf));
        assertThat(tables(run)).isEqualTo(tables(reference));
        assertThat(Files.readString(temp.resolve("out").resolve(run).resolve("report.json")))
                .isEqualTo(Files.readString(temp.resolve("out").resolve(reference).resolve("report.json")));
    }

    private static long rows(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            // As the job's file format does: the extension decides.
            ShipmentRowReader reader = new ShipmentRowReader(file.toString(), in, file.toString().endsWith(".jsonl")
                    ? dev.cbam.intake.ShipmentRow.RowFormat.JSON_LINES : dev.cbam.intake.ShipmentRow.RowFormat.CSV);
            long n = 0;
            while (reader.next() != null) {
                n++;
            }
            return n;
        }
    }
}
