package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cbam.job.db.ReportDatabase;
import dev.cbam.report.Importer;
import dev.cbam.report.ReportingPeriod;
import org.junit.jupiter.api.Test;

/** After a JobManager failover, main runs again: the run's rows must stay when Flink recovers the same job. */
class ReportRunFailoverTest {

    private static ReportDatabase.RunInfo run(String status, String jobId) {
        return new ReportDatabase.RunInfo(ReportingPeriod.parse("2026"), new Importer("NL1", null, null), status, 1, jobId, null);
    }

    @Test
    void aRunningRunOfTheRecoveredJobIsKept() {
        assertThat(ReportRun.recoversAfterFailover(run("RUNNING", "a1b2"), "a1b2")).isTrue();
    }

    @Test
    void anythingElseStartsTheRunAfresh() {
        assertThat(ReportRun.recoversAfterFailover(null, "a1b2")).isFalse();
        assertThat(ReportRun.recoversAfterFailover(run("RUNNING", "a1b2"), null)).as("no HA: a new job id each time").isFalse();
        assertThat(ReportRun.recoversAfterFailover(run("RUNNING", "ffff"), "a1b2")).as("another job").isFalse();
        assertThat(ReportRun.recoversAfterFailover(run("COMPLETED", "a1b2"), "a1b2")).isFalse();
        assertThat(ReportRun.recoversAfterFailover(run("FAILED", "a1b2"), "a1b2")).isFalse();
    }
}
