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
        return precedes(a.sourceFile(), a.sourceLine(), b.sourceFile(), b.sourceLine());
    }

    /** True when the row at {@code fileA:lineA} comes before the row at {@code fileB:lineB}. */
    public static boolean precedes(String fileA, long lineA, String fileB, long lineB) {
        int byFile = fileA.compareTo(fileB);
        return byFile < 0 || (byFile == 0 && lineA < lineB);
    }

    /** The reject of {@code duplicate}, which repeats the id of {@code kept}. */
    public static Reject reject(Shipment duplicate, Shipment kept) {
        return reject(duplicate.shipmentId(), duplicate.sourceFile(), duplicate.sourceLine(), duplicate.rawText(),
                kept.sourceFile(), kept.sourceLine());
    }

    /** The reject of the row at {@code file:line}, whose id is also on the kept row at {@code keptFile:keptLine}. */
    public static Reject reject(String shipmentId, String file, long line, String rawText, String keptFile, long keptLine) {
        String where = keptFile.equals(file) ? "line " + keptLine : keptFile + " line " + keptLine;
        return new Reject(file, line, shipmentId, RejectReason.DUPLICATE_SHIPMENT_ID.name(),
                RejectReason.DUPLICATE_SHIPMENT_ID.name() + ": shipment_id '" + shipmentId + "' already on " + where,
                rawText);
    }
}
