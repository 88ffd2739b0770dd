package dev.cbam.declaration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeclarationReferenceDataTest {

    @Test
    void loadsTheShippedFolderLikeTheJarCopy() throws IOException {
        DeclarationReferenceData fromFolder = DeclarationReferenceData.fromDirectory(Path.of("..", "datasets", "reference"));
        DeclarationReferenceData fromJar = DeclarationReferenceData.fromClasspath();
        assertThat(fromFolder.sha256()).isEqualTo(fromJar.sha256()).hasSize(2);
    }

    @Test
    void phasesTheCbamFactorOutFrom2026To2034() throws IOException {
        CbamFactorTable factors = DeclarationReferenceData.fromClasspath().cbamFactors();
        String[] expected = {"0.975", "0.95", "0.90", "0.775", "0.515", "0.39", "0.265", "0.14", "0"};
        for (int i = 0; i < expected.length; i++) {
            assertThat(factors.forYear(2026 + i).factor()).as("%d", 2026 + i).isEqualByComparingTo(expected[i]);
        }
        assertThat(factors.forYear(2040).factor()).as("no free allocation after the phase-out").isZero();
        assertThatThrownBy(() -> factors.forYear(2025)).hasMessageContaining("starts in 2026");
    }

    @Test
    void knowsOnlyThePublishedQuarterlyPrices() throws IOException {
        CertificatePriceTable prices = DeclarationReferenceData.fromClasspath().prices();
        assertThat(prices.price(2026, 1).eurPerCertificate()).isEqualByComparingTo("75.36");
        assertThat(prices.price(2026, 2).eurPerCertificate()).isEqualByComparingTo("75.28");
        assertThat(prices.price(2026, 3)).isNull();
        assertThat(prices.price(2027, 1)).isNull();
    }

    @Test
    void refusesAFactorTableThatDoesNotEndTheFreeAllocation() {
        String csv = "year,cbam_factor,source\n2026,0.975,x\n2027,0.95,x\n";
        assertThatThrownBy(() -> CbamFactorTable.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("the last year must have factor 0");
        String gap = "year,cbam_factor,source\n2026,0.975,x\n2028,0,x\n";
        assertThatThrownBy(() -> CbamFactorTable.read(new ByteArrayInputStream(gap.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("no factor for 2027");
    }
}
