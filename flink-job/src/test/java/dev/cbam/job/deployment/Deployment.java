package dev.cbam.job.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cbam.job.testing.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code deployment/} folder as the tests read it: its YAML documents, its kustomizations rendered, and the
 * facts of the Dockerfile and of the capacity table in its README.
 */
final class Deployment {

    static final Path ROOT = Runs.ROOT;
    static final Path DIR = ROOT.resolve("deployment");
    static final Path KUBERNETES = DIR.resolve("kubernetes");
    static final Path CRDS = DIR.resolve("crds");
    static final YAMLMapper YAML = new YAMLMapper();

    private static Map<Path, List<ObjectNode>> rendered;

    private Deployment() {}

    /** The documents of a YAML file, empty documents left out. */
    static List<ObjectNode> documents(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.isObject()) {
                    documents.add((ObjectNode) node);
                } else if (node != null && !node.isNull() && !node.isMissingNode()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return documents;
    }

    /** Every YAML file of the deployment, the CRD copies excepted. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(DIR)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(CRDS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of every YAML file that is not a kustomization: the resources and the patches. */
    static Map<Path, List<ObjectNode>> manifests() {
        Map<Path, List<ObjectNode>> manifests = new LinkedHashMap<>();
        for (Path file : yamlFiles()) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) {
                manifests.put(file, documents(file));
            }
        }
        return manifests;
    }

    /** Every folder with a kustomization, rendered. */
    static synchronized Map<Path, List<ObjectNode>> rendered() {
        if (rendered == null) {
            Map<Path, List<ObjectNode>> all = new LinkedHashMap<>();
            for (Path file : yamlFiles()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    all.put(file.getParent(), Kustomize.render(file.getParent()));
                }
            }
            rendered = all;
        }
        return rendered;
    }

    /** The rendering of one kustomization, by its folder under deployment/kubernetes. */
    static List<ObjectNode> rendered(String folder) {
        List<ObjectNode> objects = rendered().get(KUBERNETES.resolve(folder));
        if (objects == null) {
            throw new IllegalArgumentException("no kustomization in " + folder);
        }
        return objects;
    }

    /** The one resource of a kind in a rendering. */
    static ObjectNode only(List<ObjectNode> objects, String kind) {
        List<ObjectNode> found = ofKind(objects, kind);
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one " + kind + ", found " + found.size());
        }
        return found.get(0);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    /** The job's arguments of a FlinkDeployment or FlinkSessionJob. */
    static List<String> args(JsonNode resource) {
        List<String> args = new ArrayList<>();
        resource.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    /** The value after {@code option} in {@code args}, or null. */
    static String option(List<String> args, String option) {
        int i = args.indexOf(option);
        return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    /** A Flink configuration value of a FlinkDeployment or FlinkSessionJob, or null. */
    static String flinkConf(JsonNode resource, String key) {
        JsonNode value = resource.path("spec").path("flinkConfiguration").get(key);
        return value == null ? null : value.asText();
    }

    /** The project's version (the image tag and the jar's). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>cbam-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no version in pom.xml");
        }
        return m.group(1);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the Dockerfile says about the image: its tag, where the jar and the datasets go. */
    record Image(String name, String jarPath, String referenceDir, String samplesDir, String text) {

        static Image fromDockerfile() {
            String text = read(DIR.resolve("Dockerfile"));
            return new Image(group(text, "docker build -f deployment/Dockerfile -t (\\S+) \\."),
                    group(text, "\\nCOPY flink-job/target/cbam-flink-job-\\*-job\\.jar (\\S+)\\n"),
                    group(text, "\\nCOPY datasets/reference/ (\\S+?)/?\\n"),
                    group(text, "\\nCOPY datasets/samples/ (\\S+?)/?\\n"), text);
        }

        private static String group(String text, String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("Dockerfile: nothing matches " + regex);
            }
            return m.group(1);
        }
    }

    /** The capacity table of deployment/README.md: one map of column to cell per tier. */
    static Map<String, Map<String, String>> capacityTable() {
        List<String> lines = read(DIR.resolve("README.md")).lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| tier |")) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalStateException("deployment/README.md has no capacity table ('| tier |')");
        }
        List<String> columns = cells(lines.get(header));
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = cells(lines.get(i));
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                row.put(columns.get(c), c < cells.size() ? cells.get(c) : "");
            }
            table.put(row.get("tier"), row);
        }
        return table;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        String[] parts = line.strip().split("\\|");
        for (int i = 1; i < parts.length; i++) {
            cells.add(parts[i].strip());
        }
        return cells;
    }
}
