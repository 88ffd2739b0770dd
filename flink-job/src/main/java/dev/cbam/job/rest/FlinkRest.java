package dev.cbam.job.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.job.UsageException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The few calls of Flink's REST API (the one behind the web UI) that the savepoint commands need: list jobs,
 * trigger a savepoint, stop with a savepoint, and wait for the savepoint's location.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public FlinkRest(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    /** A job as the job overview lists it. */
    public record Job(String id, String name, String state) {}

    public List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode job : get("jobs/overview").path("jobs")) {
            jobs.add(new Job(job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
        }
        return jobs;
    }

    /** A job's details (vertices with their parallelism, state). */
    public JsonNode job(String jobId) {
        return get("jobs/" + jobId);
    }

    /** The job's state: RUNNING, FINISHED, FAILED, CANCELED, ... */
    public String state(String jobId) {
        return job(jobId).path("state").asText();
    }

    /** The job's user accumulators (name to value as text), also of a finished job while the cluster keeps it. */
    public java.util.Map<String, String> accumulators(String jobId) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        for (JsonNode acc : get("jobs/" + jobId + "/accumulators").path("user-task-accumulators")) {
            values.put(acc.path("name").asText(), acc.path("value").asText());
        }
        return values;
    }

    /**
     * Triggers a savepoint and waits for it.
     *
     * @param stop true to stop the job once the savepoint is taken (stop-with-savepoint, without draining)
     * @param directory the target folder, or {@code null} for the job's configured savepoint folder
     * @return the savepoint's location
     */
    public String savepoint(String jobId, boolean stop, String directory, Duration timeout) {
        ObjectNode body = JSON.createObjectNode();
        if (stop) {
            if (directory != null) {
                body.put("targetDirectory", directory);
            }
            body.put("drain", false);
            body.put("formatType", "CANONICAL");
        } else {
            if (directory != null) {
                body.put("target-directory", directory);
            }
            body.put("cancel-job", false);
            body.put("formatType", "CANONICAL");
        }
        String requestId = post("jobs/" + jobId + (stop ? "/stop" : "/savepoints"), body).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("jobs/" + jobId + "/savepoints/" + requestId);
            if ("COMPLETED".equals(status.path("status").path("id").asText())) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    JsonNode cause = operation.path("failure-cause");
                    throw new IllegalStateException("savepoint failed: " + cause.path("class").asText() + ": "
                            + firstLine(cause.path("stack-trace").asText()));
                }
                return operation.path("location").asText();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the savepoint");
            }
        }
        throw new IllegalStateException("the savepoint did not complete within " + timeout.toSeconds() + " s");
    }

    private JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UsageException("cannot reach the Flink REST API at " + base + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Flink REST API answered " + response.statusCode() + " with no JSON");
        }
        if (response.statusCode() >= 400) {
            JsonNode errors = json.path("errors");
            String error = errors.isArray() && errors.size() > 0 ? errors.get(0).asText() : errors.toString();
            throw new IllegalStateException("Flink REST API " + request.uri().getPath() + " answered " + response.statusCode()
                    + ": " + firstLine(error).replaceFirst("^org\\.apache\\.flink\\.[\\w.]+Exception: ", ""));
        }
        return json;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
