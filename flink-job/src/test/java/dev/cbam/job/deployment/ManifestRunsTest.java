package dev.cbam.job.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.job.ClusterOptions;
import dev.cbam.job.JobOptions;
import dev.cbam.job.ReportRun;
import dev.cbam.job.db.ReportDatabase;
import dev.cbam.job.testing.Runs;
import dev.cbam.job.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job accepts exactly the arguments the manifests pass. Each distinct run of deployment/kubernetes (its
 * {@code job.args} and {@code job.parallelism}) runs as {@code CbamJobMain} would run it on the cluster —
 * {@link ClusterOptions} with the manifest's configuration, the database from the {@code CBAM_JDBC_*} variables
 * of the Secret — on a MiniCluster with as many slots as the high tier, against PostgreSQL, on the demo shipments.
 * Cluster paths become local ones: {@code /opt/cbam/datasets} the repository's {@code datasets}, the shared volume
 * {@code /opt/cbam/data} a temporary folder whose inbox gets the demo files, as an operator would upload them.
 */
class ManifestRunsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Runs.loopbackCluster(2, 4);

    @TempDir
    Path volume;

    /** What the Secret cbam-jdbc hands every pod, here pointing at the test database. */
    private static Map<String, String> secretEnvironment() {
        JobOptions.Database db = TestDatabase.get();
        return Map.of("CBAM_JDBC_URL", db.url(), "CBAM_JDBC_USER", db.user(), "CBAM_JDBC_PASSWORD", db.password());
    }

    /** Every job of the manifests that differs in its arguments or parallelism, by where it was rendered. */
    private static Map<String, JsonNode> distinctJobs() {
        Map<String, JsonNode> byRun = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        Deployment.rendered().forEach((dir, objects) -> {
            for (ObjectNode resource : objects) {
                String kind = resource.path("kind").asText();
                if ((kind.equals("FlinkDeployment") || kind.equals("FlinkSessionJob")) && resource.path("spec").has("job")) {
                    String key = Deployment.args(resource) + " p" + resource.path("spec").path("job").path("parallelism").asInt();
                    if (seen.putIfAbsent(key, dir.toString()) == null) {
                        byRun.put(Deployment.KUBERNETES.relativize(dir).toString(), resource);
                    }
                }
            }
        });
        return byRun;
    }

    @Test
    void everyRunOfTheManifestsCompletesOnTheDemoShipments() throws Exception {
        Map<String, JsonNode> jobs = distinctJobs();
        assertThat(jobs.keySet()).contains("base", "overlays/increased", "overlays/high", "playbooks/year-end-50k",
                "playbooks/emergency-same-day-10k", "session/run");
        for (Map.Entry<String, JsonNode> job : jobs.entrySet()) {
            JsonNode resource = job.getValue();
            List<String> args = localArgs(Deployment.args(resource));
            JobOptions options = ClusterOptions.parse(args, secretEnvironment(), clusterConfiguration(resource));
            assertThat(options.parallelism()).as(job.getKey()).isEqualTo(resource.path("spec").path("job").path("parallelism").asInt());

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ReportRun.configuration(options));
            ReportRun.Outcome outcome = new ReportRun(options, new ReportDatabase(options.database()), null).execute(env);

            assertThat(outcome.status()).as(job.getKey()).isEqualTo(ReportRun.Status.COMPLETED);
            assertThat(outcome.read()).as(job.getKey()).isEqualTo(329);
            assertThat(outcome.counts().accepted() + outcome.counts().rejected()).as(job.getKey()).isEqualTo(329);
            if (options.installations() != null) {
                assertThat(outcome.counts().accepted()).as(job.getKey()).isEqualTo(312);
            }
            assertThat(options.outputDir().resolve("report.json")).as(job.getKey()).isRegularFile();
            assertThat(TestDatabase.rows("SELECT status, mode, parallelism FROM cbam_runs WHERE run_id = '" + options.runId() + "'"))
                    .as(job.getKey()).containsExactly("COMPLETED|" + options.mode().name() + "|" + options.parallelism());
        }
    }

    @Test
    void theFinishJobPassesOptionsThatCbamFinishAccepts() throws Exception {
        ObjectNode finish = Deployment.only(Deployment.rendered("session/run"), "Job");
        List<String> args = new ArrayList<>();
        finish.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        List<String> local = localArgs(args);
        // Nothing listens there and the run is not in the database: the command gets as far as asking for it.
        new ReportDatabase(TestDatabase.get()).migrate();
        local.set(local.indexOf("--rest-url") + 1, "http://127.0.0.1:9");
        local.set(local.indexOf("--run-id") + 1, "not-submitted-yet");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = cbam(new PrintStream(err, true, StandardCharsets.UTF_8), secretEnvironment(), local.toArray(new String[0]));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the database has no run 'not-submitted-yet'");
        assertThat(status).isEqualTo(2);
    }

    /** The Flink configuration the operator gives the cluster: the manifest's, and job.parallelism. */
    private static Configuration clusterConfiguration(JsonNode resource) {
        Map<String, String> conf = new LinkedHashMap<>();
        resource.path("spec").path("flinkConfiguration").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        Configuration configuration = Configuration.fromMap(conf);
        configuration.set(CoreOptions.DEFAULT_PARALLELISM, resource.path("spec").path("job").path("parallelism").asInt());
        return configuration;
    }

    /** The arguments with cluster paths made local; shipment and installations files staged on the volume. */
    private List<String> localArgs(List<String> args) throws IOException {
        List<String> local = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String option = i > 0 ? args.get(i - 1) : "";
            if (arg.startsWith("/opt/cbam/datasets/")) {
                arg = Runs.ROOT.resolve(arg.substring("/opt/cbam/".length())).toString();
            } else if (arg.startsWith("/opt/cbam/data/")) {
                Path path = volume.resolve(arg.substring("/opt/cbam/data/".length()));
                if (option.equals("--shipments") && !Files.exists(path)) {
                    Files.createDirectories(path);
                    Files.copy(Runs.SAMPLES.resolve("demo_shipments_2026.csv"), path.resolve("shipments-1.csv"));
                } else if (option.equals("--installations") && !Files.exists(path)) {
                    Files.createDirectories(path.getParent());
                    Files.copy(Runs.SAMPLES.resolve("demo_installations.csv"), path);
                }
                arg = path.toString();
            }
            local.add(arg);
        }
        return local;
    }

    /** The {@code cbam} command as {@code bin/cbam} runs it, without {@code System.exit}. */
    private static int cbam(PrintStream err, Map<String, String> env, String... args) throws Exception {
        Class<?> cbam = Class.forName("dev.cbam.job.Cbam");
        Constructor<?> constructor = cbam.getDeclaredConstructor(PrintStream.class, PrintStream.class, Map.class);
        constructor.setAccessible(true);
        Method run = cbam.getDeclaredMethod("run", String[].class);
        run.setAccessible(true);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return (int) run.invoke(constructor.newInstance(out, err, env), (Object) args);
    }
}
