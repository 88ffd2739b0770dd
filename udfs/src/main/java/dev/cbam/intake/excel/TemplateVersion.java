package dev.cbam.intake.excel;

import java.time.LocalDate;

/**
 * The versions of the Commission's CBAM Communication Template ("CBAM SEE Communication V2", published by the
 * Umweltbundesamt for DG TAXUD) this reader knows. A template names its version in its hidden sheet
 * {@code VersionDocumentation}: cell B3 holds the date of the version, which its sheet {@code 0_Versions}
 * lists with the version number.
 *
 * <p>The cells read (installation details and the product table of {@code Summary_Communication}, columns D to
 * O) are where they are in both supported versions. Version 2.1.1 ("Addition automatic calculation of
 * Electricity EF in Summary_Communication") inserted column P, "Electricity EF (tCO2/MWh)", before the
 * product-property columns; in 2.1 column P is "The main reducing agent of the precursor, if known".
 */
public enum TemplateVersion {
    V2_1("2.1", LocalDate.of(2024, 6, 5), "The main reducing agent of the precursor"),
    V2_1_1("2.1.1", LocalDate.of(2024, 12, 13), "Electricity EF (tCO2/MWh)");

    private final String label;
    private final LocalDate date;
    private final String columnP;

    TemplateVersion(String label, LocalDate date, String columnP) {
        this.label = label;
        this.date = date;
        this.columnP = columnP;
    }

    /** The version number as the template's version history writes it. */
    public String label() {
        return label;
    }

    /** The version's date, as {@code VersionDocumentation!B3} holds it. */
    public LocalDate date() {
        return date;
    }

    /** How the header of column P of the product table in {@code Summary_Communication} begins. */
    String columnPHeader() {
        return columnP;
    }

    /** The supported version of this date, or {@code null}. */
    static TemplateVersion ofDate(LocalDate date) {
        for (TemplateVersion v : values()) {
            if (v.date.equals(date)) {
                return v;
            }
        }
        return null;
    }

    /** The number of an older, unsupported version of this date (from the template's version history), or {@code null}. */
    static String olderVersion(LocalDate date) {
        if (date.equals(LocalDate.of(2023, 8, 21))) {
            return "0.1";
        } else if (date.equals(LocalDate.of(2023, 10, 23))) {
            return "1.0";
        } else if (date.equals(LocalDate.of(2023, 11, 7))) {
            return "1.1";
        } else if (date.equals(LocalDate.of(2024, 3, 19))) {
            return "2.0";
        } else if (date.equals(LocalDate.of(2024, 4, 8))) {
            return "2.0.1";
        }
        return null;
    }
}
