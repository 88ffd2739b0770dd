package dev.cbam.job;

import dev.cbam.job.db.ReportDatabase;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Arrays;

/**
 * Entry point of the job jar on a Flink cluster (application mode: the FlinkDeployment's
 * {@code job.entryClass}). Takes the options of {@code cbam run}; the database is required
 * ({@code --jdbc-url}, or {@code CBAM_JDBC_URL}/{@code CBAM_JDBC_USER}/{@code CBAM_JDBC_PASSWORD} from a
 * Kubernetes Secret). What the operator passes through the cluster's configuration instead (the parallelism, a
 * savepoint to restore) completes the arguments: see {@link ClusterOptions}.
 */
public final class CbamJobMain {

    private CbamJobMain() {}

    public static void main(String[] args) throws Exception {
        JobOptions options;
        try {
            // The configuration the cluster runs the job with; read before the run's own is added to it.
            ReadableConfig cluster = StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration();
            options = ClusterOptions.parse(Arrays.asList(args), System.getenv(), cluster);
        } catch (UsageException e) {
            throw new IllegalArgumentException("cbam: " + e.getMessage(), e);
        }
        if (options.database() == null) {
            throw new IllegalArgumentException("cbam: on a cluster the job needs --jdbc-url (or CBAM_JDBC_URL)");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ReportRun.configuration(options));
        ReportRun.Outcome outcome = new ReportRun(options, new ReportDatabase(options.database()), System.out).execute(env);
        if (outcome.status() == ReportRun.Status.SUBMITTED) {
            System.out.printf("cbam: run %s submitted as job %s; it stays RUNNING in cbam_runs until finished%n",
                    outcome.runId(), outcome.jobId());
        } else {
            System.out.printf("cbam: run %s %s: %d rows read, %d accepted, %d rejected%n", outcome.runId(),
                    outcome.status().name().toLowerCase(java.util.Locale.ROOT), outcome.read(), outcome.counts().accepted(),
                    outcome.counts().rejected());
        }
    }
}
