package dev.cbam.intake;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Gathers the problems found in one row and turns them into a {@link Reject}. Reused row after row. */
public final class RejectCollector {

    private final EnumSet<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
    private final List<String> messages = new ArrayList<>();

    public void clear() {
        reasons.clear();
        messages.clear();
    }

    public void add(RejectReason reason, String message) {
        reasons.add(reason);
        messages.add(reason.name() + ": " + message);
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    /** The reject; reason codes in enum order, messages in the order found. */
    public Reject toReject(String sourceFile, long line, String shipmentId, String rawText) {
        StringBuilder codes = new StringBuilder();
        for (RejectReason reason : reasons) {
            if (codes.length() > 0) {
                codes.append(';');
            }
            codes.append(reason.name());
        }
        return new Reject(sourceFile, line, shipmentId, codes.toString(), String.join("; ", messages), rawText);
    }
}
