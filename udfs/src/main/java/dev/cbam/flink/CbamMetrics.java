package dev.cbam.flink;

import org.apache.flink.metrics.MetricGroup;

/**
 * The names of the job's own metrics. Every operator registers them in the {@value #GROUP} group of its
 * metric group; Flink's Prometheus reporter exports {@code cbam.shipments_read} of an operator as
 * {@code flink_taskmanager_job_task_operator_cbam_shipments_read}, with the job, task, operator and subtask as
 * labels, and a key-value group such as {@code reason=BAD_CN_CODE} as one more label.
 * {@code monitoring/README.md} documents each of them; the dashboards and alert rules query them by these names.
 */
public final class CbamMetrics {

    public static final String GROUP = "cbam";

    // Validate shipments
    public static final String SHIPMENTS_READ = "shipments_read";
    public static final String SHIPMENTS_ACCEPTED = "shipments_accepted";
    public static final String SHIPMENTS_REJECTED = "shipments_rejected";
    /** Key of the group that labels rejects by their reason code. */
    public static final String REASON = "reason";
    public static final String SHIPMENTS_PER_SECOND = "shipments_per_second";
    public static final String BYTES_READ = "bytes_read";
    public static final String FILES_COMPLETED = "files_completed";
    public static final String INPUT_BYTES = "input_bytes";
    public static final String INPUT_FILES = "input_files";

    // Enrich and keep first row of each shipment id
    public static final String PENDING_SHIPMENTS = "pending_shipments";
    public static final String ENRICHMENT_LATENCY = "enrichment_latency_us";

    // Aggregate report lines
    public static final String SECTOR = "sector";
    public static final String COUNTRY = "country";
    public static final String EMBEDDED_EMISSIONS = "embedded_emissions_tonnes";

    // Sinks
    public static final String SINK_ROWS_WRITTEN = "sink_rows_written";
    public static final String SINK_RETRIES = "sink_retries";
    public static final String SINK_FAILURES = "sink_failures";

    /** The window of the per-second rates, in seconds. */
    public static final int RATE_WINDOW_SECONDS = 10;

    private CbamMetrics() {}

    /** The {@value #GROUP} group of an operator's or a sink writer's metric group. */
    public static MetricGroup of(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }
}
