package dev.cbam.job.files;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long this process took to render report files from the database, the last time and in total. The
 * rendering runs in the client, after the job (and, for a watched folder, every checkpoint interval while it
 * runs), so it is not a metric of any Flink operator; the local Prometheus endpoint of {@code bin/cbam}
 * exports it as {@code cbam_report_generation_seconds} (the last), {@code cbam_report_generations_total} and
 * {@code cbam_report_generation_time_seconds_total}.
 */
public final class ReportGenerationTime {

    private static final AtomicLong LAST_NANOS = new AtomicLong();
    private static final AtomicLong TOTAL_NANOS = new AtomicLong();
    private static final AtomicLong COUNT = new AtomicLong();

    private ReportGenerationTime() {}

    static void record(long nanos) {
        LAST_NANOS.set(nanos);
        TOTAL_NANOS.addAndGet(nanos);
        COUNT.incrementAndGet();
    }

    /** Seconds the last rendering took; 0 before the first. */
    public static double lastSeconds() {
        return LAST_NANOS.get() / 1e9;
    }

    /** Seconds of all renderings of this process. */
    public static double totalSeconds() {
        return TOTAL_NANOS.get() / 1e9;
    }

    /** How many renderings this process did. */
    public static long count() {
        return COUNT.get();
    }
}
