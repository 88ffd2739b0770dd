package dev.cbam.intake;

/**
 * The rule for shipment ids that occur more than once in a run: the row that comes first by file name, then
 * line number, is the shipment; every other row with the id is rejected. The rule depends only on where the
 * rows are, never on the order in which a parallel job happens to see them.
 */
public final class DuplicateShipments {

    private DuplicateShipments() {}

    /** True when {@code a} comes before {@code b} in the run's input. */
    public static boolean precedes(Shipment a, Shipment b) {
        int byFile = a.sourceFile().compareTo(b.sourceFile());
        return byFile < 0 || (byFile == 0 && a.sourceLine() < b.sourceLine());
    }

    /** The reject of {@code duplicate}, which repeats the id of {@code kept}. */
    public static Reject reject(Shipment duplicate, Shipment kept) {
        String where = kept.sourceFile().equals(duplicate.sourceFile())
                ? "line " + kept.sourceLine()
                : kept.sourceFile() + " line " + kept.sourceLine();
        return new Reject(duplicate.sourceFile(), duplicate.sourceLine(), duplicate.shipmentId(),
                RejectReason.DUPLICATE_SHIPMENT_ID.name(),
                RejectReason.DUPLICATE_SHIPMENT_ID.name() + ": shipment_id '" + duplicate.shipmentId()
                        + "' already on " + where,
                duplicate.rawText());
    }
}
