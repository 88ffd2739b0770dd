package dev.cbam.qreport;

import java.util.List;

/**
 * A quarterly report as written and validated against the QReport schema.
 *
 * @param xml the document, UTF-8 text with a final line break
 * @param goods number of ImportedGood blocks (CN code and country of origin pairs)
 * @param emissionBlocks number of GoodsEmissions blocks (installations and default-value lines)
 * @param notes what a person must know before submitting it (for example an installation whose name and
 *     address were not given, so its Installation block is missing); empty when there is nothing to add
 */
public record QReport(String xml, int goods, int emissionBlocks, List<String> notes) {

    public QReport {
        notes = List.copyOf(notes);
    }
}
