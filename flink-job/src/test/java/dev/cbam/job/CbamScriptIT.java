package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.job.testing.Runs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cbam} as a user runs it: a separate JVM with a local MiniCluster and the embedded PostgreSQL. */
class CbamScriptIT {

    @TempDir
    Path temp;

    private record Result(int status, String out, String err) {}

    private Result cbam(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Runs.ROOT.resolve("bin/cbam").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(Runs.ROOT.toFile());
        pb.environment().put("CBAM_NO_BUILD", "1");
        pb.redirectOutput(temp.resolve("stdout.txt").toFile());
        pb.redirectError(temp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("bin/cbam finished").isTrue();
        return new Result(p.exitValue(), Files.readString(temp.resolve("stdout.txt")), Files.readString(temp.resolve("stderr.txt")));
    }

    @Test
    void runsTheDemoDataEndToEndAndTheDatabaseCanBeQueriedAfterwards() throws Exception {
        Path out = temp.resolve("demo");
        Result r = cbam("run", "--shipments", "datasets/samples/demo_shipments_2026.csv", "--period", "2026",
                "--importer-eori", "NL123456789", "--installations", "datasets/samples/demo_installations.csv",
                "--output-dir", out.toString(), "--parallelism", "2", "--web-ui-port", "0", "--run-id", "demo");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Flink web UI: http://localhost:").contains("329 rows read, 312 accepted, 17 rejected")
                .contains("bin/cbam db --output-dir " + out);
        assertThat(Files.readString(out.resolve("report.json"))).contains("\"read\" : 329");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| 329 | 312 | 17 |");
        assertThat(Files.readAllLines(out.resolve("rejects.csv"))).hasSize(18);

        // bin/cbam report renders the same files again from the database.
        byte[] report = Files.readAllBytes(out.resolve("report.json"));
        byte[] rejects = Files.readAllBytes(out.resolve("rejects.csv"));
        byte[] declaration = Files.readAllBytes(out.resolve("declaration.json"));
        Files.delete(out.resolve("report.json"));
        Files.delete(out.resolve("declaration.json"));
        Result again = cbam("report", "--run-id", "demo", "--output-dir", out.toString());
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("report.json"))).isEqualTo(report);
        assertThat(Files.readAllBytes(out.resolve("rejects.csv"))).isEqualTo(rejects);
        assertThat(Files.readAllBytes(out.resolve("declaration.json"))).isEqualTo(declaration);

        // bin/cbam db starts the run's database again and says how to connect.
        ProcessBuilder pb = new ProcessBuilder(Runs.ROOT.resolve("bin/cbam").toString(), "db", "--output-dir", out.toString())
                .directory(Runs.ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("CBAM_NO_BUILD", "1");
        Process db = pb.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(db.getInputStream(), StandardCharsets.UTF_8))) {
            String jdbcUrl = null;
            String line;
            Pattern url = Pattern.compile("JDBC: (jdbc:postgresql://\\S+)");
            while (jdbcUrl == null && (line = lines.readLine()) != null) {
                Matcher m = url.matcher(line);
                if (m.find()) {
                    jdbcUrl = m.group(1);
                }
            }
            assertThat(jdbcUrl).isNotNull();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT status, rows_read, rows_accepted, rows_rejected FROM cbam_runs WHERE run_id = 'demo'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4))
                        .isEqualTo("COMPLETED|329|312|17");
            }
        } finally {
            db.destroy();
            assertThat(db.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void runsAGreenLangFormatFile() throws Exception {
        Result r = cbam("run", "--shipments", "datasets/samples/greenlang_format_2025Q4.csv", "--period", "2025Q4",
                "--importer-eori", "NL123456789", "--importer-name", "Example Importer BV", "--importer-city", "Rotterdam",
                "--declarant-name", "Jan Jansen", "--declarant-position", "Customs manager", "--signature-place", "Rotterdam",
                "--output-dir", temp.resolve("gl").toString(), "--no-web-ui");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("42 rows read, 40 accepted, 2 rejected");
        assertThat(Files.readString(temp.resolve("gl/report.json"))).contains("\"period_kind\" : \"transitional\"");
        assertThat(temp.resolve("gl/qreport.xml")).exists();
    }

    @Test
    void aBadFlagIsOneLineAndANonZeroExit() throws Exception {
        Result r = cbam("run", "--shipmints", "x.csv");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("cbam: error: unknown option --shipmints");
    }
}
