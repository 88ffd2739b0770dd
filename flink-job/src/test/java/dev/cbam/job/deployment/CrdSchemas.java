package dev.cbam.job.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code openAPIV3Schema} of the operator's CRDs (copies in {@code deployment/crds/}) as JSON Schemas, made as
 * strict as {@code kubectl apply} with server-side field validation: a field the schema does not declare is an
 * error (the API server would otherwise drop it silently — a misspelt {@code upgradeMode} would deploy as
 * stateless). The Kubernetes extensions are turned into plain JSON Schema: {@code x-kubernetes-preserve-unknown-fields}
 * keeps an object open, {@code x-kubernetes-int-or-string} is already an {@code anyOf}; OpenAPI's {@code format}
 * and {@code nullable} are dropped.
 */
final class CrdSchemas {

    private final Map<String, JsonSchema> byKind = new LinkedHashMap<>();

    CrdSchemas(Path crdFolder) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        for (String file : List.of("flinkdeployments.flink.apache.org-v1.yml", "flinksessionjobs.flink.apache.org-v1.yml",
                "flinkstatesnapshots.flink.apache.org-v1.yml")) {
            ObjectNode crd = Deployment.documents(crdFolder.resolve(file)).get(0);
            String kind = crd.path("spec").path("names").path("kind").asText();
            JsonNode version = crd.path("spec").path("versions").get(0);
            ObjectNode schema = strict(version.path("schema").path("openAPIV3Schema").deepCopy());
            // Every object has these at its root; the CRD's schema does not list them.
            ObjectNode properties = (ObjectNode) schema.get("properties");
            properties.putObject("apiVersion").put("type", "string").putArray("enum")
                    .add(crd.path("spec").path("group").asText() + "/" + version.path("name").asText());
            properties.putObject("kind").put("type", "string").putArray("enum").add(kind);
            properties.putObject("metadata").put("type", "object");
            byKind.put(kind, factory.getSchema(schema));
        }
    }

    boolean knows(String kind) {
        return byKind.containsKey(kind);
    }

    /** The errors of a resource (or a patch of one) against its kind's schema, as readable lines. */
    List<String> validate(JsonNode resource) {
        JsonSchema schema = byKind.get(resource.path("kind").asText());
        if (schema == null) {
            throw new IllegalArgumentException("no CRD for kind " + resource.path("kind").asText());
        }
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : schema.validate(resource)) {
            errors.add(message.getMessage());
        }
        return errors;
    }

    private static ObjectNode strict(ObjectNode schema) {
        boolean open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") || name.equals("format") || name.equals("nullable")) {
                names.remove();
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
                strict((ObjectNode) fields.next().getValue());
            }
            if (!open && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
        }
        if (schema.get("additionalProperties") instanceof ObjectNode additional) {
            strict(additional);
        }
        if (schema.get("items") instanceof ObjectNode items) {
            strict(items);
        }
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            for (JsonNode alternative : schema.path(combinator)) {
                strict((ObjectNode) alternative);
            }
        }
        return schema;
    }
}
