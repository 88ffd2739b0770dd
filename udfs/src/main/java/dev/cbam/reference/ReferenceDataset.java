package dev.cbam.reference;

/**
 * The official data files the product ships in {@code datasets/reference/}, with their legal source.
 * {@code datasets/README.md} gives each file's origin and version.
 */
public enum ReferenceDataset {
    COUNTRIES("countries.csv", "ISO 3166-1 alpha-2 with CBAM status (EU, Annex III of Reg (EU) 2023/956)"),
    CN_SCOPE("cn_codes_annex_I_rules.json", "Reg (EU) 2023/956 Annex I and II"),
    CN_CODES("cn_codes.csv", "CN 2026 codes of CBAM goods, IR (EU) 2025/2620 benchmarks workbook"),
    DEFAULT_VALUES("default_values_definitive_IR2025-2621.csv", "IR (EU) 2025/2621 Annex I"),
    BENCHMARKS("benchmarks_IR2025-2620.csv", "IR (EU) 2025/2620"),
    GRID_FACTORS("default_grid_EF_indirect_IR2025-2621_AnnexII.csv", "IR (EU) 2025/2621 Annex II"),
    ELECTRICITY_FACTORS("default_electricity_import_EF_IR2025-2621_AnnexIII.csv", "IR (EU) 2025/2621 Annex III");

    private final String fileName;
    private final String source;

    ReferenceDataset(String fileName, String source) {
        this.fileName = fileName;
        this.source = source;
    }

    public String fileName() {
        return fileName;
    }

    public String source() {
        return source;
    }

    /** The dataset stored under a file name, or {@code null}. */
    public static ReferenceDataset byFileName(String fileName) {
        for (ReferenceDataset dataset : values()) {
            if (dataset.fileName.equals(fileName)) {
                return dataset;
            }
        }
        return null;
    }
}
