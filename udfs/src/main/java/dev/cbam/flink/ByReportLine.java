package dev.cbam.flink;

import dev.cbam.report.ReportLine;
import org.apache.flink.api.java.functions.KeySelector;

/** Partitions changes to report lines by the line they belong to. */
public final class ByReportLine implements KeySelector<ReportLine, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ReportLine change) {
        return change.lineKey();
    }
}
