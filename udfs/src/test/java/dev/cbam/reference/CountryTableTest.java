package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.testing.Fixtures;
import org.junit.jupiter.api.Test;

class CountryTableTest {

    private final CountryTable countries = Fixtures.reference().countries();

    @Test
    void knowsTheIsoListWithCbamStatus() {
        assertThat(countries.all()).hasSizeGreaterThanOrEqualTo(249);
        assertThat(countries.byCode("cn").status()).isEqualTo(Country.Status.THIRD_COUNTRY);
        assertThat(countries.byCode("DE").status()).isEqualTo(Country.Status.EU_MEMBER_STATE);
        assertThat(countries.byCode("NO").status()).isEqualTo(Country.Status.OUTSIDE_CBAM);
        assertThat(countries.byCode("CH").status()).isEqualTo(Country.Status.OUTSIDE_CBAM);
        assertThat(countries.byCode("XK").name()).isEqualTo("Kosovo");
        assertThat(countries.byCode("ZZ")).isNull();
        assertThat(countries.byCode("UK")).as("UK is not the ISO code of the United Kingdom").isNull();
    }

    @Test
    void treatsTheCustomsTerritoryOfTheUnionAsEu() {
        assertThat(countries.all().stream().filter(c -> c.status() == Country.Status.EU_MEMBER_STATE).map(Country::code))
                .containsExactlyInAnyOrder("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
                        "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
                        // parts of the customs territory with ISO codes of their own (Art 4 UCC)
                        "AX", "GP", "GF", "MQ", "RE", "YT", "MF", "MC");
    }

    @Test
    void resolvesTheNamesOfTheOfficialTables() {
        assertThat(countries.byName("Türkiye").code()).isEqualTo("TR");
        assertThat(countries.byName("Russia").code()).isEqualTo("RU");
        assertThat(countries.byName("Russian Federation").code()).isEqualTo("RU");
        assertThat(countries.byName("Myanmar_Burma").code()).isEqualTo("MM");
        assertThat(countries.byName("Democratic Republic of the Cong").code()).isEqualTo("CD");
        assertThat(countries.byName("Congo").code()).isEqualTo("CG");
        assertThat(countries.byName("Moldova, Republic of").code()).isEqualTo("MD");
        assertThat(countries.byName("Côte d'Ivoire").code()).isEqualTo("CI");
        assertThat(countries.byName("Korea, Republic of (South Korea)").code()).isEqualTo("KR");
        assertThat(countries.byName("Atlantis")).isNull();
    }
}
