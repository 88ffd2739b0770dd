package dev.cbam.job;

import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a run on a Flink cluster: the arguments of {@code cbam run} (a FlinkDeployment's
 * {@code job.args}) completed by what the Flink Kubernetes Operator hands the job through the cluster's
 * configuration instead of its arguments.
 *
 * <ul>
 *   <li>{@code job.parallelism} arrives as {@code parallelism.default}. It is the run's parallelism unless the
 *       arguments name one, so a manifest states it once. (Without this the run would take the number of
 *       cores the JobManager's container sees.)</li>
 *   <li>A state to restore — a savepoint upgrade ({@code upgradeMode: savepoint}), {@code initialSavepointPath},
 *       a suspended job set running again — arrives as {@code execution.state-recovery.path}. The run then
 *       resumes as with {@code --from-savepoint}: its rows stay. Started afresh instead, it would delete the rows
 *       it had written while the restored job goes on from the savepoint and never writes them again.</li>
 * </ul>
 */
public final class ClusterOptions {

    private ClusterOptions() {}

    /**
     * @param args the job's arguments
     * @param env the process environment ({@code CBAM_JDBC_*} from a Kubernetes Secret)
     * @param cluster the configuration the cluster runs the job with
     */
    public static JobOptions parse(List<String> args, Map<String, String> env, ReadableConfig cluster) {
        List<String> all = new ArrayList<>(args);
        if (!names(args, "--parallelism")) {
            Optional<Integer> parallelism = cluster.getOptional(CoreOptions.DEFAULT_PARALLELISM);
            if (parallelism.isPresent()) {
                all.add("--parallelism");
                all.add(Integer.toString(parallelism.get()));
            }
        }
        if (!names(args, "--from-savepoint")) {
            Optional<String> restore = cluster.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
            if (restore.isPresent() && !restore.get().isBlank()) {
                all.add("--from-savepoint");
                all.add(restore.get().strip());
            }
        }
        return CommandLine.parseRun(all, env);
    }

    private static boolean names(List<String> args, String option) {
        for (String arg : args) {
            if (arg.equals(option) || arg.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }
}
