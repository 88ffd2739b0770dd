package dev.cbam.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a finished benchmark run leaves behind, as {@code key=value} lines for {@code bench/run}: how long the
 * Flink job itself was RUNNING (from Flink's own state transitions in {@code cbam.log}), how long each task
 * (vertex) ran, and what the run wrote to its embedded PostgreSQL — started again on the run's data folder,
 * queried and stopped, as {@code bin/cbam db} would.
 *
 * <p>Usage: {@code RunFacts --output-dir DIR --run-id ID [--no-db]}.
 */
public final class RunFacts {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT);
    /** ExecutionGraph's job transition: {@code Job NAME (ID) switched from state RUNNING to FINISHED.} */
    private static final Pattern JOB_STATE = Pattern.compile(
            "^(\\S+ \\S+) .*ExecutionGraph\\s+\\[\\] - Job .* switched from state (\\w+) to (\\w+)\\.");
    /** ExecutionGraph's task transition: {@code NAME (1/2) (attempt id) switched from RUNNING to FINISHED.} */
    private static final Pattern TASK_STATE = Pattern.compile(
            "^(\\S+ \\S+) .*ExecutionGraph\\s+\\[\\] - (.+) \\(\\d+/\\d+\\) \\([0-9a-f_]+\\) switched from (\\w+) to (\\w+)\\.");

    private RunFacts() {}

    public static void main(String[] args) throws Exception {
        Path outputDir = null;
        String runId = null;
        boolean db = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--output-dir" -> outputDir = Path.of(args[++i]);
                case "--run-id" -> runId = args[++i];
                case "--no-db" -> db = false;
                default -> {
                    System.err.println("usage: RunFacts --output-dir DIR --run-id ID [--no-db]");
                    System.exit(2);
                }
            }
        }
        if (outputDir == null || runId == null) {
            System.err.println("usage: RunFacts --output-dir DIR --run-id ID [--no-db]");
            System.exit(2);
        }
        Map<String, String> facts = new LinkedHashMap<>();
        logFacts(outputDir.resolve("cbam.log"), facts);
        if (db) {
            databaseFacts(outputDir.resolve("postgres"), runId, facts);
        }
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            System.out.println(fact.getKey() + "=" + fact.getValue());
        }
    }

    /** The job's RUNNING time, and per task the time from its first subtask RUNNING to its last one FINISHED. */
    static void logFacts(Path log, Map<String, String> facts) throws IOException {
        LocalDateTime jobRunning = null;
        LocalDateTime jobEnd = null;
        String jobEndState = "";
        Map<String, LocalDateTime[]> tasks = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (String line : lines) {
            if (!line.contains("switched from")) {
                continue;
            }
            Matcher job = JOB_STATE.matcher(line);
            if (job.find()) {
                LocalDateTime at = LocalDateTime.parse(job.group(1), LOG_TIME);
                if (job.group(3).equals("RUNNING") && jobRunning == null) {
                    jobRunning = at;
                } else if (job.group(2).equals("RUNNING") || job.group(3).equals("FINISHED") || job.group(3).equals("FAILED")) {
                    jobEnd = at;
                    jobEndState = job.group(3);
                }
                continue;
            }
            Matcher task = TASK_STATE.matcher(line);
            if (task.find()) {
                LocalDateTime at = LocalDateTime.parse(task.group(1), LOG_TIME);
                LocalDateTime[] span = tasks.computeIfAbsent(task.group(2), k -> new LocalDateTime[2]);
                if (task.group(4).equals("RUNNING") && (span[0] == null || at.isBefore(span[0]))) {
                    span[0] = at;
                } else if (task.group(3).equals("RUNNING") && (span[1] == null || at.isAfter(span[1]))) {
                    span[1] = at;
                }
            }
        }
        facts.put("job_running_s", jobRunning != null && jobEnd != null ? seconds(jobRunning, jobEnd) : "");
        facts.put("job_end_state", jobEndState);
        // Flink logs local time; bench/run compares these with its own clock to split off the time around the job.
        facts.put("job_start_epoch", epoch(jobRunning));
        facts.put("job_end_epoch", epoch(jobEnd));
        StringBuilder stages = new StringBuilder();
        for (Map.Entry<String, LocalDateTime[]> task : tasks.entrySet()) {
            LocalDateTime[] span = task.getValue();
            if (span[0] == null || span[1] == null) {
                continue;
            }
            if (stages.length() > 0) {
                stages.append(" | ");
            }
            // The names hold commas and parentheses; bench/run quotes the field, keep them readable.
            stages.append(task.getKey().replace('"', '\'')).append(" = ").append(seconds(span[0], span[1]));
        }
        facts.put("stages", stages.toString());
    }

    /** Rows of the run in the tables, counted in the run's own embedded PostgreSQL. */
    static void databaseFacts(Path dataDirectory, String runId, Map<String, String> facts) throws IOException, SQLException {
        if (!Files.isDirectory(dataDirectory)) {
            facts.put("rows_written", "");
            facts.put("db_note", "no embedded database in " + dataDirectory);
            return;
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setPort(freePort())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
             Connection c = postgres.getPostgresDatabase().getConnection()) {
            facts.put("rows_written", count(c, "SELECT count(*) FROM cbam_shipment_emissions WHERE run_id = ?", runId));
            facts.put("db_rejects", count(c, "SELECT count(*) FROM cbam_rejects WHERE run_id = ?", runId));
            facts.put("db_report_lines", count(c, "SELECT count(*) FROM cbam_report_lines WHERE run_id = ?", runId));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT status, rows_read, rows_accepted, rows_rejected FROM cbam_runs WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        facts.put("db_status", r.getString(1));
                        facts.put("db_rows_read", String.valueOf(r.getLong(2)));
                        facts.put("db_rows_accepted", String.valueOf(r.getLong(3)));
                        facts.put("db_rows_rejected", String.valueOf(r.getLong(4)));
                    } else {
                        facts.put("db_status", "NO_RUN");
                    }
                }
            }
        }
    }

    private static String count(Connection c, String sql, String runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, runId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return String.valueOf(r.getLong(1));
            }
        }
    }

    private static String seconds(LocalDateTime from, LocalDateTime to) {
        return String.format(Locale.ROOT, "%.3f", Duration.between(from, to).toMillis() / 1000.0);
    }

    private static String epoch(LocalDateTime at) {
        return at == null ? "" : String.format(Locale.ROOT, "%.3f", at.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
