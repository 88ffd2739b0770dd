package dev.cbam.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shaded job jar for a Flink cluster: our code and connectors inside, Flink itself left to the cluster. */
class JobJarIT {

    private static Path jobJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "cbam-flink-job-*-job.jar")) {
            return jars.iterator().next();
        }
    }

    @Test
    void holdsTheJobTheConnectorsAndTheReferenceDataButNotFlink() throws IOException {
        try (JarFile jar = new JarFile(jobJar().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.cbam.job.CbamJobMain");
            assertThat(jar.getEntry("dev/cbam/job/CbamJobMain.class")).isNotNull();
            assertThat(jar.getEntry("dev/cbam/flink/EnrichAndDeduplicate.class")).isNotNull();
            assertThat(jar.getEntry("db/migration/V1__cbam_schema.sql")).isNotNull();
            assertThat(jar.getEntry("cbam/reference/default_values_definitive_IR2025-2621.csv")).isNotNull();
            assertThat(jar.getEntry("org/postgresql/Driver.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class")).isNotNull();
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/org.flywaydb.core.extensibility.Plugin"))
                    .readAllBytes())).contains("PostgreSQL");
            assertThat(jar.getEntry("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class")).isNull();
            assertThat(jar.getEntry("io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class")).isNull();
            assertThat(jar.getEntry("org/apache/logging/log4j/core/Logger.class")).isNull();
        }
    }
}
