package dev.cbam.job.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus and Grafana files of {@code monitoring/}: Prometheus' own {@code promtool} accepts the scrape
 * configurations and the rules and passes the rule unit tests; every alert has a unit test that fires it and a
 * runbook section in {@code monitoring/README.md}; every dashboard parses and queries something in each panel.
 * {@code promtool} comes with Debian's {@code prometheus} package; without it these tests fail rather than skip,
 * so that the rules cannot go unchecked.
 */
class PromtoolTest {

    /** The tests of the flink-job module run in {@code flink-job/}. */
    private static final Path MONITORING = Path.of("..").toAbsolutePath().normalize().resolve("monitoring");
    private static final Path PROMETHEUS = MONITORING.resolve("prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rules");
    private static final Path RULE_TESTS = PROMETHEUS.resolve("tests");
    private static final Path DASHBOARDS = MONITORING.resolve("grafana/dashboards");
    private static final Path README = MONITORING.resolve("README.md");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RECORDING_RULE_NAME = Pattern.compile("cbam:[a-z0-9_]+:[a-z0-9_]+");

    /** What a command printed (stdout and stderr together) and how it ended. */
    private record Result(int exitCode, String output) {}

    @Test
    void localScrapeConfigurationIsValid() {
        Result result = promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid prometheus config file syntax").contains("3 rule files found");
    }

    /**
     * Debian's promtool is built without Kubernetes service discovery and refuses {@code kubernetes_sd_configs};
     * then the rest of the file (relabelling, rule files) is checked with the discovery replaced by a static
     * target, and the discovery block itself is checked here.
     */
    @Test
    void kubernetesScrapeConfigurationIsValid() throws IOException {
        Path config = PROMETHEUS.resolve("prometheus-kubernetes.yml");
        JsonNode job = YAML.readTree(config.toFile()).path("scrape_configs").path(0);
        assertThat(job.path("kubernetes_sd_configs").path(0).path("role").asText()).isEqualTo("pod");
        assertThat(job.path("relabel_configs").toString())
                .contains("__meta_kubernetes_pod_label_app_kubernetes_io_part_of")
                .contains("flink-(native|standalone)-kubernetes")
                .contains("\"9249\"");

        Result result = promtool("check", "config", config.toString());
        if (result.output().contains("field kubernetes_sd_configs not found")) {
            String text = Files.readString(config, StandardCharsets.UTF_8);
            String withoutDiscovery = text.replaceFirst(
                            "(?m)^    kubernetes_sd_configs:\\n(?:      .*\\n)+",
                            "    static_configs:\n      - targets: [\"127.0.0.1:9249\"]\n")
                    .replaceAll("(?m)^  - rules/", "  - " + RULES.toString().replace("\\", "/") + "/");
            assertThat(withoutDiscovery).doesNotContainPattern("(?m)^\\s*kubernetes_sd_configs:");
            Path copy = Files.createTempFile("prometheus-kubernetes", ".yml");
            try {
                Files.writeString(copy, withoutDiscovery, StandardCharsets.UTF_8);
                result = promtool("check", "config", copy.toString());
            } finally {
                Files.delete(copy);
            }
        }

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid prometheus config file syntax").contains("3 rule files found");
    }

    @Test
    void everyRulesFileIsValid() {
        List<Path> files = yamlFiles(RULES);
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("cbam-recording.yml", "cbam-alerts.yml", "cbam-deadline.yml");
        for (Path file : files) {
            Result result = promtool("check", "rules", file.toString());

            assertThat(result.exitCode()).as(file + "\n" + result.output()).isZero();
            assertThat(result.output()).as(file.toString()).contains("SUCCESS");
        }
    }

