package dev.cbam.job.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cbam.job.rest.FlinkRest;
import dev.cbam.job.testing.Runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real multi-process Flink cluster on localhost, driven through the deployment/local scripts. */
final class LocalCluster implements AutoCloseable {

    private final Path dir;
    private final int restPort;
    final FlinkRest rest;

    LocalCluster(Path dir, int restPort) {
        this.dir = dir;
        this.restPort = restPort;
        this.rest = new FlinkRest("http://127.0.0.1:" + restPort);
    }

    /** Starts an application cluster that runs the CBAM job with {@code jobArgs}. */
    void startApplication(int taskManagers, int slots, boolean reactive, List<String> jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--taskmanagers", Integer.toString(taskManagers), "--slots",
                Integer.toString(slots), "--rest-port", Integer.toString(restPort)));
        if (reactive) {
            args.add("--reactive");
        }
        args.add("--application");
        args.add("--");
        args.addAll(jobArgs);
        script("start-cluster.sh", args);
    }

    void addTaskManager() throws Exception {
        script("add-taskmanager.sh", List.of());
    }

    void killTaskManager(int n) throws Exception {
        script("stop-taskmanager.sh", List.of("--kill", Integer.toString(n)));
    }

    /** Waits until the application's JobManager process has exited (the job ended). */
    void awaitJobManagerExit(Duration timeout) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("pids/jobmanager.pid")).strip());
        ProcessHandle jm = ProcessHandle.of(pid).orElse(null);
        if (jm != null) {
            try {
                jm.onExit().get(timeout.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the JobManager still runs after " + timeout + "; " + diagnosis(), e);
            }
        }
    }

    /**
     * What the cluster is doing, in a few lines (CI shows only the end of the output): the jobs' states, the
     * TaskManagers registered, and the JobManager's last state changes and exceptions.
     */
    String diagnosis() {
        StringBuilder d = new StringBuilder();
        try {
            d.append("jobs ").append(restGet("jobs/overview").path("jobs"));
            d.append("; taskmanagers ").append(restGet("taskmanagers").path("taskmanagers").size());
        } catch (RuntimeException e) {
            d.append("REST API unreachable: ").append(e.getMessage());
        }
        Path log = dir.resolve("log/jobmanager.log");
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            List<String> notable = new ArrayList<>();
            for (String line : lines) {
                if (line.contains("switched from state") || line.contains("Exception") || line.contains("Restarting")
                        || line.contains("Registering TaskManager") || line.contains("heartbeat")) {
                    notable.add(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
            d.append("; jobmanager.log:\n").append(String.join("\n", notable.subList(Math.max(0, notable.size() - 25), notable.size())));
        } catch (IOException e) {
            d.append("; jobmanager.log unreadable: ").append(e.getMessage());
        }
        return d.toString();
    }

    /** The id of the (single) job on the cluster, once it is there. */
    String jobId() throws Exception {
        await(Duration.ofSeconds(60), () -> !rest.jobs().isEmpty());
        return rest.jobs().get(0).id();
    }

    long rowsRead(String jobId) {
        String value = rest.accumulators(jobId).get("rows-read");
        return value == null ? 0 : Long.parseLong(value);
    }

    long completedCheckpoints(String jobId) {
        JsonNode checkpoints = restGet("jobs/" + jobId + "/checkpoints");
        return checkpoints.path("counts").path("completed").asLong();
    }

    /** The parallelism of the job's vertex whose (chained) name starts with {@code operator}. */
    int parallelism(String jobId, String operator) {
        for (JsonNode vertex : rest.job(jobId).path("vertices")) {
            if (vertex.path("name").asText().startsWith(operator)) {
                return vertex.path("parallelism").asInt();
            }
        }
        throw new IllegalStateException("no vertex " + operator + " in " + rest.job(jobId).path("vertices"));
    }

    private JsonNode restGet(String path) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + restPort + "/" + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(timeout, condition, null);
    }

    /** Waits for {@code condition}; on a timeout, the message includes this cluster's {@link #diagnosis}. */
    void awaitOnCluster(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(timeout, condition, this);
    }

    private static void await(Duration timeout, BooleanSupplier condition, LocalCluster cluster) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!safely(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + (cluster == null ? "" : "; " + cluster.diagnosis()));
            }
            Thread.sleep(250);
        }
    }

    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void script(String name, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Runs.ROOT.resolve("deployment/local").resolve(name).toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("scripts.log").toFile()));
        pb.environment().put("CLUSTER_DIR", dir.toString());
        Files.createDirectories(dir);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed; see " + dir.resolve("scripts.log") + ":\n"
                    + Files.readString(dir.resolve("scripts.log")));
        }
    }

    @Override
    public void close() throws Exception {
        script("stop-cluster.sh", List.of());
        // Keep the cluster's logs for a look after the test (the test's own folder is deleted).
        Path logs = Runs.ROOT.resolve("flink-job/target/local-cluster-logs").resolve(dir.getFileName());
        Files.createDirectories(logs);
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("log"))) {
            for (Path f : files.toList()) {
                Files.copy(f, logs.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The log of the JobManager's job output (the CBAM job's own lines). */
    String jobOutput() throws IOException {
        Path out = dir.resolve("log/jobmanager.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }
}
