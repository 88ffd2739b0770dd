package org.apache.flink.metrics.prometheus;

import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Properties;

/**
 * Flink's Prometheus reporter, listening on one address instead of all of them: local runs of {@code bin/cbam}
 * serve their metrics on 127.0.0.1 only, as they serve the web UI. (Flink's own {@link PrometheusReporter}
 * binds every interface, which a cluster's pods need and a laptop does not.) It lives in Flink's package
 * because the reporter's registry is package-private there.
 *
 * <p>Properties: {@code host} (default 127.0.0.1) and {@code port} (one port; 0 for any free one).
 */
public final class LoopbackPrometheusReporterFactory implements MetricReporterFactory {

    @Override
    public MetricReporter createMetricReporter(Properties properties) {
        String host = properties.getProperty("host", "127.0.0.1");
        int port = Integer.parseInt(properties.getProperty("port", "9249").strip());
        return new Reporter(new InetSocketAddress(host, port));
    }

    static final class Reporter extends AbstractPrometheusReporter {
        private final HTTPServer server;

        Reporter(InetSocketAddress address) {
            try {
                server = new HTTPServer(address, registry, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve Prometheus metrics on " + address, e);
            }
            log.info("Prometheus metrics on http://{}:{}/metrics", address.getHostString(), server.getPort());
        }

        @Override
        public void close() {
            server.stop();
            super.close();
        }
    }
}
