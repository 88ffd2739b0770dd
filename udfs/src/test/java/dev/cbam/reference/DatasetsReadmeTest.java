package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** datasets/README.md stays true: every shipped reference file is listed with the hash of its content. */
class DatasetsReadmeTest {

    @Test
    void listsEveryReferenceFileWithItsHash() throws IOException {
        String readme = Files.readString(Path.of("..", "datasets", "README.md"));
        Map<ReferenceDataset, String> hashes = ReferenceData.fromDirectory(Path.of("..", "datasets", "reference")).sha256();
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            String row = readme.lines().filter(l -> l.startsWith("| `" + dataset.fileName() + "`")).findFirst().orElse("");
            assertThat(row).as(dataset.fileName() + " in datasets/README.md").isNotEmpty();
            assertThat(row).as(dataset.fileName()).contains("`" + hashes.get(dataset).substring(0, 12) + "`");
        }
    }
}
