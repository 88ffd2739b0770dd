package org.apache.flink.metrics.prometheus;

import dev.cbam.job.files.ReportGenerationTime;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;

/**
 * Flink's Prometheus reporter, listening on one address instead of all of them: local runs of {@code bin/cbam}
 * serve their metrics on 127.0.0.1 only, as they serve the web UI. (Flink's own {@link PrometheusReporter}
 * binds every interface, which a cluster's pods need and a laptop does not.) It lives in Flink's package
 * because the reporter's registry is package-private there.
 *
 * <p>It also exports the client's own {@code cbam_report_generation_seconds}: the report files are rendered in
 * the process that runs the job, after it (and, watching a folder, every checkpoint interval during it).
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

    /** The client's report rendering time ({@link ReportGenerationTime}), beside Flink's metrics. */
    static final class ReportGenerationCollector extends Collector {
        @Override
        public List<MetricFamilySamples> collect() {
            return List.of(
                    new GaugeMetricFamily("cbam_report_generation_seconds",
                            "Seconds the last rendering of the report files from the database took", ReportGenerationTime.lastSeconds()),
                    new CounterMetricFamily("cbam_report_generations_total",
                            "Renderings of the report files by this process", ReportGenerationTime.count()),
                    new CounterMetricFamily("cbam_report_generation_time_seconds_total",
                            "Seconds of all renderings of the report files by this process", ReportGenerationTime.totalSeconds()));
        }
    }

    static final class Reporter extends AbstractPrometheusReporter {
        private final HTTPServer server;

        Reporter(InetSocketAddress address) {
            new ReportGenerationCollector().register(registry);
            try {
                server = new HTTPServer(address, registry, true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve Prometheus metrics on " + address, e);
            }
            log.info("Prometheus metrics on http://{}:{}/metrics", address.getHostString(), server.getPort());
        }

        @Override
        public void close() {
            registry.clear();
            server.stop();
            super.close();
        }
    }
}
