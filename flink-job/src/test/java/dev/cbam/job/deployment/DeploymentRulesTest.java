package dev.cbam.job.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The project's rules for its Kubernetes manifests, beyond what the CRDs check: the manifests and the
 * Dockerfile agree, the slots hold the parallelism, the tiers are those of the capacity table in
 * deployment/README.md, no secret is written down, state lives on durable storage, the upgrade mode fits the
 * execution mode, the database admits every run's connections.
 */
class DeploymentRulesTest {

    private static final Deployment.Image IMAGE = Deployment.Image.fromDockerfile();
    private static final String DATA = "/opt/cbam/data";

    /** Every rendered resource of a kind, across all kustomizations (variants of one resource included). */
    private static List<ObjectNode> rendered(String kind) {
        List<ObjectNode> all = new ArrayList<>();
        Deployment.rendered().values().forEach(objects -> all.addAll(Deployment.ofKind(objects, kind)));
        return all;
    }

    /** The FlinkDeployments that run a job (application clusters). */
    private static List<ObjectNode> applications() {
        return rendered("FlinkDeployment").stream().filter(d -> d.path("spec").has("job")).toList();
    }

    private static String name(JsonNode resource) {
        return resource.path("metadata").path("name").asText();
    }

    private static int parallelism(JsonNode resource) {
        return resource.path("spec").path("job").path("parallelism").asInt();
    }

    private static int slots(JsonNode deployment) {
        return Integer.parseInt(Deployment.flinkConf(deployment, "taskmanager.numberOfTaskSlots"));
    }

    private static boolean streaming(JsonNode resource) {
        return "streaming".equals(Deployment.option(Deployment.args(resource), "--mode"));
    }

    private static JsonNode mainContainer(JsonNode deployment) {
        for (JsonNode container : deployment.path("spec").path("podTemplate").path("spec").path("containers")) {
            if (container.path("name").asText().equals("flink-main-container")) {
                return container;
            }
        }
        throw new AssertionError(name(deployment) + " has no flink-main-container in its podTemplate");
    }

    @Test
    void everyPodRunsTheImageAndTheJarTheDockerfileBuilds() {
        String version = Deployment.projectVersion();
        assertThat(IMAGE.name()).isEqualTo("cbam-flink:" + version);
        assertThat(Deployment.read(Deployment.ROOT.resolve("flink-job/pom.xml")))
                .contains("<mainClass>dev.cbam.job.CbamJobMain</mainClass>");
        Set<String> images = new HashSet<>();
        for (ObjectNode deployment : rendered("FlinkDeployment")) {
            // The image the Dockerfile builds, under a registry's name or not, and the same everywhere.
            String image = deployment.path("spec").path("image").asText();
            assertThat(image.equals(IMAGE.name()) || image.endsWith("/" + IMAGE.name())).as(name(deployment) + ": " + image).isTrue();
            images.add(image);
            assertThat(deployment.path("spec").path("flinkVersion").asText()).as(name(deployment)).isEqualTo("v2_3");
        }
        for (ObjectNode application : applications()) {
            JsonNode job = application.path("spec").path("job");
            assertThat(job.path("jarURI").asText()).as(name(application)).isEqualTo("local://" + IMAGE.jarPath());
            assertThat(job.path("entryClass").asText()).as(name(application)).isEqualTo("dev.cbam.job.CbamJobMain");
        }
        for (ObjectNode sessionJob : rendered("FlinkSessionJob")) {
            JsonNode job = sessionJob.path("spec").path("job");
            assertThat(job.path("jarURI").asText()).as(name(sessionJob)).endsWith("/cbam-flink-job-" + version + ".jar");
            assertThat(job.path("entryClass").asText()).as(name(sessionJob)).isEqualTo("dev.cbam.job.CbamJobMain");
        }
        for (ObjectNode k8sJob : rendered("Job")) {
            JsonNode container = k8sJob.path("spec").path("template").path("spec").path("containers").get(0);
            images.add(container.path("image").asText());
            List<String> command = new ArrayList<>();
            container.path("command").forEach(c -> command.add(c.asText()));
            assertThat(command).contains("dev.cbam.job.Cbam")
                    .anyMatch(c -> c.contains("/opt/flink/lib/*") && c.contains(IMAGE.jarPath()));
        }
        assertThat(images).hasSize(1);
    }

