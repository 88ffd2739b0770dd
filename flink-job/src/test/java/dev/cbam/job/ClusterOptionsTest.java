package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cbam.job.testing.Runs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;

/** What the operator hands the job through the cluster's configuration completes the job's arguments. */
class ClusterOptionsTest {

    private static List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of("--shipments", Runs.SAMPLES.resolve("demo_shipments_2026.csv").toString(),
                "--period", "2026", "--importer-eori", "NL123456789", "--run-id", "demo",
                "--reference-dir", Runs.ROOT.resolve("datasets/reference").toString(), "--mode", "streaming"));
        args.addAll(List.of(extra));
        return args;
    }

    private static final Map<String, String> DATABASE = Map.of("CBAM_JDBC_URL", "jdbc:postgresql://db:5432/cbam",
            "CBAM_JDBC_USER", "cbam", "CBAM_JDBC_PASSWORD", "secret");

    @Test
    void takesTheParallelismOfTheFlinkDeployment() {
        Configuration cluster = new Configuration();
        cluster.set(CoreOptions.DEFAULT_PARALLELISM, 8);
        assertThat(ClusterOptions.parse(args(), DATABASE, cluster).parallelism()).isEqualTo(8);
    }

    @Test
    void theArgumentsWinOverTheClusterParallelism() {
        Configuration cluster = new Configuration();
        cluster.set(CoreOptions.DEFAULT_PARALLELISM, 8);
        assertThat(ClusterOptions.parse(args("--parallelism", "3"), DATABASE, cluster).parallelism()).isEqualTo(3);
        assertThat(ClusterOptions.parse(args("--parallelism=3"), DATABASE, cluster).parallelism()).isEqualTo(3);
    }

    @Test
    void resumesTheRunFromTheSavepointTheOperatorRestores() {
        Configuration cluster = new Configuration();
        cluster.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///opt/cbam/data/flink/savepoints/savepoint-1a2b3c-0123456789ab");
        JobOptions options = ClusterOptions.parse(args(), DATABASE, cluster);
        assertThat(options.resumes()).isTrue();
        assertThat(options.fromSavepoint()).isEqualTo("file:///opt/cbam/data/flink/savepoints/savepoint-1a2b3c-0123456789ab");
        assertThat(options.runId()).isEqualTo("demo");
    }

    @Test
    void readsTheDeprecatedKeyOfTheRestorePathToo() {
        Configuration cluster = new Configuration();
        cluster.setString("execution.savepoint.path", "file:///sp/savepoint-1");
        assertThat(ClusterOptions.parse(args(), DATABASE, cluster).fromSavepoint()).isEqualTo("file:///sp/savepoint-1");
    }

    @Test
    void startsAfreshWithoutARestorePath() {
        JobOptions options = ClusterOptions.parse(args(), DATABASE, new Configuration());
        assertThat(options.resumes()).isFalse();
        assertThat(options.database().url()).isEqualTo("jdbc:postgresql://db:5432/cbam");
    }

    @Test
    void refusesToRestoreABatchRun() {
        Configuration cluster = new Configuration();
        cluster.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///sp/savepoint-1");
        List<String> batch = args();
        batch.set(batch.indexOf("streaming"), "batch");
        assertThatThrownBy(() -> ClusterOptions.parse(batch, DATABASE, cluster))
                .isInstanceOf(UsageException.class).hasMessageContaining("--mode streaming");
    }
}
