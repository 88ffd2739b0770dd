package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.job.testing.Runs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: help, and one-line errors with a non-zero exit status instead of stack traces. */
class CbamTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cbam(String... args) {
        return new Cbam(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String[] run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run",
                "--shipments", Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString(),
                "--period", "2026", "--importer-eori", "NL123456789",
                "--reference-dir", Runs.ROOT.resolve("datasets/reference").toString(),
                "--output-dir", temp.toString()));
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    private void assertOneLineError(int status, String message) {
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).startsWith("cbam: error: ").contains(message);
        assertThat(stderr().strip().lines()).hasSize(1);
        assertThat(stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpListsEveryOption() {
        assertThat(cbam("--help")).isZero();
        for (String option : CommandLine.RUN_OPTIONS.keySet()) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(option);
        }
        assertThat(cbam("run", "--help")).isZero();
    }

    @Test
    void anUnknownFlagIsAOneLineError() {
        assertOneLineError(cbam(run("--frobnicate", "yes")), "unknown option --frobnicate");
    }

    @Test
    void anUnknownCommandIsAOneLineError() {
        assertOneLineError(cbam("frobnicate"), "unknown command 'frobnicate'");
    }

    @Test
    void aMissingFileIsAOneLineError() {
        String[] args = run();
        args[2] = "does/not/exist.csv";
        assertOneLineError(cbam(args), "shipment file not found: does/not/exist.csv");
    }

    @Test
    void anInvalidEoriIsAOneLineError() {
        String[] args = run();
        args[6] = "nl-123";
        assertOneLineError(cbam(args), "--importer-eori 'nl-123' is not an EORI number");
    }

    @Test
    void periodsCbamDoesNotHaveAreRefused() {
        String[] args = run();
        args[4] = "2026Q1";
        assertOneLineError(cbam(args), "from 2026 on the CBAM declaration is annual");
        err.reset();
        args[4] = "2025";
        assertOneLineError(cbam(args), "before 2026 CBAM reports are quarterly");
    }

    @Test
    void theImporterCountryMustBeAMemberState() {
        assertOneLineError(cbam(run("--importer-country", "CH")), "not the ISO code of an EU Member State");
    }

    @Test
    void anUnreachableDatabaseIsAOneLineError() {
        assertOneLineError(cbam(run("--jdbc-url", "jdbc:postgresql://127.0.0.1:1/cbam", "--jdbc-user", "cbam", "--no-web-ui")),
                "cannot connect to the database at jdbc:postgresql://127.0.0.1:1/cbam");
    }

    @Test
    void aDefectiveInstallationsFileIsAOneLineErrorNamingTheLines() throws Exception {
        Path installations = temp.resolve("installations.csv");
        Files.writeString(installations, "installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to\n"
                + "TR-1,Steel,TR,72081000,\"1,85\",0.2,true,,\n"
                + "TR-2,Steel,XX,72081000,1.85,0.2,maybe,,\n");
        int status = cbam(run("--installations", installations.toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--jdbc-user", "u", "--no-web-ui"));
        assertThat(status).isEqualTo(2);
        assertThat(stderr()).contains("line 2: see_direct '1,85' has a decimal comma").contains("line 3: country 'XX'")
                .contains("verified 'maybe'");
        assertThat(stderr().strip().lines()).hasSize(1);
    }

    @Test
    void optionsNeedTheirValues() {
        assertOneLineError(cbam("run", "--period"), "--period needs a value");
        err.reset();
        assertOneLineError(cbam(run("--parallelism", "0")), "--parallelism must be between 1 and 1024");
        err.reset();
        assertOneLineError(cbam(run("--mode", "turbo")), "--mode must be batch or streaming");
        err.reset();
        assertOneLineError(cbam(run("--jdbc-user", "x")), "--jdbc-user and --jdbc-password need --jdbc-url");
    }

    @Test
    void aFileGivenTwiceIsAOneLineError() {
        String[] args = run();
        String demo = Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString();
        args[2] = demo + "," + Runs.SAMPLES;
        int status = cbam(args);
        assertOneLineError(status, "shipment file " + demo + " is given twice");
    }

    @Test
    void aTransitionalQuarterNeedsWhatItsQReportStates() {
        String[] args = run();
        args[4] = "2025Q4";
        assertOneLineError(cbam(args), "the quarterly report (qreport.xml) of 2025Q4 needs --importer-name, --importer-city, "
                + "--declarant-name, --declarant-position, --signature-place");
        err.reset();
        List<String> parties = new ArrayList<>(List.of(args));
        parties.addAll(List.of("--importer-name", "Importer BV", "--importer-city", "Rotterdam", "--declarant-name", "J. Jansen",
                "--declarant-position", "Manager", "--signature-place", "Rotterdam"));
        List<String> representative = new ArrayList<>(parties);
        representative.addAll(List.of("--representative-eori", "NL987654321"));
        assertOneLineError(cbam(representative.toArray(new String[0])), "needs --representative-name, --representative-city, "
                + "--representative-country, --importer-country");
        err.reset();
        List<String> same = new ArrayList<>(parties);
        same.addAll(List.of("--representative-eori", "nl123456789", "--representative-name", "Zoll", "--representative-city",
                "Rotterdam", "--representative-country", "NL", "--importer-country", "NL"));
        assertOneLineError(cbam(same.toArray(new String[0])), "--representative-eori is the importer's EORI NL123456789");
        err.reset();
        List<String> longCity = new ArrayList<>(parties);
        longCity.set(longCity.indexOf("--importer-city") + 1, "R".repeat(36));
        assertOneLineError(cbam(longCity.toArray(new String[0])), "--importer-city has 36 characters; the QReport allows 35");
        err.reset();
        parties.addAll(List.of("--cscf", "0.9"));
        assertOneLineError(cbam(parties.toArray(new String[0])), "--cscf is a parameter of the annual declaration");
    }

    @Test
    void theDeclarationsParametersAreChecked() throws Exception {
        assertOneLineError(cbam(run("--cscf", "1.2")), "--cscf must be from 0 to 1, not 1.2");
        err.reset();
        assertOneLineError(cbam(run("--cscf", "0,9")), "--cscf must be a number from 0 to 1");
        err.reset();
        assertOneLineError(cbam(run("--ets-price", "0")), "--ets-price must be more than 0");
        err.reset();
        assertOneLineError(cbam(run("--signature-place", "Rotterdam")), "--signature-place is for the quarterly report");
        err.reset();
        Path deductions = temp.resolve("deductions.csv");
        Files.writeString(deductions, "installation_id,cn_code,tco2e_per_unit,evidence\n"
                + "TR-ISK-01,72081000,-0.2,receipt 1\n"
                + "TR-ISK-01,7208,0.2,receipt 2\n"
                + "CN-AL-03,,0.5,\n");
        assertOneLineError(cbam(run("--carbon-price-deductions", deductions.toString())), deductions + ": line 2: "
                + "tco2e_per_unit -0.2 is negative; line 3: cn_code '7208' is not an eight-digit CN code (leave it empty for "
                + "all goods); line 4: no evidence");
    }

    @Test
    void aFullHeapSaysHowToGiveTheJvmMore() {
        RuntimeException wrapped = new RuntimeException("job failed", new IllegalStateException("rendering",
                new OutOfMemoryError("Java heap space")));
        assertThat(Cbam.failure(wrapped)).startsWith("out of memory (Java heap space)").contains("CBAM_JAVA_OPTS=-Xmx2g");
        assertThat(Cbam.failure(new RuntimeException("outer", new IllegalArgumentException("no such file"))))
                .isEqualTo("no such file");
    }
}