    @Test
    void theJobsReadTheReferenceDataWhereTheImageHasItAndEveryOtherPathFromTheSharedVolume() {
        List<JsonNode> jobs = new ArrayList<>(applications());
        jobs.addAll(rendered("FlinkSessionJob"));
        for (JsonNode job : jobs) {
            List<String> args = Deployment.args(job);
            assertThat(Deployment.option(args, "--reference-dir")).as(name(job)).isEqualTo(IMAGE.referenceDir());
            for (String arg : args) {
                if (arg.startsWith("/opt/cbam/datasets/")) {
                    assertThat(arg.startsWith(IMAGE.referenceDir()) || arg.startsWith(IMAGE.samplesDir() + "/"))
                            .as(name(job) + ": " + arg + " is not in the image").isTrue();
                    assertThat(Deployment.ROOT.resolve(arg.substring("/opt/cbam/".length()))).as(arg).exists();
                } else if (arg.startsWith("/")) {
                    assertThat(arg).as(name(job)).startsWith(DATA + "/");
                }
            }
        }
        for (ObjectNode deployment : rendered("FlinkDeployment")) {
            assertThat(mainContainer(deployment).path("volumeMounts").toString()).as(name(deployment))
                    .contains("\"mountPath\":\"" + DATA + "\"");
        }
    }

    @Test
    void theSlotsHoldTheParallelismAndTheKeyGroupsSpreadEvenly() {
        for (ObjectNode application : applications()) {
            int parallelism = parallelism(application);
            int maxParallelism = Integer.parseInt(Deployment.flinkConf(application, "pipeline.max-parallelism"));
            assertThat(maxParallelism % parallelism).as(name(application)).isZero();
            if (application.path("spec").path("mode").asText().equals("standalone")) {
                int replicas = application.path("spec").path("taskManager").path("replicas").asInt();
                assertThat(replicas * slots(application)).as(name(application) + ": replicas x slots").isGreaterThanOrEqualTo(parallelism);
            }
            String autoscalerMax = Deployment.flinkConf(application, "job.autoscaler.vertex.max-parallelism");
            if (autoscalerMax != null) {
                assertThat(maxParallelism % Integer.parseInt(autoscalerMax)).as(name(application)).isZero();
            }
        }
        for (ObjectNode hpa : rendered("HorizontalPodAutoscaler")) {
            ObjectNode target = scaledBy(hpa);
            assertThat(hpa.path("spec").path("minReplicas").asInt() * slots(target)).isGreaterThanOrEqualTo(parallelism(target));
            assertThat(target.path("spec").path("taskManager").path("replicas").asInt())
                    .isBetween(hpa.path("spec").path("minReplicas").asInt(), hpa.path("spec").path("maxReplicas").asInt());
        }
    }

