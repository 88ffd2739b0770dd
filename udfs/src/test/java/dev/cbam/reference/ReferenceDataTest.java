package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {

    @Test
    void loadsTheShippedDatasetsFolderLikeTheJarCopy() throws IOException {
        ReferenceData fromFolder = ReferenceData.fromDirectory(Path.of("..", "datasets", "reference"));
        ReferenceData fromJar = ReferenceData.fromClasspath();
        assertThat(fromFolder.sha256()).isEqualTo(fromJar.sha256()).hasSize(ReferenceDataset.values().length);
        assertThat(fromFolder.sha256().get(ReferenceDataset.DEFAULT_VALUES)).hasSize(64);
        assertThat(fromFolder.benchmarks().size()).isEqualTo(661);
    }

    @Test
    void loadsTheElectricityFactorsByIsoCode() throws IOException {
        ReferenceData data = ReferenceData.fromClasspath();
        assertThat(data.electricityFactors().forCountry("TR")).isEqualByComparingTo("0.718");
        assertThat(data.electricityFactors().forCountry("MD")).isEqualByComparingTo("0.530");
        assertThat(data.electricityFactors().forCountry("CN")).as("Annex III lists no factor for China").isNull();
        assertThat(data.gridFactors().forCountry("BR")).isEqualByComparingTo("0.096");
        assertThat(data.gridFactors().forCountryOrOther("PF")).isNotNull();
    }

    @Test
    void benchmarksDependOnTheProductionRoute() throws IOException {
        ReferenceData data = ReferenceData.fromClasspath();
        assertThat(data.benchmarks().forCnCode("25231000")).extracting(Benchmark::routeB)
                .containsExactlyInAnyOrder("(A)", "(B)");
        assertThat(data.benchmarks().forCnCode("28041000")).singleElement()
                .satisfies(b -> assertThat(b.columnB()).isEqualByComparingTo("5.089"));
    }

    @Test
    void refusesAMissingOrUnreadableFile() throws IOException {
        Map<ReferenceDataset, byte[]> files = new EnumMap<>(ReferenceData.classpathFiles());
        files.remove(ReferenceDataset.BENCHMARKS);
        assertThatThrownBy(() -> ReferenceData.fromFiles(files)).hasMessageContaining("benchmarks_IR2025-2620.csv is missing");

        Map<ReferenceDataset, byte[]> corrupt = new EnumMap<>(ReferenceData.classpathFiles());
        corrupt.put(ReferenceDataset.DEFAULT_VALUES, ("country,sector,cn_code,description,direct,indirect,total,bm_route\n"
                + "Atlantis,Cement,25231000,Grey clinker,1,0,1,(A)\n").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ReferenceData.fromFiles(corrupt)).hasMessageContaining("line 2")
                .hasMessageContaining("unknown country 'Atlantis'");
    }
}
