package dev.cbam.job.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailSafeJdbcSinkTest {

    @Test
    void recognisesADatabaseFailureDeepInTheCauses() {
        RuntimeException fromBackgroundFlush = new RuntimeException("Writing records to JDBC failed.",
                new RuntimeException("Writing records to JDBC failed.",
                        new IOException("Unable to update JDBC statement executor", new SQLException("Connection refused"))));
        assertThat(FailSafeJdbcSink.causedByTheDatabase(fromBackgroundFlush)).isTrue();
        assertThat(FailSafeJdbcSink.causedByTheDatabase(new RuntimeException(new SQLException("gone")))).isTrue();
        assertThat(FailSafeJdbcSink.causedByTheDatabase(new IllegalStateException("a bug"))).isFalse();
        assertThat(FailSafeJdbcSink.causedByTheDatabase(new RuntimeException(new NullPointerException()))).isFalse();
    }
}
