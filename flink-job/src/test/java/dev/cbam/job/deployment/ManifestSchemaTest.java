package dev.cbam.job.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in deployment/ — as written (resources and patches) and as its kustomization renders it — is
 * what the operator's CRDs accept, checked as strictly as {@code kubectl apply} checks it on a cluster.
 */
class ManifestSchemaTest {

    private static final CrdSchemas CRDS = new CrdSchemas(Deployment.CRDS);

    /** The other kinds the deployment may use, with their API versions. */
    private static final Map<String, String> OTHER_KINDS = Map.of(
            "Namespace", "v1",
            "PersistentVolumeClaim", "v1",
            "Job", "batch/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2",
            "Cluster", "postgresql.cnpg.io/v1",
            "PodMonitor", "monitoring.coreos.com/v1",
            "PrometheusRule", "monitoring.coreos.com/v1");

    private static List<ObjectNode> everyResource() {
        List<ObjectNode> all = new ArrayList<>();
        Deployment.manifests().values().forEach(all::addAll);
        Deployment.rendered().values().forEach(all::addAll);
        return all;
    }

    @Test
    void everyFlinkResourceMatchesTheOperatorsSchema() {
        int checked = 0;
        for (Map.Entry<Path, List<ObjectNode>> file : Deployment.manifests().entrySet()) {
            for (ObjectNode resource : file.getValue()) {
                if (CRDS.knows(resource.path("kind").asText())) {
                    assertThat(CRDS.validate(resource)).as(Deployment.DIR.relativize(file.getKey()).toString()).isEmpty();
                    checked++;
                }
            }
        }
        for (Map.Entry<Path, List<ObjectNode>> rendering : Deployment.rendered().entrySet()) {
            for (ObjectNode resource : rendering.getValue()) {
                if (CRDS.knows(resource.path("kind").asText())) {
                    assertThat(CRDS.validate(resource)).as("kustomize " + Deployment.DIR.relativize(rendering.getKey()))
                            .isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    @Test
    void theSchemaCheckCatchesWhatTheApiServerWouldDropOrRefuse() {
        ObjectNode good = Deployment.only(Deployment.rendered("base"), "FlinkDeployment");
        assertThat(CRDS.validate(good)).isEmpty();

        ObjectNode misspelt = good.deepCopy();
        ((ObjectNode) misspelt.path("spec").path("job")).put("upgradeMod", "savepoint");
        assertThat(CRDS.validate(misspelt)).anyMatch(e -> e.contains("upgradeMod"));

        ObjectNode unknownVersion = good.deepCopy();
        ((ObjectNode) unknownVersion.get("spec")).put("flinkVersion", "v2_9");
        assertThat(CRDS.validate(unknownVersion)).anyMatch(e -> e.contains("flinkVersion"));

        ObjectNode textParallelism = good.deepCopy();
        ((ObjectNode) textParallelism.path("spec").path("job")).put("parallelism", "8");
        assertThat(CRDS.validate(textParallelism)).anyMatch(e -> e.contains("parallelism"));

        ObjectNode misspeltInPodTemplate = good.deepCopy();
        ((ObjectNode) misspeltInPodTemplate.path("spec").path("podTemplate").path("spec").path("containers").get(0))
                .putArray("volumeMount");
        assertThat(CRDS.validate(misspeltInPodTemplate)).anyMatch(e -> e.contains("volumeMount"));

        ObjectNode wrongKind = good.deepCopy();
        wrongKind.put("apiVersion", "flink.apache.org/v1alpha1");
        assertThat(CRDS.validate(wrongKind)).anyMatch(e -> e.contains("apiVersion"));
    }

    @Test
    void everyOtherResourceIsAKindTheDeploymentMeansToUse() {
        for (ObjectNode resource : everyResource()) {
            String kind = resource.path("kind").asText();
            if (CRDS.knows(kind)) {
                continue;
            }
            assertThat(OTHER_KINDS).as(kind).containsKey(kind);
            assertThat(resource.path("apiVersion").asText()).as(kind).isEqualTo(OTHER_KINDS.get(kind));
            assertThat(resource.path("metadata").path("name").asText()).as(kind).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        }
    }
}
