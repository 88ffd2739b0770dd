package dev.cbam.intake.excel;

import dev.cbam.reference.InstallationEmissions;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one filled Communication Template says about its installation: who and where it is, for which
 * reporting period, and the specific embedded emissions of its products.
 *
 * <p><b>Installation id.</b> Version 2 of the template has no field for an installation identifier, so the id
 * is derived from what the operator must fill in and does not change when the template is sent again:
 * {@code UNLOCODE-NAME}, the UN/LOCODE of the installation's location (five letters, spaces removed, which
 * begins with the country code) followed by the installation's English name in capitals, accents removed, each
 * run of characters other than A-Z and 0-9 replaced by one hyphen. "Baoshan Iron &amp; Steel Co., Ltd." at
 * {@code CN SHA} is {@code CNSHA-BAOSHAN-IRON-STEEL-CO-LTD}. An importer can compute it from the template by hand,
 * and a resent template with the same name and location gets the same id whatever its spacing, case or
 * punctuation.
 *
 * @param sourceFile the template's file name as given
 * @param version the template's version
 * @param installationId the derived id (see above)
 * @param name the installation's English name as written
 * @param country ISO 3166-1 code of the installation's country
 * @param unlocode the UN/LOCODE, five characters without spaces
 * @param periodStart the first day of the reporting period
 * @param periodEnd the last day of the reporting period
 * @param products the product lines, in the template's order
 */
public record CommunicatedInstallation(
        String sourceFile,
        TemplateVersion version,
        String installationId,
        String name,
        String country,
        String unlocode,
        LocalDate periodStart,
        LocalDate periodEnd,
        List<CommunicatedProduct> products) {

    public CommunicatedInstallation {
        products = List.copyOf(products);
    }

    /**
     * The installation id of a template (see the class comment), or {@code null} when the name has no letter or
     * digit of the Latin alphabet (the template asks for the English name).
     */
    public static String idOf(String unlocode, String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        n = n.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-");
        n = n.replaceAll("^-+|-+$", "");
        if (n.isEmpty()) {
            return null;
        }
        return normaliseUnlocode(unlocode) + "-" + n;
    }

    /** A UN/LOCODE as written ({@code CN SHA}, {@code cnsha}) in its five-character form. */
    public static String normaliseUnlocode(String text) {
        return text.replaceAll("[\\s\\u00a0]+", "").toUpperCase(Locale.ROOT);
    }

    /**
     * The rows of the domain's installations table: one per product, valid for the reporting period (under
     * Art 7 of Implementing Regulation (EU) 2025/2547 the reporting period of imported goods is by default the
     * calendar year of import, so a template for 2026 covers goods imported in 2026).
     *
     * @param verified whether the importer holds a verifier's report for these values
     */
    public List<InstallationEmissions> emissions(boolean verified) {
        List<InstallationEmissions> rows = new ArrayList<>(products.size());
        for (CommunicatedProduct p : products) {
            rows.add(new InstallationEmissions(installationId, "", country, p.cnCode(), p.seeDirect(),
                    p.seeIndirect() == null ? BigDecimal.ZERO : p.seeIndirect(), verified, periodStart,
                    periodEnd, p.row()));
        }
        return rows;
    }
}
