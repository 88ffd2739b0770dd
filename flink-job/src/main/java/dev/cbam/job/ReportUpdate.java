package dev.cbam.job;

import dev.cbam.intake.Reject;
import dev.cbam.report.ReportLine;

/**
 * What the report-file sink receives: the current value of a report line, or a rejected row. One of the two
 * fields is set.
 *
 * @param line a report line's current value, or {@code null}
 * @param reject a rejected row, or {@code null}
 */
public record ReportUpdate(ReportLine line, Reject reject) {

    public static ReportUpdate of(ReportLine line) {
        return new ReportUpdate(line, null);
    }

    public static ReportUpdate of(Reject reject) {
        return new ReportUpdate(null, reject);
    }
}
