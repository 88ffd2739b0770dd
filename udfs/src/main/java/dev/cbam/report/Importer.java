package dev.cbam.report;

import java.io.Serializable;

/**
 * The importer (authorised CBAM declarant) a report is made for.
 *
 * @param eori EORI number
 * @param name name, or {@code null}
 * @param country ISO code of the Member State of establishment, or {@code null}
 */
public record Importer(String eori, String name, String country) implements Serializable {
    private static final long serialVersionUID = 1L;
}
