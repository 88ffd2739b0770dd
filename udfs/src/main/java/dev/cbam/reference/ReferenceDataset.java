package dev.cbam.reference;

/**
 * The official data files the product ships in {@code datasets/reference/}, with their legal source.
 * {@code datasets/README.md} gives each file's origin and version.
 */
public enum ReferenceDataset {
    COUNTRIES("countries.csv", "ISO 3166-1 alpha-2 with CBAM status (EU, Annex III of Reg (EU) 2023/956)",
            "ISO 3166-1 as of Java 17, checked 2026-12"),
    CN_SCOPE("cn_codes_annex_I_rules.json", "Reg (EU) 2023/956 Annex I and II", "OJ L 130, 16.5.2023, unchanged by Reg (EU) 2025/2083"),
    CN_CODES("cn_codes.csv", "CN 2026 codes of CBAM goods, IR (EU) 2025/2620 benchmarks workbook", "CN 2026"),
    DEFAULT_VALUES("default_values_definitive_IR2025-2621.csv", "IR (EU) 2025/2621 Annex I", "DVs as adopted, v1 2026-02-04"),
    BENCHMARKS("benchmarks_IR2025-2620.csv", "IR (EU) 2025/2620", "benchmarks workbook v1"),
    GRID_FACTORS("default_grid_EF_indirect_IR2025-2621_AnnexII.csv", "IR (EU) 2025/2621 Annex II", "OJ L, 31.12.2025"),
    ELECTRICITY_FACTORS("default_electricity_import_EF_IR2025-2621_AnnexIII.csv", "IR (EU) 2025/2621 Annex III",
            "OJ L, 31.12.2025");

    private final String fileName;
    private final String source;
    private final String version;

    ReferenceDataset(String fileName, String source, String version) {
        this.fileName = fileName;
        this.source = source;
        this.version = version;
    }

    /** The version of the source the file was taken from. */
    public String version() {
        return version;
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
