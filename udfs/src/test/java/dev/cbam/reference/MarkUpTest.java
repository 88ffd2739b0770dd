package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MarkUpTest {

    @Test
    void phasesInTenTwentyThirtyPercent() {
        assertThat(MarkUp.rate(Sector.IRON_STEEL, 2026)).isEqualByComparingTo("0.10");
        assertThat(MarkUp.rate(Sector.CEMENT, 2027)).isEqualByComparingTo("0.20");
        assertThat(MarkUp.rate(Sector.ALUMINIUM, 2028)).isEqualByComparingTo("0.30");
        assertThat(MarkUp.rate(Sector.HYDROGEN, 2035)).isEqualByComparingTo("0.30");
    }

    @Test
    void fertilisersHaveAFlatOnePercent() {
        for (int year = 2026; year <= 2030; year++) {
            assertThat(MarkUp.rate(Sector.FERTILISERS, year)).isEqualByComparingTo("0.01");
        }
    }

    @Test
    void electricityAndTheTransitionalPeriodHaveNone() {
        assertThat(MarkUp.rate(Sector.ELECTRICITY, 2026)).isZero();
        assertThat(MarkUp.rate(Sector.ELECTRICITY, 2028)).isZero();
        assertThat(MarkUp.rate(Sector.IRON_STEEL, 2025)).isZero();
    }

    @Test
    void appliesExactly() {
        assertThat(MarkUp.apply(new BigDecimal("3.186892655"), MarkUp.rate(Sector.IRON_STEEL, 2026)))
                .isEqualByComparingTo("3.5055819205");
        assertThat(MarkUp.apply(new BigDecimal("1.3"), MarkUp.rate(Sector.CEMENT, 2026)))
                .as("no float noise: 1.43, not 1.4300000000000002").isEqualTo(new BigDecimal("1.430"));
    }
}
