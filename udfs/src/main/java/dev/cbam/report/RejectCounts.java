package dev.cbam.report;

import dev.cbam.intake.Reject;
import dev.cbam.intake.RejectReason;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many rows were rejected, in all and per reason. A row rejected for several reasons counts once in the
 * total and once under each of its reasons.
 */
public final class RejectCounts {

    private long total;
    private final EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);

    /** Counts as stored elsewhere (e.g. summed by the database). */
    public static RejectCounts of(long total, Map<RejectReason, Long> byReason) {
        RejectCounts counts = new RejectCounts();
        counts.total = total;
        counts.byReason.putAll(byReason);
        return counts;
    }

    public void add(Reject reject) {
        total++;
        for (RejectReason reason : reject.reasons()) {
            byReason.merge(reason, 1L, Long::sum);
        }
    }

    public long total() {
        return total;
    }

    /** Counts per reason, in the order of {@link RejectReason}; reasons without rejects are absent. */
    public Map<RejectReason, Long> byReason() {
        return Collections.unmodifiableMap(byReason);
    }
}