    /** The FlinkDeployment an HPA scales, from the same kustomization. */
    private static ObjectNode scaledBy(ObjectNode hpa) {
        JsonNode ref = hpa.path("spec").path("scaleTargetRef");
        assertThat(ref.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        assertThat(ref.path("kind").asText()).isEqualTo("FlinkDeployment");
        for (List<ObjectNode> objects : Deployment.rendered().values()) {
            if (objects.contains(hpa)) {
                for (ObjectNode deployment : Deployment.ofKind(objects, "FlinkDeployment")) {
                    if (name(deployment).equals(ref.path("name").asText())) {
                        assertThat(deployment.path("spec").path("mode").asText()).isEqualTo("standalone");
                        assertThat(Deployment.flinkConf(deployment, "scheduler-mode")).isEqualTo("REACTIVE");
                        return deployment;
                    }
                }
            }
        }
        throw new AssertionError("HPA " + name(hpa) + " scales no FlinkDeployment of its kustomization");
    }

    @Test
    void theTiersAreThoseOfTheCapacityTable() {
        Map<String, Map<String, String>> table = Deployment.capacityTable();
        assertThat(table).containsOnlyKeys("standard", "increased", "high");
        table.forEach((tier, row) -> assertTier(Deployment.only(Deployment.rendered("overlays/" + tier), "FlinkDeployment"), row));
        assertTier(Deployment.only(Deployment.rendered("base"), "FlinkDeployment"), table.get("standard"));
        assertTier(Deployment.only(Deployment.rendered("playbooks/year-end-50k"), "FlinkDeployment"), table.get("high"));
        assertTier(Deployment.only(Deployment.rendered("playbooks/emergency-same-day-10k"), "FlinkDeployment"), table.get("high"));
    }

    private static void assertTier(ObjectNode deployment, Map<String, String> row) {
        String as = name(deployment) + " vs the " + row.get("tier") + " row";
        int parallelism = parallelism(deployment);
        int slots = slots(deployment);
        assertThat(parallelism).as(as).isEqualTo(Integer.parseInt(row.get("parallelism")));
        assertThat(slots).as(as).isEqualTo(Integer.parseInt(row.get("slots per TaskManager")));
        // Native mode: Flink starts parallelism / slots TaskManagers (rounded up).
        assertThat((parallelism + slots - 1) / slots).as(as).isEqualTo(Integer.parseInt(row.get("TaskManagers")));
        assertResource(deployment, "taskManager", "kubernetes.taskmanager.cpu.limit-factor",
                row.get("TaskManager CPU (request / limit)"), row.get("TaskManager memory"), as);
        assertResource(deployment, "jobManager", "kubernetes.jobmanager.cpu.limit-factor",
                row.get("JobManager CPU (request / limit)"), row.get("JobManager memory"), as);
        assertThat(Integer.parseInt(row.get("JDBC connections"))).as(as).isEqualTo(3 * parallelism + 1);
        assertThat(row.get("expected time")).as(as).isNotBlank();
    }

    private static void assertResource(JsonNode deployment, String component, String limitFactor, String cpu,
            String memory, String as) {
        JsonNode resource = deployment.path("spec").path(component).path("resource");
        String[] requestAndLimit = cpu.split("/");
        double request = Double.parseDouble(requestAndLimit[0].strip());
        assertThat(resource.path("cpu").asDouble()).as(as + " " + component + " cpu").isEqualTo(request);
        assertThat(request * Double.parseDouble(Deployment.flinkConf(deployment, limitFactor)))
                .as(as + " " + component + " cpu limit").isEqualTo(Double.parseDouble(requestAndLimit[1].strip()));
        assertThat(resource.path("memory").asText()).as(as + " " + component + " memory").isEqualTo(memory);
    }

    @Test
    void noSecretIsWrittenIntoAManifest() {
        for (Map.Entry<Path, List<ObjectNode>> file : Deployment.manifests().entrySet()) {
            for (ObjectNode resource : file.getValue()) {
                assertThat(secretsIn(resource)).as(file.getKey().toString()).isEmpty();
            }
        }
        for (List<ObjectNode> objects : Deployment.rendered().values()) {
            objects.forEach(o -> assertThat(secretsIn(o)).as(name(o)).isEmpty());
        }
        assertThat(IMAGE.text().lines().filter(l -> l.matches("(?i)\\s*(ENV|ARG)\\s.*(PASSWORD|JDBC|SECRET|TOKEN).*")))
                .as("Dockerfile").isEmpty();
        // The check finds what it is for.
        ObjectNode leaky = Deployment.only(Deployment.rendered("base"), "FlinkDeployment").deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) leaky.path("spec").path("job").path("args"))
                .add("--jdbc-password").add("hunter2");
        ((ObjectNode) mainContainer(leaky).path("env").get(2)).put("value", "hunter2");
        ((ObjectNode) leaky.path("spec").path("flinkConfiguration")).put("cbam.jdbc.url", "jdbc:postgresql://db/cbam?password=x");
        assertThat(secretsIn(leaky)).hasSize(3);
    }

    private static final Set<String> CREDENTIAL_OPTIONS = Set.of("--jdbc-url", "--jdbc-user", "--jdbc-password");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|passwd|secret|token|credential|jdbc).*");

    /** Where a resource carries a credential or a JDBC URL in plain text. */
    private static List<String> secretsIn(JsonNode resource) {
        List<String> found = new ArrayList<>();
        if (resource.path("kind").asText().equals("Secret")) {
            found.add("a Secret");
        }
        walk(resource, "", found);
        return found;
    }

    private static void walk(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            if (node.has("name") && (node.has("value") || node.has("valueFrom")) && SECRET_NAME.matcher(node.path("name").asText()).matches()
                    && (node.has("value") || !node.path("valueFrom").has("secretKeyRef"))) {
                found.add(path + ": env " + node.path("name").asText() + " is not from a Secret");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                walk(field.getValue(), path + "." + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isTextual()) {
            String text = node.asText();
            String option = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
            if (CREDENTIAL_OPTIONS.contains(option)) {
                found.add(path + ": " + option + " in arguments (use the CBAM_JDBC_* variables from the Secret)");
            } else if (text.contains("jdbc:") || text.matches("(?is).*password\\s*[=:].*")) {
                found.add(path + ": a JDBC URL or password");
            }
        }
    }

    @Test
    void streamingRunsKeepCheckpointsSavepointsAndHaMetadataOnTheSharedVolume() {
        for (ObjectNode deployment : rendered("FlinkDeployment")) {
            assertThat(Deployment.flinkConf(deployment, "high-availability.type")).as(name(deployment)).isEqualTo("kubernetes");
            for (String key : List.of("high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
                assertThat(Deployment.flinkConf(deployment, key)).as(name(deployment) + " " + key).startsWith("file://" + DATA + "/");
            }
            JsonNode volumes = deployment.path("spec").path("podTemplate").path("spec").path("volumes");
            assertThat(volumes.toString()).contains("\"claimName\":\"cbam-data\"");
        }
        for (ObjectNode application : applications()) {
            if (streaming(application)) {
                List<String> args = Deployment.args(application);
                assertThat("file://" + Deployment.option(args, "--checkpoint-dir")).as(name(application))
                        .isEqualTo(Deployment.flinkConf(application, "execution.checkpointing.dir"));
                assertThat("file://" + Deployment.option(args, "--savepoint-dir")).as(name(application))
                        .isEqualTo(Deployment.flinkConf(application, "execution.checkpointing.savepoint-dir"));
            }
        }
        ObjectNode pvc = Deployment.only(Deployment.rendered("platform"), "PersistentVolumeClaim");
        assertThat(name(pvc)).isEqualTo("cbam-data");
        assertThat(pvc.path("spec").path("accessModes").toString()).contains("ReadWriteMany");
    }

    @Test
    void theUpgradeModeFitsTheExecutionModeAndEveryRunHasAFixedId() {
        List<JsonNode> jobs = new ArrayList<>(applications());
        jobs.addAll(rendered("FlinkSessionJob"));
        for (JsonNode job : jobs) {
            List<String> args = Deployment.args(job);
            String mode = Deployment.option(args, "--mode");
            assertThat(mode).as(name(job)).isIn("batch", "streaming");
            assertThat(job.path("spec").path("job").path("upgradeMode").asText()).as(name(job))
                    .isEqualTo(mode.equals("streaming") ? "savepoint" : "stateless");
            String runId = Deployment.option(args, "--run-id");
            assertThat(runId).as(name(job) + " --run-id").isNotNull().matches("[A-Za-z0-9._-]{1,100}");
            assertThat(Deployment.option(args, "--output-dir")).as(name(job)).isEqualTo(DATA + "/output/" + runId);
            boolean reactive = "REACTIVE".equals(Deployment.flinkConf(job, "scheduler-mode"));
            boolean autoscaled = "true".equals(Deployment.flinkConf(job, "job.autoscaler.enabled"));
            if (reactive || autoscaled) {
                assertThat(mode).as(name(job) + ": reactive mode and the autoscaler work on streaming jobs only").isEqualTo("streaming");
                assertThat(reactive && autoscaled).as(name(job)).isFalse();
            }
            if (reactive) {
                assertThat(job.path("spec").path("mode").asText()).as(name(job)).isEqualTo("standalone");
            }
            if (autoscaled) {
                assertThat(Deployment.flinkConf(job, "jobmanager.scheduler")).as(name(job)).isEqualTo("adaptive");
            }
        }
    }

    @Test
    void runsWithDifferentIdsHaveDifferentNamesThatKubernetesAndFlinkAccept() {
        Map<String, String> runIdByName = new HashMap<>();
        List<JsonNode> jobs = new ArrayList<>(applications());
        jobs.addAll(rendered("FlinkSessionJob"));
        for (JsonNode job : jobs) {
            String name = name(job);
            // The name is Flink's cluster id, which names Services: a DNS-1035 label of at most 45 characters.
            assertThat(name).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(45);
            String runId = Deployment.option(Deployment.args(job), "--run-id");
            String previous = runIdByName.putIfAbsent(name, runId);
            assertThat(previous == null || previous.equals(runId)).as(name + " runs " + previous + " and " + runId).isTrue();
        }
        assertThat(new HashSet<>(runIdByName.values())).hasSameSizeAs(runIdByName.values());
    }

    @Test
    void everyFlinkConfigurationValueIsAString() {
        for (Map.Entry<Path, List<ObjectNode>> file : Deployment.manifests().entrySet()) {
            for (ObjectNode resource : file.getValue()) {
                resource.path("spec").path("flinkConfiguration").fields().forEachRemaining(e ->
                        assertThat(e.getValue().isTextual()).as(file.getKey() + ": " + e.getKey() + " is not quoted").isTrue());
            }
        }
    }

    @Test
    void theJvmsOpenTheModulesTheLocalClusterOpens() {
        Matcher m = Pattern.compile("JDK_OPENS=\"([^\"]*)\"").matcher(Deployment.read(Deployment.DIR.resolve("local/common.sh")));
        assertThat(m.find()).isTrue();
        Set<String> local = new HashSet<>(Arrays.asList(m.group(1).replace("\\\n", " ").strip().split("\\s+")));
        assertThat(local).hasSizeGreaterThan(10);
        for (ObjectNode deployment : rendered("FlinkDeployment")) {
            Set<String> opens = new HashSet<>(Arrays.asList(Deployment.flinkConf(deployment, "env.java.opts.all").strip().split("\\s+")));
            assertThat(opens).as(name(deployment)).isEqualTo(local);
        }
    }

    @Test
    void everyPodServesItsMetricsToPrometheus() {
        ObjectNode podMonitor = Deployment.only(Deployment.rendered("monitoring"), "PodMonitor");
        JsonNode selector = podMonitor.path("spec").path("selector").path("matchLabels");
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("metrics");
        for (ObjectNode deployment : rendered("FlinkDeployment")) {
            assertThat(Deployment.flinkConf(deployment, "metrics.reporter.prom.factory.class"))
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(Deployment.flinkConf(deployment, "metrics.reporter.prom.port")).isEqualTo("9249");
            assertThat(mainContainer(deployment).path("ports").toString()).contains("{\"name\":\"metrics\",\"containerPort\":9249}");
            selector.fields().forEachRemaining(label -> assertThat(deployment.path("spec").path("podTemplate").path("metadata")
                    .path("labels").path(label.getKey()).asText()).as(name(deployment)).isEqualTo(label.getValue().asText()));
        }
        assertThat(IMAGE.text()).contains("/opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-").contains("EXPOSE 9249");
    }

    @Test
    void theDatabaseAdmitsTheLargestRunAndTheSeedsReserve() {
        int largest = 0;
        for (List<ObjectNode> objects : Deployment.rendered().values()) {
            for (ObjectNode deployment : Deployment.ofKind(objects, "FlinkDeployment")) {
                if (!deployment.path("spec").has("job")) {
                    continue;
                }
                int maxParallelism = parallelism(deployment);
                if ("REACTIVE".equals(Deployment.flinkConf(deployment, "scheduler-mode"))) {
                    int replicas = deployment.path("spec").path("taskManager").path("replicas").asInt();
                    for (ObjectNode hpa : Deployment.ofKind(objects, "HorizontalPodAutoscaler")) {
                        replicas = Math.max(replicas, hpa.path("spec").path("maxReplicas").asInt());
                    }
                    maxParallelism = replicas * slots(deployment);
                }
                String autoscalerMax = Deployment.flinkConf(deployment, "job.autoscaler.vertex.max-parallelism");
                if (autoscalerMax != null) {
                    maxParallelism = Integer.parseInt(autoscalerMax);
                }
                // One connection per sink subtask (report lines, shipments, rejects), one of the JobManager.
                largest = Math.max(largest, 3 * maxParallelism + 1);
            }
        }
        ObjectNode postgres = Deployment.only(Deployment.rendered("platform"), "Cluster");
        int maxConnections = Integer.parseInt(postgres.path("spec").path("postgresql").path("parameters").path("max_connections").asText());
        assertThat(largest).isEqualTo(49);
        assertThat(maxConnections).isGreaterThanOrEqualTo(largest + 100);
    }

    @Test
    void theSessionRunIsFinishedByTheJobThatNamesIt() {
        List<ObjectNode> run = Deployment.rendered("session/run");
        ObjectNode sessionJob = Deployment.only(run, "FlinkSessionJob");
        ObjectNode finish = Deployment.only(run, "Job");
        String cluster = sessionJob.path("spec").path("deploymentName").asText();
        ObjectNode session = Deployment.only(Deployment.rendered("session/cluster"), "FlinkDeployment");
        assertThat(name(session)).isEqualTo(cluster);
        assertThat(session.path("spec").has("job")).as("a session cluster has no job").isFalse();
        List<String> finishArgs = new ArrayList<>();
        finish.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> finishArgs.add(a.asText()));
        List<String> args = Deployment.args(sessionJob);
        assertThat(finishArgs.get(0)).isEqualTo("finish");
        assertThat(Deployment.option(finishArgs, "--run-id")).isEqualTo(Deployment.option(args, "--run-id"));
        assertThat(Deployment.option(finishArgs, "--output-dir")).isEqualTo(Deployment.option(args, "--output-dir"));
        assertThat(Deployment.option(finishArgs, "--rest-url")).isEqualTo("http://" + cluster + "-rest:8081");
    }

    @Test
    void theSnapshotIsOfAStreamingRun() {
        ObjectNode snapshot = Deployment.only(Deployment.rendered("snapshots"), "FlinkStateSnapshot");
        JsonNode ref = snapshot.path("spec").path("jobReference");
        assertThat(ref.path("kind").asText()).isEqualTo("FlinkDeployment");
        assertThat(applications()).anyMatch(d -> name(d).equals(ref.path("name").asText()) && streaming(d));
    }
}
