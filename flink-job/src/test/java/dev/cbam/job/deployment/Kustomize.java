package dev.cbam.job.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the part of kustomize that
 * {@code deployment/kubernetes} uses: {@code resources} (files and folders), {@code patches} given by
 * {@code path} (strategic-merge patches: for custom resources maps merge, lists are replaced, {@code null}
 * removes), {@code namespace} and {@code nameSuffix}. Anything else is refused rather than ignored, so a
 * kustomization cannot render differently here than with kustomize without a test failing; where
 * {@code kubectl} is installed, {@link KustomizeTest} compares the two renderings.
 */
final class Kustomize {

    /** The fields of a kustomization this renderer knows. */
    static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "patches", "nameSuffix");

    private static final Set<String> CLUSTER_SCOPED_KINDS = Set.of("Namespace");

    private Kustomize() {}

    /** A resource as rendered so far, with the name it had in its file (kustomize matches patches by it). */
    private record Resource(ObjectNode object, String originalName) {
        String kind() {
            return object.path("kind").asText();
        }

        String name() {
            return object.path("metadata").path("name").asText();
        }

        String namespace() {
            return object.path("metadata").path("namespace").asText(null);
        }
    }

    /** The resources the kustomization in {@code dir} renders to, in the order of its {@code resources}. */
    static List<ObjectNode> render(Path dir) {
        List<ObjectNode> objects = new ArrayList<>();
        for (Resource resource : build(dir.toAbsolutePath().normalize())) {
            objects.add(resource.object());
        }
        return objects;
    }

    private static List<Resource> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        List<ObjectNode> documents = Deployment.documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": one document expected");
        }
        ObjectNode kustomization = documents.get(0);
        for (Iterator<String> names = kustomization.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(file + ": field '" + name + "' is not supported by this renderer");
            }
        }
        List<Resource> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(build(path));
            } else {
                for (ObjectNode object : Deployment.documents(path)) {
                    resources.add(new Resource(object, object.path("metadata").path("name").asText()));
                }
            }
        }
        for (JsonNode entry : kustomization.path("patches")) {
            if (entry.size() != 1 || !entry.has("path")) {
                throw new IllegalArgumentException(file + ": only patches given by 'path' are supported");
            }
            for (ObjectNode patch : Deployment.documents(dir.resolve(entry.get("path").asText()))) {
                apply(patch, resources, file);
            }
        }
        String namespace = kustomization.path("namespace").asText(null);
        String suffix = kustomization.path("nameSuffix").asText("");
        for (Resource resource : resources) {
            ObjectNode metadata = (ObjectNode) resource.object().get("metadata");
            if (namespace != null && !CLUSTER_SCOPED_KINDS.contains(resource.kind())) {
                metadata.put("namespace", namespace);
            }
            metadata.put("name", resource.name() + suffix);
        }
        return resources;
    }

    /**
     * A patch without a namespace names its target by the name in the target's file; with a namespace, also by
     * the target's current name (a suffix given further down already applied). This is what kustomize 5 matches.
     */
    private static void apply(ObjectNode patch, List<Resource> resources, Path file) {
        String kind = patch.path("kind").asText();
        String name = patch.path("metadata").path("name").asText();
        String namespace = patch.path("metadata").path("namespace").asText(null);
        Resource target = null;
        for (Resource resource : resources) {
            boolean matches = resource.kind().equals(kind) && (namespace == null
                    ? resource.originalName().equals(name)
                    : namespace.equals(resource.namespace())
                            && (resource.name().equals(name) || resource.originalName().equals(name)));
            if (matches) {
                if (target != null) {
                    throw new IllegalArgumentException(file + ": patch of " + kind + " " + name + " matches more than one resource");
                }
                target = resource;
            }
        }
        if (target == null) {
            throw new IllegalArgumentException(file + ": no resource matches the patch of " + kind + " " + name);
        }
        ObjectNode changes = patch.deepCopy();
        ObjectNode metadata = (ObjectNode) changes.get("metadata");
        metadata.remove("name");
        metadata.remove("namespace");
        merge(target.object(), changes);
    }

    /** Strategic merge for a custom resource: maps merge, everything else (lists included) is replaced. */
    static void merge(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }
}
