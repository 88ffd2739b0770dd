package dev.cbam.job.testing;

import dev.cbam.job.CommandLine;
import dev.cbam.job.JobOptions;
import dev.cbam.job.ReportRun;
import dev.cbam.job.db.ReportDatabase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the report job as the command line would, on the test's MiniCluster and the test database. */
public final class Runs {

    /** The repository root (tests run in the module folder). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path SAMPLES = ROOT.resolve("datasets/samples");

    private Runs() {}

    /** Options of a {@code cbam run} command line, with the test database. */
    /** A test MiniCluster of {@code taskManagers × slots}, its servers (the BLOB server among them) on loopback only. */
    public static MiniClusterExtension loopbackCluster(int taskManagers, int slots) {
        Configuration conf = new Configuration();
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setConfiguration(conf)
                .setNumberTaskManagers(taskManagers).setNumberSlotsPerTaskManager(slots).build());
    }

    public static JobOptions options(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--reference-dir");
        all.add(ROOT.resolve("datasets/reference").toString());
        JobOptions.Database db = TestDatabase.get();
        all.add("--jdbc-url");
        all.add(db.url());
        all.add("--jdbc-user");
        all.add(db.user());
        return CommandLine.parseRun(all, Map.of());
    }

    public static ReportRun.Outcome run(JobOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(ReportRun.configuration(options));
        return new ReportRun(options, new ReportDatabase(options.database()), null).execute(env);
    }
}
