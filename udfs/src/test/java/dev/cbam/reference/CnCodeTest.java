package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CnCodeTest {

    @Test
    void normalisesSpacedDottedAndPlainCodes() {
        assertThat(CnCode.normalise("7208 10 00")).isEqualTo("72081000");
        assertThat(CnCode.normalise("7208.10.00")).isEqualTo("72081000");
        assertThat(CnCode.normalise("72081000")).isEqualTo("72081000");
        assertThat(CnCode.normalise(" 72081000 ")).isEqualTo("72081000");
    }

    @Test
    void readsATenDigitTaricCodeAsItsCnCode() {
        assertThat(CnCode.normalise("7208100000")).isEqualTo("72081000");
        assertThat(CnCode.normalise("7208 10 00 90")).isEqualTo("72081000");
    }

    @Test
    void refusesAnythingElse() {
        assertThat(CnCode.normalise("7208")).isNull();
        assertThat(CnCode.normalise("720810")).isNull();
        assertThat(CnCode.normalise("7208100")).isNull();
        assertThat(CnCode.normalise("720810001")).isNull();
        assertThat(CnCode.normalise("72081O00")).isNull();
        assertThat(CnCode.normalise("7208-10-00")).isNull();
        assertThat(CnCode.normalise("")).isNull();
        assertThat(CnCode.normalise("72081000000")).isNull();
    }
}
