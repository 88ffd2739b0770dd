package dev.cbam.job.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kustomization in deployment/kubernetes renders. The tests render them in Java ({@link Kustomize}), so
 * they need no binary; where {@code kubectl} with kustomize 4 or later is installed, its rendering must be the
 * same. (Debian bookworm's kubernetes-client is kubectl 1.20 with kustomize 2.0.3, which predates the
 * {@code patches} field: that comparison is skipped there.)
 */
class KustomizeTest {

    @TempDir
    Path temp;

    @Test
    void everyKustomizationRenders() {
        Map<Path, List<ObjectNode>> rendered = Deployment.rendered();
        assertThat(rendered.keySet()).hasSizeGreaterThanOrEqualTo(13);
        rendered.forEach((dir, objects) -> assertThat(objects).as(dir.toString()).isNotEmpty());
    }

    @Test
    void overlaysChangeTheTierAndPlaybooksTheRunButKeepTheRest() {
        ObjectNode base = Deployment.only(Deployment.rendered("base"), "FlinkDeployment");
        ObjectNode high = Deployment.only(Deployment.rendered("overlays/high"), "FlinkDeployment");
        ObjectNode yearEnd = Deployment.only(Deployment.rendered("playbooks/year-end-50k"), "FlinkDeployment");
        assertThat(high.path("spec").path("job").path("parallelism").asInt()).isEqualTo(8);
        assertThat(high.path("spec").path("podTemplate")).isEqualTo(base.path("spec").path("podTemplate"));
        assertThat(Deployment.flinkConf(high, "high-availability.type")).isEqualTo("kubernetes");
        assertThat(yearEnd.path("metadata").path("name").asText()).isEqualTo("cbam-report-year-end");
        assertThat(yearEnd.path("metadata").path("namespace").asText()).isEqualTo("cbam");
        assertThat(yearEnd.path("spec").path("taskManager")).isEqualTo(high.path("spec").path("taskManager"));
        assertThat(Deployment.args(yearEnd)).isNotEqualTo(Deployment.args(base)).contains("2026-NL123456789-year-end");
    }

    @Test
    void refusesWhatItDoesNotImplementInsteadOfIgnoringIt() throws IOException {
        Files.writeString(temp.resolve("kustomization.yaml"), "resources: []\ncommonLabels:\n  team: cbam\n");
        assertThatThrownBy(() -> Kustomize.render(temp)).hasMessageContaining("commonLabels");
    }

    @Test
    void rendersAsKubectlKustomizeDoes() throws Exception {
        String kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not installed: the Java rendering is not compared with kustomize's");
        String version = run(List.of(kubectl, "version", "--client", "-o", "json"));
        Matcher m = Pattern.compile("\"kustomizeVersion\"\\s*:\\s*\"v(\\d+)").matcher(version);
        assumeTrue(m.find() && Integer.parseInt(m.group(1)) >= 4,
                "kubectl's kustomize is older than 4 (no 'patches' field): the comparison is skipped");
        for (Map.Entry<Path, List<ObjectNode>> rendering : Deployment.rendered().entrySet()) {
            String output = run(List.of(kubectl, "kustomize", rendering.getKey().toString()));
            List<ObjectNode> theirs = new ArrayList<>();
            List<JsonNode> documents = Deployment.YAML.readerFor(JsonNode.class).<JsonNode>readValues(output).readAll();
            for (JsonNode node : documents) {
                theirs.add((ObjectNode) node);
            }
            assertThat(byId(theirs)).as(rendering.getKey().toString()).isEqualTo(byId(rendering.getValue()));
        }
    }

    private static Map<String, JsonNode> byId(List<ObjectNode> objects) {
        Map<String, JsonNode> byId = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (ObjectNode o : objects) {
            // Compared as JSON text trees: YAML number types (1 vs 1.0) read alike either way.
            byId.put(o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText() + "/"
                    + o.path("metadata").path("name").asText(), json.valueToTree(o));
        }
        return byId;
    }

    private static String onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static String run(List<String> command) throws Exception {
        Path errors = Files.createTempFile("kubectl", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + Files.readString(errors)).isZero();
            return output;
        } finally {
            Files.delete(errors);
        }
    }
}
