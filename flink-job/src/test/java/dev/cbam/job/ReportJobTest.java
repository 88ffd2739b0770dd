package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.job.testing.Runs;
import dev.cbam.job.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a MiniCluster (two task managers, two slots each) writing to a real PostgreSQL. */
class ReportJobTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Runs.loopbackCluster(2, 2);

    @TempDir
    Path temp;

    private JobOptions demo(String runId, String mode, int parallelism) {
        return Runs.options("--shipments", Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString(),
                "--period", "2026", "--importer-eori", "NL123456789", "--importer-name", "Demo Importer BV",
                "--importer-country", "NL", "--installations", Runs.SAMPLES.resolve("demo_installations.csv").toString(),
                "--output-dir", temp.resolve(runId).toString(), "--run-id", runId, "--mode", mode,
                "--parallelism", Integer.toString(parallelism));
    }

    /** Everything the database holds of a run, without the run id, in a fixed order. */
    private static List<String> tables(String runId) {
        List<String> all = new java.util.ArrayList<>();
        all.addAll(TestDatabase.rows("SELECT cn_code, origin_country, installation_id, method, variant, see_direct, see_indirect, "
                + "sector, see_counted, mark_up, factor_source, shipments, net_mass_t, quantity_mwh, direct_emissions_t, "
                + "indirect_emissions_t, embedded_emissions_t, notes FROM cbam_report_lines WHERE run_id = '" + runId
                + "' ORDER BY 1, 2, 3, 4, 5, 6, 7"));
        all.addAll(TestDatabase.rows("SELECT shipment_id, import_date, cn_code, origin_country, installation_id, method, "
                + "net_mass_t, quantity_mwh, see_counted, embedded_emissions_t, factor_source, notes, source_file, source_line "
                + "FROM cbam_shipment_emissions WHERE run_id = '" + runId + "' ORDER BY shipment_id"));
        all.addAll(TestDatabase.rows("SELECT source_file, line_number, shipment_id, reason_codes, message, raw_line "
                + "FROM cbam_rejects WHERE run_id = '" + runId + "' ORDER BY source_file, line_number"));
        return all;
    }

    @Test
    void theSameInputGivesTheSameReportInBatchAndStreamingAtAnyParallelism() throws Exception {
        String[][] runs = {{"batch-1", "batch", "1"}, {"batch-4", "batch", "4"}, {"streaming-1", "streaming", "1"},
            {"streaming-4", "streaming", "4"}};
        for (String[] r : runs) {
            Runs.run(demo(r[0], r[1], Integer.parseInt(r[2])));
        }
        byte[] reference = Files.readAllBytes(temp.resolve("batch-1/report.json"));
        List<String> referenceTables = tables("batch-1");
        assertThat(referenceTables).hasSizeGreaterThan(300);
        for (String[] r : runs) {
            assertThat(Files.readAllBytes(temp.resolve(r[0]).resolve("report.json"))).as(r[0]).isEqualTo(reference);
            assertThat(Files.readAllBytes(temp.resolve(r[0]).resolve("rejects.csv"))).as(r[0])
                    .isEqualTo(Files.readAllBytes(temp.resolve("batch-1/rejects.csv")));
            assertThat(Files.readString(temp.resolve(r[0]).resolve("summary.md"))).as(r[0])
                    .isEqualTo(Files.readString(temp.resolve("batch-1/summary.md")));
            for (String declaration : List.of("declaration.json", "declaration.csv")) {
                assertThat(Files.readAllBytes(temp.resolve(r[0]).resolve(declaration))).as(r[0] + " " + declaration)
                        .isEqualTo(Files.readAllBytes(temp.resolve("batch-1").resolve(declaration)));
            }
            assertThat(tables(r[0])).as(r[0]).isEqualTo(referenceTables);
        }
    }

    @Test
    void writesTheRunTheLinesTheShipmentsAndTheRejects() throws Exception {
        ReportRun.Outcome outcome = Runs.run(demo("demo", "batch", 4));
        assertThat(outcome.read()).isEqualTo(329);

        assertThat(TestDatabase.rows("SELECT status, rows_read, rows_accepted, rows_rejected, period, importer_eori, mode, "
                + "parallelism, jsonb_array_length(input_files), jsonb_array_length(reference_data) FROM cbam_runs WHERE run_id = 'demo'"))
                .containsExactly("COMPLETED|329|312|17|2026|NL123456789|BATCH|4|2|7");
        assertThat(TestDatabase.rows("SELECT count(*), sum(embedded_emissions_t) FROM cbam_shipment_emissions WHERE run_id = 'demo'"))
                .containsExactly("312|" + TestDatabase.rows("SELECT sum(embedded_emissions_t) FROM cbam_report_lines WHERE run_id = 'demo'").get(0));
        assertThat(TestDatabase.rows("SELECT reason_codes[1], count(*) FROM cbam_rejects WHERE run_id = 'demo' GROUP BY 1 ORDER BY 1"))
                .contains("DUPLICATE_SHIPMENT_ID|1", "UNKNOWN_INSTALLATION|1", "NO_DEFAULT_VALUE|1", "BAD_QUANTITY|2");

        // The worked example's factor on the China hot-rolled steel line.
        assertThat(TestDatabase.rows("SELECT see_counted, mark_up, factor_source FROM cbam_report_lines WHERE run_id = 'demo' "
                + "AND cn_code = '72081000' AND origin_country = 'CN'"))
                .containsExactly("3.5055819205|0.1|IR 2025/2621 Annex I, China, 7208");
        // Actual values of an installation with two validity periods: one line per value.
        assertThat(TestDatabase.rows("SELECT see_direct, method FROM cbam_report_lines WHERE run_id = 'demo' "
                + "AND installation_id = 'TR-ISK-01' AND method = 'ACTUAL' ORDER BY see_direct"))
                .containsExactly("1.87|ACTUAL", "1.92|ACTUAL");

        String report = Files.readString(temp.resolve("demo/report.json"));
        assertThat(report).contains("\"read\" : 329", "\"accepted\" : 312", "\"rejected\" : 17");
        long jsonLines = report.lines().filter(l -> l.contains("\"cn_code\"")).count();
        assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_report_lines WHERE run_id = 'demo'"))
                .containsExactly(Long.toString(jsonLines));
        List<String> rejects = Files.readAllLines(temp.resolve("demo/rejects.csv"));
        assertThat(rejects).hasSize(18);
        assertThat(rejects.get(0)).isEqualTo("source_file,line,shipment_id,reason_codes,message,raw_line");
    }

    @Test
    void rerunningARunIdReplacesItsRows() throws Exception {
        Runs.run(demo("again", "batch", 2));
        TestDatabase.execute("INSERT INTO cbam_rejects VALUES ('again', 'stale.csv', 1, NULL, '{MALFORMED_ROW}', 'stale', 'x')");
        Runs.run(demo("again", "batch", 2));
        assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_rejects WHERE run_id = 'again'")).containsExactly("17");
        assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_runs WHERE run_id = 'again'")).containsExactly("1");
    }

    @Test
    void readsTheGreenLangFormatAsItIs() throws Exception {
        JobOptions options = Runs.options("--shipments", Runs.SAMPLES.resolve("greenlang_format_2025Q4.csv").toString(),
                "--period", "2025Q4", "--importer-eori", "NL000000001", "--importer-name", "Example Importer BV",
                "--importer-city", "Rotterdam", "--declarant-name", "Jan Jansen", "--declarant-position", "Customs manager",
                "--signature-place", "Rotterdam", "--output-dir", temp.resolve("gl").toString(),
                "--run-id", "greenlang", "--parallelism", "2");
        ReportRun.Outcome outcome = Runs.run(options);
        assertThat(outcome.read()).isEqualTo(42);
        assertThat(outcome.counts().accepted()).isEqualTo(40);
        assertThat(TestDatabase.rows("SELECT DISTINCT mark_up FROM cbam_report_lines WHERE run_id = 'greenlang'"))
                .containsExactly("0");
    }

    @Test
    void aShipmentIdInTwoFilesIsKeptFromTheFileThatComesFirst() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("dups"));
        String header = "shipment_id,import_date,cn_code,origin_country,net_mass_kg\n";
        StringBuilder a = new StringBuilder(header);
        StringBuilder b = new StringBuilder(header);
        for (int i = 0; i < 2_000; i++) {
            a.append("S").append(i).append(",2026-02-01,72081000,CN,1000\n");
            b.append("S").append(i).append(",2026-02-01,72081000,IN,2000\n");
        }
        Files.writeString(dir.resolve("b.csv"), b);
        Files.writeString(dir.resolve("a.csv"), a);
        for (String mode : new String[] {"batch", "streaming"}) {
            JobOptions options = Runs.options("--shipments", dir.toString(), "--period", "2026", "--importer-eori", "NL1",
                    "--output-dir", temp.resolve("out-" + mode).toString(), "--run-id", "dups-" + mode, "--mode", mode,
                    "--parallelism", "4");
            ReportRun.Outcome outcome = Runs.run(options);
            assertThat(outcome.read()).isEqualTo(4_000);
            assertThat(TestDatabase.rows("SELECT origin_country, count(*), sum(net_mass_t) FROM cbam_shipment_emissions "
                    + "WHERE run_id = 'dups-" + mode + "' GROUP BY 1")).containsExactly("CN|2000|2000.000000");
            assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_rejects WHERE run_id = 'dups-" + mode
                    + "' AND source_file LIKE '%b.csv' AND reason_codes = '{DUPLICATE_SHIPMENT_ID}'")).containsExactly("2000");
            assertThat(TestDatabase.rows("SELECT origin_country, shipments FROM cbam_report_lines WHERE run_id = 'dups-" + mode + "'"))
                    .containsExactly("CN|2000");
        }
    }

    @Test
    void aRunWhoseRowsDoNotAddUpIsMarkedFailedNotCompleted() throws Exception {
        // A trigger that silently drops rejects: the run's own check must notice the lost rows.
        TestDatabase.execute("CREATE OR REPLACE FUNCTION drop_rejects() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.run_id = 'lossy' THEN RETURN NULL; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        TestDatabase.execute("DROP TRIGGER IF EXISTS drop_rejects ON cbam_rejects");
        try {
            Runs.run(demo("warmup", "batch", 1));
            TestDatabase.execute("CREATE TRIGGER drop_rejects BEFORE INSERT ON cbam_rejects FOR EACH ROW EXECUTE FUNCTION drop_rejects()");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Runs.run(demo("lossy", "batch", 2)))
                    .hasMessageContaining("rows do not add up");
            assertThat(TestDatabase.rows("SELECT status, message FROM cbam_runs WHERE run_id = 'lossy'"))
                    .singleElement().asString().startsWith("FAILED|rows do not add up: read 329 of 329 rows in the input, accepted 312");
        } finally {
            TestDatabase.execute("DROP TRIGGER IF EXISTS drop_rejects ON cbam_rejects");
        }
    }
}