    @Test
    void ruleUnitTestsPass() {
        List<Path> files = yamlFiles(RULE_TESTS);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            Result result = promtool("test", "rules", file.toString());

            assertThat(result.exitCode()).as(file + "\n" + result.output()).isZero();
            assertThat(result.output()).as(file.toString()).contains("SUCCESS").doesNotContain("FAILED");
        }
    }

    @Test
    void everyAlertHasAUnitTestThatFiresIt() {
        Set<String> alerts = new TreeSet<>();
        for (Path file : yamlFiles(RULES)) {
            for (JsonNode group : readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        alerts.add(rule.path("alert").asText());
                    }
                }
            }
        }
        Set<String> fired = new TreeSet<>();
        for (Path file : yamlFiles(RULE_TESTS)) {
            for (JsonNode test : readYaml(file).path("tests")) {
                for (JsonNode alertTest : test.path("alert_rule_test")) {
                    if (alertTest.path("exp_alerts").size() > 0) {
                        fired.add(alertTest.path("alertname").asText());
                    }
                }
            }
        }

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(fired).as("alerts with a unit test that expects them to fire").containsAll(alerts);
    }

    /** Each alert waits ({@code for}), has a severity, says what happened and points at its runbook section. */
    @Test
    void everyAlertIsDocumented() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (Path file : yamlFiles(RULES)) {
            for (JsonNode group : readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (!rule.has("alert")) {
                        continue;
                    }
                    String alert = rule.path("alert").asText();
                    assertThat(rule.path("for").asText()).as(alert + " for").isNotEmpty();
                    assertThat(rule.path("labels").path("severity").asText()).as(alert + " severity")
                            .isIn("warning", "critical");
                    JsonNode annotations = rule.path("annotations");
                    assertThat(annotations.path("summary").asText()).as(alert + " summary").isNotBlank();
                    assertThat(annotations.path("description").asText()).as(alert + " description").isNotBlank();
                    assertThat(annotations.path("runbook").asText()).as(alert + " runbook")
                            .startsWith("monitoring/README.md#" + alert.toLowerCase(Locale.ROOT));
                    assertThat(readme).as("a section for " + alert + " in monitoring/README.md")
                            .containsPattern("(?m)^#+ " + alert + "$");
                }
            }
        }
    }

    /** The rule tests replace the operator's deadline with their own, of the same name. */
    @Test
    void theDeadlineIsOneConstantRule() {
        JsonNode deadline = readYaml(RULES.resolve("cbam-deadline.yml")).path("groups").path(0).path("rules");
        JsonNode forTests = readYaml(RULE_TESTS.resolve("rules/deadline.yml")).path("groups").path(0).path("rules");

        assertThat(deadline).hasSize(1);
        assertThat(deadline.path(0).path("record").asText()).isEqualTo("cbam:run_deadline:timestamp_seconds");
        assertThat(deadline.path(0).path("expr").asText()).matches("vector\\(\\d{10}\\)");
        assertThat(forTests.path(0).path("record").asText()).isEqualTo("cbam:run_deadline:timestamp_seconds");
    }

    @Test
    void everyDashboardPanelQueriesPrometheus() throws IOException {
        Set<String> recorded = new TreeSet<>();
        for (Path file : yamlFiles(RULES)) {
            for (JsonNode group : readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("record")) {
                        recorded.add(rule.path("record").asText());
                    }
                }
            }
        }
        List<Path> dashboards = files(DASHBOARDS, ".json");
        assertThat(dashboards).extracting(p -> p.getFileName().toString()).containsExactlyInAnyOrder(
                "cbam-performance.json", "cbam-progress.json", "cbam-data-quality.json", "cbam-emissions.json");
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertThat(dashboard.path("uid").asText()).as(name).isEqualTo(name.replace(".json", ""));
            assertThat(dashboard.path("schemaVersion").asInt()).as(name).isGreaterThanOrEqualTo(36);
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(dashboard.path("panels"), panels);
            assertThat(panels).as(name).isNotEmpty();
            for (JsonNode panel : panels) {
                String where = name + ": " + panel.path("title").asText();
                assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("prometheus");
                List<String> expressions = new ArrayList<>();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText("").trim();
                    if (!expr.isEmpty()) {
                        expressions.add(expr);
                    }
                }
                assertThat(expressions).as(where).isNotEmpty();
                for (String expr : expressions) {
                    Matcher used = RECORDING_RULE_NAME.matcher(expr);
                    while (used.find()) {
                        assertThat(recorded).as(where + ": recording rule in " + expr).contains(used.group());
                    }
                }
            }
        }
    }

    /** Panels, and the panels inside collapsed rows. */
    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asText())) {
                collectPanels(panel.path("panels"), into);
            } else {
                into.add(panel);
            }
        }
    }

    private static Result promtool(String... arguments) {
        Path promtool = onPath("promtool");
        assertThat(promtool)
                .as("promtool is not installed: install Debian's prometheus package (apt-get install prometheus), "
                        + "or put Prometheus' promtool on the PATH")
                .isNotNull();
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("promtool did not finish: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    /** The YAML files directly in a folder (not in its subfolders), sorted. */
    private static List<Path> yamlFiles(Path dir) {
        List<Path> files = new ArrayList<>(files(dir, ".yml"));
        files.addAll(files(dir, ".yaml"));
        files.sort(null);
        return files;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir.toString(), e);
        }
    }
}
