package dev.cbam.job.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The finish Job of session/run runs its command as written: the job jar's {@code dev.cbam.job.Cbam} on Flink's
 * libraries alone (here the classpath of the local cluster, which is what a distribution's lib/ holds), without
 * the embedded PostgreSQL that {@code bin/cbam} has. It gets as far as the database.
 */
class FinishJobIT {

    @Test
    void theFinishCommandRunsOnTheFlinkLibrariesOfTheImage() throws Exception {
        JsonNode container = Deployment.only(Deployment.rendered("session/run"), "Job")
                .path("spec").path("template").path("spec").path("containers").get(0);
        String flinkLib = Files.readString(Path.of("../deployment/local/flink-lib/target/flink-lib-classpath.txt")).strip();
        List<String> command = new ArrayList<>();
        for (JsonNode part : container.path("command")) {
            String text = part.asText();
            if (text.startsWith("-Dlog4j.configurationFile=")) {
                continue;
            }
            command.add(text.replace("/opt/flink/lib/*", flinkLib)
                    .replace(Deployment.Image.fromDockerfile().jarPath(), jobJar().toString()));
        }
        for (JsonNode arg : container.path("args")) {
            command.add(arg.asText().replace("/opt/cbam/data", "target/finish-job-it"));
        }
        assertThat(command.get(0)).isEqualTo("java");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The Secret's variables, pointing at a port where no database listens.
        builder.environment().put("CBAM_JDBC_URL", "jdbc:postgresql://127.0.0.1:9/cbam");
        builder.environment().put("CBAM_JDBC_USER", "cbam");
        builder.environment().put("CBAM_JDBC_PASSWORD", "unused");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(output).contains("cbam: error: cannot connect to the database at jdbc:postgresql://127.0.0.1:9/cbam")
                .doesNotContain("NoClassDefFoundError").doesNotContain("unused");
        assertThat(process.exitValue()).isEqualTo(2);
    }

    private static Path jobJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "cbam-flink-job-*-job.jar")) {
            return jars.iterator().next();
        }
    }
}
