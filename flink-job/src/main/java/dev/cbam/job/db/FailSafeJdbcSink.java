package dev.cbam.job.db;

import dev.cbam.flink.CbamMetrics;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * flink-connector-jdbc's sink, unchanged except for one thing: when a write fails (the database went away),
 * its writer's {@code close()} tries to flush the failed batch again and throws once more. Flink treats an
 * exception while cleaning up after a failure as fatal and stops the whole TaskManager process, so a short
 * database outage would take the cluster's workers down instead of restarting the job from its last
 * checkpoint. Here the failure of that second flush is logged; the first failure still fails the task, and
 * the job restarts and writes the same rows again (the writes are idempotent upserts).
 */
public final class FailSafeJdbcSink<IN>
        implements Sink<IN>, SupportsWriterState<IN, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {

    private static final long serialVersionUID = 1L;

    private final JdbcSink<IN> delegate;

    public FailSafeJdbcSink(JdbcSink<IN> delegate) {
        this.delegate = delegate;
    }

    @Override
    public Writer<IN> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(delegate.createWriter(context), context.metricGroup());
    }

    @Override
    public Writer<IN> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> recoveredState) throws IOException {
        return new Writer<>(delegate.restoreWriter(context, recoveredState), context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }

    /** True when an I/O or SQL error (the database gone, a connection refused) is among the causes. */
    static boolean causedByTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    /** The connector's writer; only {@link #close()} differs. */
    static final class Writer<IN> implements StatefulSinkWriter<IN, JdbcWriterState>, CommittingSinkWriter<IN, JdbcCommitable> {
        private static final Logger LOG = LoggerFactory.getLogger(FailSafeJdbcSink.class);

        private final JdbcWriter<IN> writer;
        private final Counter rowsWritten;
        private final Counter failures;
        private boolean failed;

        Writer(JdbcWriter<IN> writer, MetricGroup metrics) {
            this.writer = writer;
            MetricGroup cbam = CbamMetrics.of(metrics);
            this.rowsWritten = cbam.counter(CbamMetrics.SINK_ROWS_WRITTEN);
            this.failures = cbam.counter(CbamMetrics.SINK_FAILURES);
        }

        @Override
        public void write(IN element, Context context) throws IOException, InterruptedException {
            try {
                writer.write(element, context);
                // Handed to the connector, which writes in batches (at most one batch behind the database).
                rowsWritten.inc();
            } catch (IOException | RuntimeException e) {
                failed = true;
                failures.inc();
                throw e;
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            try {
                writer.flush(endOfInput);
            } catch (IOException | RuntimeException e) {
                failed = true;
                failures.inc();
                throw e;
            }
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public void close() throws Exception {
            try {
                writer.close();
            } catch (Exception e) {
                // The failure may have been the connector's own background flush, which this writer never saw.
                if (!failed && !causedByTheDatabase(e)) {
                    throw e;
                }
                // The batch that failed before: the restarted job writes it again.
                LOG.warn("JDBC writer could not flush its pending batch on close; the job restarts from its last checkpoint", e);
            }
        }
    }
}
