package dev.cbam.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * A row that is not a shipment of the run, with every reason found. Nothing read is dropped: each row
 * becomes either an accepted shipment or exactly one reject.
 *
 * @param sourceFile the file the row came from
 * @param line the row's 1-based line number in that file
 * @param shipmentId the row's shipment id where one could be read, else {@code null}
 * @param reasonCodes the {@link RejectReason} codes, separated by {@code ;}, in enum order
 * @param message one line for a human: each reason with the offending value
 * @param rawText the row as it was in the file
 */
public record Reject(String sourceFile, long line, String shipmentId, String reasonCodes, String message, String rawText) {

    /** The reasons, parsed from {@link #reasonCodes()}. */
    public List<RejectReason> reasons() {
        List<RejectReason> reasons = new ArrayList<>();
        for (String code : reasonCodes.split(";")) {
            reasons.add(RejectReason.valueOf(code));
        }
        return reasons;
    }

    /** True when {@code reason} is one of the reasons. */
    public boolean hasReason(RejectReason reason) {
        for (String code : reasonCodes.split(";")) {
            if (code.equals(reason.name())) {
                return true;
            }
        }
        return false;
    }
}
