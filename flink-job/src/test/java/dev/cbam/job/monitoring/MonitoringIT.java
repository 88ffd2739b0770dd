package dev.cbam.job.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cbam.intake.ShipmentRow;
import dev.cbam.intake.ShipmentRowReader;
import dev.cbam.job.JobOptions;
import dev.cbam.job.testing.Runs;
import dev.cbam.job.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Monitoring against the real things: {@code bin/cbam run --watch} in its own JVM, with the Prometheus endpoint
 * and the web UI of a local run; a real Prometheus server (Debian's {@code prometheus}) scraping it with the
 * shipped rules; headless Chromium loading the Flink web UI. The demo shipments are dropped into the watched
 * folder, so the job keeps running (every operator live) while the tests look at it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT {

    private static final String RUN_ID = "monitoring-it";
    private static final String OP = "flink_taskmanager_job_task_operator_cbam_";
    private static final Path MONITORING = Runs.ROOT.resolve("monitoring");
    private static final Path ARTIFACTS = Path.of("target/monitoring-it").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Progress against the run's total input: a watched folder has no total ({@code cbam_input_bytes} is 0), so
     * these panels are empty by design here; {@code monitoring/prometheus/tests} checks their rules with promtool.
     */
    private static final Set<String> WATCH_HAS_NO_TOTAL = Set.of("cbam:progress:ratio", "cbam:eta:seconds",
            "cbam:projected_finish:timestamp_seconds * 1000", "cbam:remaining_bytes");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path temp;
    private Process cbam;
    private Process prometheus;
    private String metricsUrl;
    private String webUiUrl;
    private String prometheusUrl;
    private long rowsInDemoFile;

    @BeforeAll
    void startRunAndPrometheus() throws Exception {
        temp = Files.createTempDirectory("monitoring-it");
        Files.createDirectories(ARTIFACTS);
        Path watched = Files.createDirectories(temp.resolve("inbox"));
        JobOptions.Database db = TestDatabase.get();

        ProcessBuilder pb = new ProcessBuilder(Runs.ROOT.resolve("bin/cbam").toString(), "run", "--watch", watched.toString(),
                "--watch-interval", "1s", "--period", "2026", "--importer-eori", "NL123456789",
                "--installations", Runs.SAMPLES.resolve("demo_installations.csv").toString(),
                "--output-dir", temp.resolve("out").toString(), "--run-id", RUN_ID, "--parallelism", "2",
                "--checkpoint-interval", "2s", "--metrics-port", "0", "--web-ui-port", "0",
                "--jdbc-url", db.url(), "--jdbc-user", db.user())
                .directory(Runs.ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("CBAM_NO_BUILD", "1");
        cbam = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(cbam.getInputStream(), StandardCharsets.UTF_8));
        Pattern metrics = Pattern.compile("Prometheus metrics: (http://localhost:\\d+/metrics)");
        Pattern webUi = Pattern.compile("Flink web UI: (http://localhost:\\d+/)");
        StringBuilder printed = new StringBuilder();
        String line;
        while ((metricsUrl == null || webUiUrl == null) && (line = out.readLine()) != null) {
            printed.append(line).append('\n');
            Matcher m = metrics.matcher(line);
            if (m.find()) {
                metricsUrl = m.group(1);
            }
            Matcher w = webUi.matcher(line);
            if (w.find()) {
                webUiUrl = w.group(1);
            }
        }
        assertThat(metricsUrl).as("bin/cbam printed its metrics address:\n%s", printed).isNotNull();
        assertThat(webUiUrl).as("bin/cbam printed its web UI address:\n%s", printed).isNotNull();
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "cbam-output");
        drain.setDaemon(true);
        drain.start();

        Path demo = Runs.SAMPLES.resolve("demo_shipments_2026.csv");
        rowsInDemoFile = rows(demo);

        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n");
        for (Path rules : files(MONITORING.resolve("prometheus/rules"), "*.yml")) {
            config.append("  - ").append(rules).append('\n');
        }
        URI target = URI.create(metricsUrl);
        config.append("scrape_configs:\n  - job_name: cbam-local\n    static_configs:\n")
                .append("      - targets: ['127.0.0.1:").append(target.getPort()).append("']\n");
        Files.writeString(temp.resolve("prometheus.yml"), config);
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + temp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + temp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ARTIFACTS.resolve("prometheus.log").toFile()).start();

        // The file goes in once Prometheus has seen the idle job's counters at 0 a few times: rates and
        // increases over the run then start from a sample before the first row, as they would on a year-end run.
        await(Duration.ofMinutes(3), () -> {
            JsonNode r = query("min(count_over_time(" + OP + "shipments_read[5m]))");
            return r != null && r.path("data").path("result").size() > 0
                    && r.path("data").path("result").get(0).path("value").get(1).asInt() >= 3;
        });
        Files.copy(demo, watched.resolve("demo.csv"));
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (webUiUrl != null) {
            try {
                for (JsonNode job : get(webUiUrl + "jobs/overview").path("jobs")) {
                    if (job.path("state").asText().equals("RUNNING")) {
                        HTTP.send(HttpRequest.newBuilder(URI.create(webUiUrl + "jobs/" + job.path("jid").asText() + "?mode=cancel"))
                                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                    }
                }
            } catch (IOException e) {
                // the process is stopped below anyway
            }
        }
        for (Process p : new Process[] {cbam, prometheus}) {
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void theEndpointCountsWhatTheRunWroteToTheDatabase() throws Exception {
        await(Duration.ofMinutes(3), () -> {
            if (TestDatabase.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'cbam_runs'").get(0).equals("0")) {
                return false; // the run has not created its tables yet
            }
            List<String> db = TestDatabase.rows("SELECT (SELECT count(*) FROM cbam_shipment_emissions WHERE run_id = '" + RUN_ID
                    + "') + (SELECT count(*) FROM cbam_rejects WHERE run_id = '" + RUN_ID + "')");
            return Long.parseLong(db.get(0)) == rowsInDemoFile && sum(scrape(), "sink_rows_written", "Shipment_emissions_sink") > 0;
        });
        long accepted = Long.parseLong(TestDatabase.rows("SELECT count(*) FROM cbam_shipment_emissions WHERE run_id = '" + RUN_ID + "'").get(0));
        long rejected = Long.parseLong(TestDatabase.rows("SELECT count(*) FROM cbam_rejects WHERE run_id = '" + RUN_ID + "'").get(0));
        Map<String, Long> byReason = new TreeMap<>();
        for (String row : TestDatabase.rows("SELECT r || '=' || count(*) FROM cbam_rejects, unnest(reason_codes) r WHERE run_id = '"
                + RUN_ID + "' GROUP BY r")) {
            byReason.put(row.substring(0, row.indexOf('=')), Long.parseLong(row.substring(row.indexOf('=') + 1)));
        }
        BigDecimal emissions = new BigDecimal(TestDatabase.rows("SELECT sum(embedded_emissions_t) FROM cbam_shipment_emissions WHERE run_id = '"
                + RUN_ID + "'").get(0));
        assertThat(accepted).isPositive();
        assertThat(rejected).isPositive();

        // The sinks flush at checkpoints and the emissions gauge follows the line changes: wait for them too.
        await(Duration.ofMinutes(1), () -> {
            List<Sample> s = scrape();
            double written = sum(s, "sink_rows_written", "Shipment_emissions_sink");
            // A row replaced by an earlier one of the same shipment id (the file's two splits are read in
            // parallel) is written twice: at most once more per duplicate.
            return written >= accepted && written <= accepted + duplicates(byReason)
                    && Math.abs(sum(s, "sector_country_embedded_emissions_tonnes", null) - emissions.doubleValue()) < 1e-6;
        }, () -> {
            List<Sample> s = scrape();
            return "shipment rows written " + sum(s, "sink_rows_written", "Shipment_emissions_sink") + " of " + accepted
                    + " (+ up to " + duplicates(byReason) + " replaced)"
                    + ", emissions " + sum(s, "sector_country_embedded_emissions_tonnes", null) + " t of " + emissions;
        });
        List<Sample> samples = scrape();
        assertThat(sum(samples, "shipments_read", null)).isEqualTo(rowsInDemoFile);
        assertThat(sum(samples, "shipments_accepted", null)).isEqualTo(accepted);
        assertThat(sum(samples, "shipments_rejected", null)).isEqualTo(rejected);
        assertThat(sum(samples, "sink_rows_written", "Rejects_sink")).isEqualTo(rejected);
        assertThat(sum(samples, "files_completed", null)).isEqualTo(1);
        assertThat(sum(samples, "pending_shipments", null)).isZero();
        assertThat(sum(samples, "sink_failures", null)).isZero();
        // Watching a folder, the job cannot know its total input: the totals say so with 0.
        assertThat(sum(samples, "input_files", null)).isZero();
        assertThat(sum(samples, "bytes_read", null)).isBetween((double) Files.size(Runs.SAMPLES.resolve("demo_shipments_2026.csv")) * 0.9,
                (double) Files.size(Runs.SAMPLES.resolve("demo_shipments_2026.csv")));
        Map<String, Long> metricReasons = new TreeMap<>();
        for (Sample s : samples) {
            if (s.name().equals(OP + "reason_shipments_rejected") && s.value() > 0) {
                metricReasons.merge(s.labels().get("reason"), (long) s.value(), Long::sum);
            }
        }
        assertThat(metricReasons).isEqualTo(byReason);
        assertThat(samples.stream().filter(s -> s.name().equals(OP + "sector_country_embedded_emissions_tonnes"))
                .map(s -> s.labels().get("sector")).distinct()).hasSizeGreaterThan(3);
        // Watching a folder, the run renders its report files every checkpoint interval, timed.
        assertThat(samples.stream().filter(s -> s.name().equals("cbam_report_generations_total")).mapToDouble(Sample::value).sum())
                .isGreaterThanOrEqualTo(1);
        assertThat(samples.stream().filter(s -> s.name().equals("cbam_report_generation_seconds")).mapToDouble(Sample::value).sum())
                .isPositive();
        assertThat(samples.stream().filter(s -> s.name().equals(OP + "enrichment_latency_us_count"))
                .mapToDouble(Sample::value).sum()).isEqualTo(accepted + byReasonOfEnrichment(byReason) + duplicates(byReason));
    }

    @Test
    void prometheusScrapesTheRunAndEveryDashboardAndRuleQueryWorks() throws Exception {
        await(Duration.ofMinutes(3), () -> {
            JsonNode r = query("sum(" + OP + "shipments_read)");
            return r != null && r.path("data").path("result").size() > 0
                    && r.path("data").path("result").get(0).path("value").get(1).asDouble() > 0;
        });
        // rate() over 1m needs a few samples of every series, the sinks' too.
        await(Duration.ofMinutes(2), () -> {
            JsonNode r = query("min(count_over_time(" + OP + "sink_rows_written[1m]))");
            return r != null && r.path("data").path("result").size() > 0
                    && r.path("data").path("result").get(0).path("value").get(1).asInt() >= 10;
        });

        List<String> failures = new ArrayList<>();
        int dashboardQueries = 0;
        for (Path dashboard : files(MONITORING.resolve("grafana/dashboards"), "*.json")) {
            for (String expr : exprs(JSON.readTree(dashboard.toFile()), new ArrayList<>())) {
                dashboardQueries++;
                JsonNode r = query(substitute(expr));
                if (r == null || !r.path("status").asText().equals("success")) {
                    failures.add(dashboard.getFileName() + ": does not parse: " + expr + " -> " + r);
                } else if (r.path("data").path("result").isEmpty() && !WATCH_HAS_NO_TOTAL.contains(expr)) {
                    failures.add(dashboard.getFileName() + ": no series: " + expr);
                }
            }
        }
        int ruleQueries = 0;
        for (Path rules : files(MONITORING.resolve("prometheus/rules"), "*.yml")) {
            for (JsonNode group : new YAMLMapper().readTree(rules.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    ruleQueries++;
                    String expr = rule.path("expr").asText();
                    JsonNode r = query(expr);
                    if (r == null || !r.path("status").asText().equals("success")) {
                        failures.add(rules.getFileName() + ": does not parse: " + expr + " -> " + r);
                    }
                }
            }
        }
        // The server loaded the same rule files, all healthy.
        for (JsonNode group : get(prometheusUrl + "/api/v1/rules").path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!rule.path("health").asText().equals("ok") && !rule.path("health").asText().equals("unknown")) {
                    failures.add("rule " + rule.path("name").asText() + " is " + rule.path("health").asText() + ": " + rule.path("lastError"));
                }
            }
        }
        assertThat(dashboardQueries).isGreaterThan(10);
        assertThat(ruleQueries).isGreaterThan(5);
        assertThat(failures).isEmpty();
    }

    @Test
    void theFlinkWebUiShowsTheRunningJobAndItsOperatorsInChromium() throws Exception {
        String jobId = null;
        for (JsonNode job : get(webUiUrl + "jobs/overview").path("jobs")) {
            if (job.path("state").asText().equals("RUNNING")) {
                jobId = job.path("jid").asText();
            }
        }
        assertThat(jobId).as("a running job").isNotNull();
        String page = webUiUrl + "#/job/running/" + jobId + "/overview";
        Path screenshot = ARTIFACTS.resolve("flink-web-ui.png");
        Files.deleteIfExists(screenshot);
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--user-data-dir=" + temp.resolve("chromium"), "--window-size=1600,1000",
                "--virtual-time-budget=15000");
        List<String> dumpCommand = new ArrayList<>(List.of("chromium"));
        dumpCommand.addAll(flags);
        dumpCommand.add("--dump-dom");
        dumpCommand.add(page);
        Process dump = new ProcessBuilder(dumpCommand).redirectError(ARTIFACTS.resolve("chromium.log").toFile()).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dump.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Files.writeString(ARTIFACTS.resolve("flink-web-ui.html"), dom);
        assertThat(dom).contains("CBAM report 2026 NL123456789 " + RUN_ID).contains("RUNNING")
                .contains("Validate shipments").contains("Enrich and keep first row of each shipment id").contains("Sum report lines");

        List<String> shotCommand = new ArrayList<>(List.of("chromium"));
        shotCommand.addAll(flags);
        shotCommand.add("--screenshot=" + screenshot);
        shotCommand.add(page);
        Process shot = new ProcessBuilder(shotCommand).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ARTIFACTS.resolve("chromium.log").toFile())).start();
        assertThat(shot.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(screenshot).exists();
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    // --- helpers

    private record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The endpoint's samples, from Prometheus's text format. */
    private List<Sample> scrape() {
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return samples;
    }

    /** The sum of a cbam metric over subtasks (and labels), of operators whose name starts with {@code operator}. */
    private static double sum(List<Sample> samples, String metric, String operator) {
        return samples.stream().filter(s -> s.name().equals(OP + metric))
                .filter(s -> operator == null || s.labels().getOrDefault("operator_name", "").startsWith(operator))
                .mapToDouble(Sample::value).sum();
    }

    /** Rejects that happen at enrichment (each was enriched, so measured, without becoming accepted). */
    private static long byReasonOfEnrichment(Map<String, Long> byReason) {
        return byReason.getOrDefault("NO_DEFAULT_VALUE", 0L) + byReason.getOrDefault("UNKNOWN_INSTALLATION", 0L)
                + byReason.getOrDefault("BAD_VARIANT", 0L);
    }

    /** Duplicates were enriched before the shipment-id step rejected them. */
    private static long duplicates(Map<String, Long> byReason) {
        return byReason.getOrDefault("DUPLICATE_SHIPMENT_ID", 0L);
    }

    private JsonNode query(String expr) {
        try {
            return get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode get(String url) throws IOException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Grafana's variables as a dashboard would have them by default. */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("${__rate_interval}", "1m").replace("$__interval", "1m")
                .replace("$__range", "5m").replace("${job}", ".*").replace("$job", ".*");
    }

    /** Every {@code expr} of every panel target, nested rows included. */
    static List<String> exprs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            if (node.has("expr") && node.get("expr").isTextual() && !node.get("expr").asText().isBlank()) {
                into.add(node.get("expr").asText());
            }
            node.fields().forEachRemaining(e -> exprs(e.getValue(), into));
        } else if (node.isArray()) {
            node.forEach(n -> exprs(n, into));
        }
        return into;
    }

    private static List<Path> files(Path dir, String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            s.forEach(files::add);
        }
        files.sort(null);
        assertThat(files).as("files %s in %s", glob, dir).isNotEmpty();
        return files;
    }

    private static long rows(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            ShipmentRowReader reader = new ShipmentRowReader(file.toString(), in, ShipmentRow.RowFormat.CSV);
            long n = 0;
            while (reader.next() != null) {
                n++;
            }
            return n;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(timeout, condition, () -> "");
    }

    private static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + " " + state.get());
            }
            Thread.sleep(500);
        }
    }
}
