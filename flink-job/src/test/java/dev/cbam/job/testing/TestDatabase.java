package dev.cbam.job.testing;

import dev.cbam.job.JobOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A real PostgreSQL (embedded binaries, loopback only) shared by the tests of one JVM, started on first use. */
public final class TestDatabase {

    private static EmbeddedPostgres postgres;

    private TestDatabase() {}

    public static synchronized JobOptions.Database get() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return new JobOptions.Database(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    public static Connection connect() throws SQLException {
        get();
        return postgres.getPostgresDatabase().getConnection();
    }

    /** The rows of a query as text lines ({@code a|b|c}), in the query's order. */
    public static List<String> rows(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (i > 1) {
                        row.append('|');
                    }
                    row.append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public static void execute(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
