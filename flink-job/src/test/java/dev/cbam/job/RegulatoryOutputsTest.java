package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cbam.job.files.ReportFiles;
import dev.cbam.job.testing.Runs;
import dev.cbam.job.testing.TestDatabase;
import dev.cbam.qreport.QReportSchema;
import dev.cbam.report.validation.ReportRule;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regulatory outputs of whole runs (MiniCluster and a real PostgreSQL): the annual declaration and its table,
 * the QReport validated against the Commission's schema, the report rules and the provenance in report.json.
 * The calculations themselves are tested in udfs (DeclarationCalculatorTest, QReportWriterTest, ReportChecksTest).
 */
class RegulatoryOutputsTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Runs.loopbackCluster(1, 2);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** What a transitional quarter's QReport needs besides the shipments. */
    private static final List<String> QREPORT_PARTIES = List.of("--importer-name", "Demo Stahlhandel GmbH",
            "--importer-city", "Duisburg", "--importer-country", "DE", "--declarant-name", "Erika Muster",
            "--declarant-position", "CBAM officer", "--signature-place", "Duisburg");

    @TempDir
    Path temp;

    private JobOptions options(String runId, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--output-dir", temp.resolve(runId).toString(), "--run-id", runId, "--parallelism", "2"));
        return Runs.options(all.toArray(new String[0]));
    }

    private JobOptions quarter(String runId, Path shipments, String... extra) {
        List<String> args = new ArrayList<>(List.of("--shipments", shipments.toString(), "--period", "2025Q4",
                "--importer-eori", "DE123456789"));
        args.addAll(QREPORT_PARTIES);
        args.addAll(Arrays.asList(extra));
        return options(runId, args.toArray(new String[0]));
    }

    private String file(String runId, String name) throws Exception {
        return Files.readString(temp.resolve(runId).resolve(name));
    }

    private Path shipments(String name, String... rows) throws Exception {
        StringBuilder csv = new StringBuilder("shipment_id,import_date,cn_code,origin_country,net_mass_kg,customs_procedure\n");
        for (String row : rows) {
            csv.append(row).append('\n');
        }
        Files.createDirectories(temp);
        return Files.writeString(temp.resolve(name), csv);
    }

    @Test
    void theDemoYearGivesADeclarationItsTableAndReportRulesThatAllHold() throws Exception {
        Path deductions = Files.writeString(temp.resolve("deductions.csv"), "installation_id,cn_code,tco2e_per_unit,evidence\n"
                + "TR-ISK-01,72081000,0.25,TR ETS surrender statement 2026-0042\n"
                + "EG-FERT-2,,0.1,EG carbon tax receipt 7\n");
        Runs.run(options("year", "--shipments", Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString(), "--period", "2026",
                "--importer-eori", "NL123456789", "--importer-name", "Demo Importer BV", "--installations",
                Runs.SAMPLES.resolve("demo_installations.csv").toString(), "--cscf", "0.9", "--ets-price", "80.50",
                "--carbon-price-deductions", deductions.toString()));

        JsonNode declaration = JSON.readTree(file("year", ReportFiles.DECLARATION_JSON));
        assertThat(declaration.path("parameters").path("cscf").decimalValue()).isEqualByComparingTo("0.9");
        assertThat(declaration.path("parameters").path("ets_price_eur").decimalValue()).isEqualByComparingTo("80.50");
        assertThat(declaration.path("de_minimis").path("exempt").asBoolean()).isFalse();
        JsonNode totals = declaration.path("totals");
        assertThat(totals.path("fully_priced").asBoolean()).as("Q3 and Q4 take the --ets-price").isTrue();
        List<String> notes = new ArrayList<>();
        declaration.path("lines").forEach(l -> l.path("notes").forEach(n -> notes.add(l.path("installation_id").asText()
                + ":" + n.path("code").asText())));
        assertThat(notes).contains("TR-ISK-01:DEDUCTION_APPLIED", "EG-FERT-2:DEDUCTION_NOT_APPLIED_DEFAULT_VALUES");
        assertThat(file("year", ReportFiles.DECLARATION_CSV)).startsWith("record_type,cn_code,");

        // The table holds the same figures: a row per line (quarter 0) and per line and quarter.
        int quarterRows = 0;
        for (JsonNode line : declaration.path("lines")) {
            quarterRows += line.path("quarters").size();
        }
        assertThat(TestDatabase.rows("SELECT count(*) FILTER (WHERE quarter = 0), count(*) FILTER (WHERE quarter > 0), "
                + "sum(certificates) FILTER (WHERE quarter = 0), sum(certificates) FILTER (WHERE quarter > 0), "
                + "sum(cost_eur) FILTER (WHERE quarter = 0), sum(embedded_emissions_t) FILTER (WHERE quarter = 0) "
                + "FROM cbam_declaration_lines WHERE run_id = 'year'"))
                .containsExactly(declaration.path("lines").size() + "|" + quarterRows + "|"
                        + totals.path("certificates").decimalValue().setScale(6).toPlainString() + "|"
                        + totals.path("certificates").decimalValue().setScale(6).toPlainString() + "|"
                        + totals.path("cost_eur").decimalValue().setScale(2).toPlainString() + "|"
                        + totals.path("embedded_emissions_t").decimalValue().setScale(6).toPlainString());

        JsonNode report = JSON.readTree(file("year", ReportFiles.REPORT_JSON));
        List<String> rules = new ArrayList<>();
        report.path("validation").forEach(r -> rules.add(r.path("rule").asText() + ":" + r.path("severity").asText()));
        assertThat(rules).containsExactly(Arrays.stream(ReportRule.values()).map(r -> r.name() + ":INFO").toArray(String[]::new));
        JsonNode provenance = report.path("provenance");
        assertThat(provenance.path("tool").path("git_commit").asText()).isNotEmpty();
        assertThat(provenance.path("input_files").get(0).path("sha256").asText())
                .isEqualTo(InputFiles.sha256Of(Runs.SAMPLES.resolve("demo_shipments_2026.csv")));
        assertThat(provenance.path("input_files").get(1).path("role").asText()).isEqualTo("installations");
        assertThat(provenance.path("reference_data")).hasSize(9);
        assertThat(provenance.path("parameters").path("carbon_price_deductions").path("entries")).hasSize(2);
        assertThat(JSON.readTree(TestDatabase.rows("SELECT provenance FROM cbam_runs WHERE run_id = 'year'").get(0)))
                .isEqualTo(provenance);

        assertThat(file("year", ReportFiles.SUMMARY_MD)).contains("## Annual declaration", "Not exempt under Art 2a",
                "CN codes by embedded emissions", "| Q3 |", "default values.", "## Report rules");
    }

    /**
     * The declaration prices each quarter of import from the report lines' sums by quarter, which the job keeps
     * with the lines: they equal the shipment rows summed by line and quarter, in both modes, duplicates (rows
     * taken back out of their line) included.
     */
    @Test
    void theLinesSumsByQuarterEqualTheShipmentRowsSummedByQuarter() throws Exception {
        for (String mode : List.of("batch", "streaming")) {
            String runId = "quarters-" + mode;
            Runs.run(options(runId, "--shipments", Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString(), "--period",
                    "2026", "--importer-eori", "NL123456789", "--installations",
                    Runs.SAMPLES.resolve("demo_installations.csv").toString(), "--mode", mode, "--checkpoint-interval", "1s"));
            String key = "cn_code, origin_country, trim_scale(see_direct), trim_scale(see_indirect)";
            List<String> fromLines = TestDatabase.rows("SELECT " + key + ", installation_id, method, variant, q.key::int, "
                    + "(q.value->>'shipments')::bigint, trim_scale((q.value->>'net_mass_t')::numeric), "
                    + "trim_scale((q.value->>'quantity_mwh')::numeric), trim_scale((q.value->>'direct_emissions_t')::numeric), "
                    + "trim_scale((q.value->>'indirect_emissions_t')::numeric), "
                    + "trim_scale((q.value->>'embedded_emissions_t')::numeric) "
                    + "FROM cbam_report_lines, jsonb_each(by_quarter) q WHERE run_id = '" + runId + "' ORDER BY 1, 2, 3, 4, 5, 6, 7, 8");
            List<String> fromShipments = TestDatabase.rows("SELECT " + key + ", COALESCE(installation_id, ''), method, "
                    + "COALESCE(variant, ''), EXTRACT(QUARTER FROM import_date)::int, count(*), trim_scale(sum(net_mass_t)), "
                    + "trim_scale(sum(quantity_mwh)), trim_scale(sum(direct_emissions_t)), trim_scale(sum(indirect_emissions_t)), "
                    + "trim_scale(sum(embedded_emissions_t)) FROM cbam_shipment_emissions WHERE run_id = '" + runId + "' "
                    + "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8");
            assertThat(fromLines).as(mode).hasSizeGreaterThan(40).isEqualTo(fromShipments);
            assertThat(TestDatabase.rows("SELECT DISTINCT q.key FROM cbam_report_lines, jsonb_each(by_quarter) q "
                    + "WHERE run_id = '" + runId + "' ORDER BY 1")).containsExactly("1", "2", "3", "4");
            assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_rejects WHERE run_id = '" + runId
                    + "' AND 'DUPLICATE_SHIPMENT_ID' = ANY (reason_codes)").get(0)).isNotEqualTo("0");
        }
        assertThat(file("quarters-batch", ReportFiles.DECLARATION_JSON))
                .isEqualTo(file("quarters-streaming", ReportFiles.DECLARATION_JSON));
    }

    @Test
    void theGreenLangQuarterGivesASchemaValidQReportAndTheSameFilesTwice() throws Exception {
        Path sample = Runs.SAMPLES.resolve("greenlang_format_2025Q4.csv");
        Runs.run(quarter("gl-1", sample));
        Runs.run(quarter("gl-2", sample));

        String xml = file("gl-1", ReportFiles.QREPORT_XML);
        QReportSchema.fromClasspath().validate(xml);
        long goods = TestDatabase.rows("SELECT DISTINCT cn_code, origin_country FROM cbam_report_lines WHERE run_id = 'gl-1'")
                .size();
        assertThat(xml.split("<ImportedGood>", -1)).hasSize((int) goods + 1);
        assertThat(xml).contains("<ReportingPeriod>Q4</ReportingPeriod>", "<Year>2025</Year>", "<City>Duisburg</City>",
                "<SignaturePlace>Duisburg</SignaturePlace>");
        assertThat(file("gl-1", ReportFiles.SUMMARY_MD)).contains("## Quarterly report (`qreport.xml`)", goods + " imported goods");
        assertThat(temp.resolve("gl-1").resolve(ReportFiles.DECLARATION_JSON)).doesNotExist();
        assertThat(TestDatabase.rows("SELECT status FROM cbam_runs WHERE run_id = 'gl-1'")).containsExactly("COMPLETED");
        for (String name : List.of(ReportFiles.REPORT_JSON, ReportFiles.SUMMARY_MD, ReportFiles.REJECTS_CSV,
                ReportFiles.QREPORT_XML)) {
            assertThat(file("gl-2", name)).as(name).isEqualTo(file("gl-1", name));
        }
    }

    @Test
    void aSingleShipmentReportedByARepresentativeIsOneImportedGood() throws Exception {
        Runs.run(quarter("single", shipments("single.csv", "S1,2025-11-03,72081000,CN,12500,4000"),
                "--representative-eori", "DE987654321", "--representative-name", "Zoll GmbH", "--representative-city",
                "Hamburg", "--representative-country", "DE"));

        String xml = file("single", ReportFiles.QREPORT_XML);
        QReportSchema.fromClasspath().validate(xml);
        assertThat(xml.split("<ImportedGood>", -1)).hasSize(2);
        assertThat(xml).contains("<Role>02</Role>", "<IdentificationNumber>DE987654321</IdentificationNumber>",
                "<RequestedProc>40</RequestedProc>", "<NetMass>12.5</NetMass>", "<CnCode>72081000</CnCode>");
    }

    @Test
    void aQReportOverTheSchemasLimitFailsTheRunSayingWhy() throws Exception {
        String[] procedures = {"01", "07", "40", "42", "43", "44", "45", "46", "48", "4051"};
        String[] rows = new String[procedures.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = "P" + i + ",2025-10-0" + (i % 9 + 1) + ",72081000,CN,1000," + procedures[i];
        }
        JobOptions options = quarter("refused", shipments("procedures.csv", rows));

        String message = "qreport.xml refused: ImportedGood 72081000 from CN: 10 customs procedures; the schema allows 9 "
                + "ImportedQuantity";
        assertThatThrownBy(() -> Runs.run(options)).hasMessage(message);
        assertThat(TestDatabase.rows("SELECT status, message FROM cbam_runs WHERE run_id = 'refused'"))
                .containsExactly("FAILED|" + message);
        assertThat(temp.resolve("refused").resolve(ReportFiles.QREPORT_XML)).doesNotExist();
        assertThat(file("refused", ReportFiles.SUMMARY_MD)).contains("No `qreport.xml`: ImportedGood 72081000 from CN");
    }

    @Test
    void aReportRuleThatFailsLeavesTheDeclarationOutAndFailsTheRun() throws Exception {
        // Shipment rows altered on their way into the database: the lines no longer reconcile with them.
        TestDatabase.execute("CREATE OR REPLACE FUNCTION tamper() RETURNS trigger AS $$ BEGIN "
                + "IF NEW.run_id = 'tampered' THEN NEW.embedded_emissions_t := NEW.embedded_emissions_t + 1; END IF; "
                + "RETURN NEW; END $$ LANGUAGE plpgsql");
        TestDatabase.execute("DROP TRIGGER IF EXISTS tamper ON cbam_shipment_emissions");
        TestDatabase.execute("CREATE TRIGGER tamper BEFORE INSERT OR UPDATE ON cbam_shipment_emissions FOR EACH ROW "
                + "EXECUTE FUNCTION tamper()");
        try {
            JobOptions options = options("tampered", "--shipments", shipments("two.csv", "T1,2026-02-10,72081000,CN,40000,",
                    "T2,2026-11-30,25232900,TR,20000,").toString(), "--period", "2026", "--importer-eori", "NL123456789");
            assertThatThrownBy(() -> Runs.run(options))
                    .hasMessageStartingWith("report rules failed: EMISSIONS_RECONCILE_WITH_SHIPMENTS (lines and accepted "
                            + "shipments differ");
        } finally {
            TestDatabase.execute("DROP TRIGGER IF EXISTS tamper ON cbam_shipment_emissions");
        }
        assertThat(TestDatabase.rows("SELECT status FROM cbam_runs WHERE run_id = 'tampered'")).containsExactly("FAILED");
        assertThat(temp.resolve("tampered").resolve(ReportFiles.DECLARATION_JSON)).doesNotExist();
        assertThat(TestDatabase.rows("SELECT count(*) FROM cbam_declaration_lines WHERE run_id = 'tampered'"))
                .containsExactly("0");
        JsonNode report = JSON.readTree(file("tampered", ReportFiles.REPORT_JSON));
        List<String> errors = new ArrayList<>();
        report.path("validation").forEach(r -> {
            if (r.path("severity").asText().equals("ERROR")) {
                errors.add(r.path("rule").asText());
            }
        });
        assertThat(errors).containsExactly("EMISSIONS_RECONCILE_WITH_SHIPMENTS");
        assertThat(new BigDecimal(report.path("totals").path("embedded_emissions_t").asText())).isPositive();
    }
}
