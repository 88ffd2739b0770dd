package dev.cbam.job.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.job.InputFiles;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedFolderInputsTest {

    @TempDir
    Path temp;

    private static RunProvenance provenance(List<RunProvenance.InputFile> inputs) {
        return new RunProvenance(new RunProvenance.Tool("1", "abc"), inputs, List.of(),
                new RunProvenance.Parameters("2026", BigDecimal.ONE, null, null, null, List.of(), null, null, null, null, null));
    }

    @Test
    void listsTheFilesReadAsARunOverTheSameFolderWould() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("inbox"));
        Files.writeString(folder.resolve("b.csv"), "b");
        Files.writeString(folder.resolve("a.csv"), "a");
        Files.createDirectories(folder.resolve("sub"));
        Files.writeString(folder.resolve("sub/c.csv"), "c");
        Files.writeString(folder.resolve("not-read-yet.csv"), "d");
        Path installations = Files.writeString(temp.resolve("installations.csv"), "i");
        String f = folder.toString();
        RunProvenance atStart = provenance(List.of(
                new RunProvenance.InputFile(installations.toString(), "installations", "ih", 1)));

        RunProvenance updated = WatchedFolderInputs.withFilesRead(atStart, f,
                Set.of(f + "/sub/c.csv", f + "/b.csv", f + "/a.csv"));

        // As InputFiles lists the folder (less the file no row came from yet), installations after the shipments.
        List<RunProvenance.InputFile> expected = new java.util.ArrayList<>();
        for (InputFiles.InputFile file : InputFiles.list(List.of(f))) {
            if (!file.shownAs().endsWith("not-read-yet.csv")) {
                expected.add(new RunProvenance.InputFile(file.shownAs(), "shipments", file.sha256(), file.bytes()));
            }
        }
        expected.add(atStart.inputFiles().get(0));
        assertThat(updated.inputFiles()).isEqualTo(expected);
        assertThat(updated.inputFiles()).extracting(RunProvenance.InputFile::path)
                .containsExactly(f + "/a.csv", f + "/b.csv", f + "/sub/c.csv", installations.toString());
    }

    @Test
    void keepsTheHashOfAFileAsItWasWhenFirstRecorded() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("inbox"));
        Files.writeString(folder.resolve("a.csv"), "first content");
        String f = folder.toString();
        RunProvenance first = WatchedFolderInputs.withFilesRead(provenance(List.of()), f, Set.of(f + "/a.csv"));

        Files.writeString(folder.resolve("a.csv"), "changed after it was read");
        Files.writeString(folder.resolve("b.csv"), "b");
        RunProvenance second = WatchedFolderInputs.withFilesRead(first, f, Set.of(f + "/a.csv", f + "/b.csv"));

        assertThat(second.inputFiles().get(0)).isEqualTo(first.inputFiles().get(0));
        Path original = Files.writeString(temp.resolve("original.csv"), "first content");
        assertThat(second.inputFiles().get(0).sha256()).isEqualTo(InputFiles.sha256Of(original));
        assertThat(second.inputFiles()).extracting(RunProvenance.InputFile::path).containsExactly(f + "/a.csv", f + "/b.csv");
    }
}
