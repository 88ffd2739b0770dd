package dev.cbam.job.testing;

import dev.cbam.job.CommandLine;
import dev.cbam.job.JobOptions;
import dev.cbam.job.ReportRun;
import dev.cbam.job.db.ReportDatabase;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
