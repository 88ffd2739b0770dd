package dev.cbam.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.testing.Fixtures;
import org.junit.jupiter.api.Test;

class CnScopeTest {

    private final CnScope scope = Fixtures.reference().scope();

    @Test
    void findsTheSectorOfCodesByAnnexIPrefix() {
        assertThat(scope.sectorOf("72081000")).isEqualTo(Sector.IRON_STEEL);
        assertThat(scope.sectorOf("26011200")).isEqualTo(Sector.IRON_STEEL);
        assertThat(scope.sectorOf("73181500")).isEqualTo(Sector.IRON_STEEL);
        assertThat(scope.sectorOf("25231000")).isEqualTo(Sector.CEMENT);
        assertThat(scope.sectorOf("28141000")).isEqualTo(Sector.FERTILISERS);
        assertThat(scope.sectorOf("31021012")).isEqualTo(Sector.FERTILISERS);
        assertThat(scope.sectorOf("76011000")).isEqualTo(Sector.ALUMINIUM);
        assertThat(scope.sectorOf("28041000")).isEqualTo(Sector.HYDROGEN);
        assertThat(scope.sectorOf("27160000")).isEqualTo(Sector.ELECTRICITY);
    }

    @Test
    void exclusionsInsideAnIncludedHeadingAreNotCbamGoods() {
        assertThat(scope.sectorOf("72044900")).as("ferrous scrap, 7204").isNull();
        assertThat(scope.sectorOf("72022100")).as("ferro-silicon, 7202 2x").isNull();
        assertThat(scope.sectorOf("72029910")).as("ferro-phosphorus, 720299").isNull();
        assertThat(scope.sectorOf("31056000")).as("fertilisers of phosphorus and potassium").isNull();
        assertThat(scope.sectorOf("72024110")).as("ferro-chromium stays in scope").isEqualTo(Sector.IRON_STEEL);
    }

    @Test
    void goodsOutsideAnnexIAreNotInScope() {
        assertThat(scope.sectorOf("84011000")).isNull();
        assertThat(scope.sectorOf("73121000")).as("7312 stranded wire is not listed").isNull();
        assertThat(scope.sectorOf("25232100")).isEqualTo(Sector.CEMENT);
        assertThat(scope.sectorOf("28042000")).as("other gases than hydrogen").isNull();
    }

    @Test
    void everyCodeOfTheNomenclatureIsInScopeWithItsSector() {
        CnNomenclature nomenclature = Fixtures.reference().nomenclature();
        assertThat(nomenclature.all()).hasSize(571);
        nomenclature.all().values().forEach(entry -> {
            assertThat(scope.sectorOf(entry.cnCode())).as(entry.cnCode()).isEqualTo(entry.sector());
            assertThat(entry.sector().directEmissionsOnly()).as(entry.cnCode()).isEqualTo(entry.directEmissionsOnly());
        });
    }
}
