package dev.cbam.intake.excel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.reference.InstallationEmissions;
import dev.cbam.reference.InstallationFileException;
import dev.cbam.reference.InstallationTable;
import dev.cbam.reference.InstallationTable.Status;
import dev.cbam.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationsImportTest {

    private static final String STEEL_ID = "CNSHA-BAOSHAN-IRON-STEEL-CO-LTD";
    private static final String CEMENT_ID = "TRMER-CIMSA-CIMENTO-SANAYI-VE-TICARET-A-S-MERSIN";
    private static final LocalDate JUNE = LocalDate.of(2026, 6, 15);

    @TempDir
    Path dir;

    private static InstallationsImport importer() {
        return new InstallationsImport(Fixtures.reference());
    }

    private Path templates(Object... namesAndBytes) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("templates"));
        for (int i = 0; i < namesAndBytes.length; i += 2) {
            Files.write(folder.resolve((String) namesAndBytes[i]), (byte[]) namesAndBytes[i + 1]);
        }
        return folder;
    }

    @Test
    void importsTheTemplatesOfSeveralInstallationsIntoTheInstallationsCsv() throws IOException {
        Path folder = templates("baosteel.xlsx", Templates.steel(), "cimsa.xlsx", Templates.cement());

        InstallationsImport.Result result = importer().run(List.of(folder.toString()), true);

        String f = folder + "/";
        assertThat(result.exitStatus()).isEqualTo(InstallationsImport.OK);
        assertThat(result.csv()).isEqualTo(""
                + "installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to,"
                + "installation_name,unlocode,default_share,electricity_source,template_version,source\n"
                + STEEL_ID + ",,CN,27160000,0.82,,true,2026-01-01,2026-12-31,\"Baoshan Iron & Steel Co., Ltd.\",CNSHA,,,"
                + "2.1.1," + f + "baosteel.xlsx!Summary_Communication!F28\n"
                + STEEL_ID + ",,CN,72081000,1.915,0.396,true,2026-01-01,2026-12-31,\"Baoshan Iron & Steel Co., Ltd.\",CNSHA,0,"
                + "D.4.1,2.1.1," + f + "baosteel.xlsx!Summary_Communication!F26\n"
                + STEEL_ID + ",,CN,72083900,3.5055819205,0.1234567890123,true,2026-01-01,2026-12-31,"
                + "\"Baoshan Iron & Steel Co., Ltd.\",CNSHA,0.25,Mix,2.1.1," + f + "baosteel.xlsx!Summary_Communication!F27\n"
                + CEMENT_ID + ",,TR,25231000,0.846,0.0351,true,2026-01-01,2026-12-31,Çimsa Çimento Sanayi ve Ticaret A.Ş. – "
                + "Mersin,TRMER,0.1,D.4.3.1,2.1.1," + f + "cimsa.xlsx!Summary_Communication!F26\n"
                + CEMENT_ID + ",,TR,25232900,0.7,0.05,true,2026-01-01,2026-12-31,Çimsa Çimento Sanayi ve Ticaret A.Ş. – "
                + "Mersin,TRMER,,D.4.3.1,2.1.1," + f + "cimsa.xlsx!Summary_Communication!F27\n");
        assertThat(result.messages()).containsExactly(
                f + "baosteel.xlsx: installation " + STEEL_ID + " (CN), template 2.1.1, reporting period 2026-01-01 to "
                        + "2026-12-31: 3 products",
                f + "cimsa.xlsx: installation " + CEMENT_ID + " (TR), template 2.1.1, reporting period 2026-01-01 to "
                        + "2026-12-31: 2 products",
                "2 templates: 2 imported (5 rows), 0 refused");

        Path output = dir.resolve("out/installations.csv");
        assertThat(result.write(output)).isTrue();
        assertThat(Files.readString(output)).isEqualTo(result.csv());
    }

    @Test
    void theCsvReadsBackToTheValuesOfTheTemplate() throws IOException {
        InstallationsImport.Result result = importer().run(List.of(templates("baosteel.xlsx", Templates.steel())
                .resolve("baosteel.xlsx").toString()), true);
        InstallationTable fromCsv = InstallationTable.read("installations.csv",
                new ByteArrayInputStream(result.csv().getBytes(StandardCharsets.UTF_8)), Fixtures.reference().countries());
        InstallationTable fromTemplate = InstallationTable.read("baosteel.xlsx",
                new ByteArrayInputStream(Templates.steel()), Fixtures.reference().countries(), Fixtures.reference().scope());

        for (String cn : List.of("72081000", "72083900", "27160000")) {
            InstallationEmissions csv = fromCsv.find(STEEL_ID, cn, JUNE, true).value();
            InstallationEmissions xlsx = fromTemplate.find(STEEL_ID, cn, JUNE, false).value();
            assertThat(csv.seeDirect()).isEqualTo(xlsx.seeDirect());
            assertThat(csv.seeIndirect()).isEqualByComparingTo(xlsx.seeIndirect());
            assertThat(csv.validFrom()).isEqualTo(xlsx.validFrom());
            assertThat(csv.validTo()).isEqualTo(xlsx.validTo());
        }
        assertThat(fromCsv.find(STEEL_ID, "72083900", JUNE, true).value().seeDirect()).isEqualTo(new BigDecimal("3.5055819205"));
        // Verified only through the import's flag: a template read directly is unverified.
        assertThat(fromCsv.find(STEEL_ID, "72081000", JUNE, true).status()).isEqualTo(Status.FOUND);
        assertThat(fromTemplate.find(STEEL_ID, "72081000", JUNE, true).status()).isEqualTo(Status.NOT_VERIFIED);
        assertThat(fromTemplate.find(STEEL_ID, "72081000", LocalDate.of(2027, 1, 1), false).status())
                .isEqualTo(Status.NOT_VALID_ON_DATE);
    }

    @Test
    void theInstallationsTableKnowsATemplateByItsContentWhateverItsName() throws IOException {
        InstallationTable table = InstallationTable.read("installations.data", new ByteArrayInputStream(Templates.cement()),
                Fixtures.reference().countries());

        assertThat(table.size()).isEqualTo(2);
        assertThat(table.find(CEMENT_ID.toLowerCase(), "25231000", JUNE, false).value().seeDirect())
                .isEqualTo(new BigDecimal("0.846"));
    }

    @Test
    void theInstallationsTableRefusesADefectiveTemplateListingItsProblems() {
        assertThatThrownBy(() -> InstallationTable.read("bad.xlsx", new ByteArrayInputStream(Templates.badProducts()),
                Fixtures.reference().countries(), Fixtures.reference().scope()))
                .isInstanceOf(InstallationFileException.class)
                .hasMessageStartingWith("bad.xlsx: 5 problem(s): Summary_Communication!I26: SEE (direct) 'n/a' is not a number; "
                        + "Summary_Communication!I27: SEE (direct) -0.5 is negative; ");
        assertThatThrownBy(() -> InstallationTable.read("locked.xlsx", new ByteArrayInputStream(new byte[0]),
                Fixtures.reference().countries()))
                .isInstanceOf(InstallationFileException.class)
                .hasMessage("locked.xlsx: 1 problem(s): the file is empty (0 bytes), not an Excel workbook");
    }

    @Test
    void oneBadWorkbookDoesNotStopTheOthersAndContributesNothing() throws IOException {
        Path folder = templates("a-baosteel.xlsx", Templates.steel(), "b-bad.xlsx", Templates.badProducts(),
                "c-notes.xlsx", "installation_id\nX\n".getBytes(StandardCharsets.UTF_8), "~$a-baosteel.xlsx", new byte[] {1},
                "readme.txt", "not a template".getBytes(StandardCharsets.UTF_8));

        InstallationsImport.Result result = importer().run(List.of(folder.toString()), false);

        String f = folder + "/";
        assertThat(result.exitStatus()).isEqualTo(InstallationsImport.SOME_REFUSED);
        assertThat(result.csv().lines().skip(1)).hasSize(3).allMatch(l -> l.startsWith(STEEL_ID + ",,CN,"))
                .allMatch(l -> l.contains(",false,2026-01-01,"));
        assertThat(result.messages()).contains(
                f + "b-bad.xlsx: Summary_Communication!I26: SEE (direct) 'n/a' is not a number",
                f + "c-notes.xlsx: not an Excel workbook: the file holds text (a CSV file named .xlsx?)",
                f + "b-bad.xlsx: refused, nothing imported from it",
                f + "c-notes.xlsx: refused, nothing imported from it",
                "3 templates: 1 imported (3 rows), 2 refused");
    }

    @Test
    void refusesBothTemplatesWhenTwoGiveOtherValuesForTheSameInstallationAndPeriod() throws IOException {
        Path folder = templates("baosteel-march.xlsx", Templates.steel(), "baosteel-may.xlsx", Templates.steelRevised());

        InstallationsImport.Result result = importer().run(List.of(folder.toString()), true);

        String f = folder + "/";
        assertThat(result.exitStatus()).isEqualTo(InstallationsImport.SOME_REFUSED);
        assertThat(result.csv()).isNull();
        assertThat(result.messages()).containsExactly(
                f + "baosteel-may.xlsx: installation " + STEEL_ID + ": other values than " + f
                        + "baosteel-march.xlsx for overlapping reporting periods (CN 72081000); remove the outdated template",
                f + "baosteel-march.xlsx: refused, nothing imported from it",
                f + "baosteel-may.xlsx: refused, nothing imported from it",
                "2 templates: 0 imported (0 rows), 2 refused");
    }

    @Test
    void importsATemplateSentTwiceOnce() throws IOException {
        Path folder = templates("baosteel-2.1.1.xlsx", Templates.steel(), "baosteel-2.1.xlsx", Templates.steelVersion21());

        InstallationsImport.Result result = importer().run(List.of(folder.toString()), true);

        assertThat(result.exitStatus()).isEqualTo(InstallationsImport.OK);
        assertThat(result.csv().lines().skip(1)).hasSize(3);
        assertThat(result.messages()).contains(folder + "/baosteel-2.1.xlsx: the same values as " + folder
                + "/baosteel-2.1.1.xlsx (installation " + STEEL_ID + "): read once");
    }

    @Test
    void aMissingInputOrAFolderWithoutWorkbooksIsABadInput() throws IOException {
        Files.createDirectories(dir.resolve("empty"));

        InstallationsImport.Result missing = importer().run(List.of(dir.resolve("nope.xlsx").toString()), false);
        InstallationsImport.Result empty = importer().run(List.of(dir.resolve("empty").toString()), false);

        assertThat(missing.exitStatus()).isEqualTo(InstallationsImport.BAD_INPUT);
        assertThat(missing.messages()).containsExactly(dir.resolve("nope.xlsx") + ": no such file or folder");
        assertThat(missing.csv()).isNull();
        assertThat(empty.exitStatus()).isEqualTo(InstallationsImport.BAD_INPUT);
        assertThat(empty.messages()).containsExactly(dir.resolve("empty") + ": no .xlsx file in this folder");
    }
}
