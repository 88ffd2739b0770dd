package dev.cbam.emissions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FactorTest {

    private static long exact(long quantity, BigDecimal factor) {
        return BigDecimal.valueOf(quantity).multiply(factor).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    @Test
    void longArithmeticGivesTheExactBigDecimalResultEverywhere() {
        SplittableRandom random = new SplittableRandom(11);
        String[] factors = {"3.5055819205", "1.529", "0.044", "29.304", "3.6461", "0.907", "0", "12.8", "4.1429604515",
            "0.0000001", "1000", "2.63723394"};
        for (String f : factors) {
            Factor factor = new Factor(new BigDecimal(f).stripTrailingZeros());
            for (int i = 0; i < 20_000; i++) {
                long quantity = switch (i % 4) {
                    case 0 -> 1 + random.nextLong(1_000);
                    case 1 -> 1 + random.nextLong(100_000_000L);
                    case 2 -> 1 + random.nextLong(1_000_000_000_000L);
                    default -> 1 + random.nextLong(Long.MAX_VALUE / 1_000_000_000L);
                };
                assertThat(factor.times(quantity)).as(f + " × " + quantity).isEqualTo(exact(quantity, new BigDecimal(f)));
            }
        }
    }

    @Test
    void roundsHalfUp() {
        assertThat(new Factor(new BigDecimal("0.5")).times(1)).isEqualTo(1);
        assertThat(new Factor(new BigDecimal("0.5")).times(3)).isEqualTo(2);
        assertThat(new Factor(new BigDecimal("0.4999999")).times(1)).isZero();
        assertThat(new Factor(new BigDecimal("3.5055819205")).times(100_000_000)).isEqualTo(350_558_192);
    }
}
