package dev.cbam.job.files;

import dev.cbam.intake.Reject;
import dev.cbam.job.ReportUpdate;
import dev.cbam.report.Importer;
import dev.cbam.report.RejectCounts;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportLine;
import dev.cbam.report.ReportingPeriod;
import dev.cbam.report.RejectsCsv;
import dev.cbam.report.SummaryMarkdown;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes the report files when the input ends: {@code report.json}, {@code summary.md} and
 * {@code rejects.csv} (sorted by file and line). Runs as a single task; it holds the current value of each
 * report line (a few thousand at most) and spools rejects to disk beyond a bound. Each file is written to a
 * temporary name first and moved into place, so a reader never sees half a report.
 */
public final class ReportFilesSink implements Sink<ReportUpdate> {

    private static final long serialVersionUID = 1L;
    private static final int REJECTS_IN_MEMORY = 100_000;

    public static final String REPORT_JSON = "report.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String REJECTS_CSV = "rejects.csv";

    private final String outputDirectory;
    private final ReportingPeriod period;
    private final Importer importer;

    public ReportFilesSink(Path outputDirectory, ReportingPeriod period, Importer importer) {
        this.outputDirectory = outputDirectory.toAbsolutePath().toString();
        this.period = period;
        this.importer = importer;
    }

    @Override
    public SinkWriter<ReportUpdate> createWriter(WriterInitContext context) {
        return new FilesWriter(Path.of(outputDirectory));
    }

    private final class FilesWriter implements SinkWriter<ReportUpdate> {
        private final Path directory;
        private final Map<String, ReportLine> lines = new HashMap<>();
        private final RejectCounts rejectCounts = new RejectCounts();
        private final RejectSpool rejects;

        FilesWriter(Path directory) {
            this.directory = directory;
            this.rejects = new RejectSpool(directory.resolve(".rejects-spool"), REJECTS_IN_MEMORY);
        }

        @Override
        public void write(ReportUpdate update, Context context) {
            if (update.line() != null) {
                ReportLine line = update.line();
                if (line.isEmpty()) {
                    lines.remove(line.lineKey());
                } else {
                    lines.put(line.lineKey(), line);
                }
            } else {
                Reject reject = update.reject();
                rejectCounts.add(reject);
                rejects.add(reject);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            Files.createDirectories(directory);
            ReportDocument report = new ReportDocument(period, importer, lines.values(), rejectCounts);
            writeAtomically(directory.resolve(REPORT_JSON), out -> out.write(report.toJson()));
            writeAtomically(directory.resolve(SUMMARY_MD), out -> out.write(SummaryMarkdown.render(report)));
            writeAtomically(directory.resolve(REJECTS_CSV), out -> {
                out.write(RejectsCsv.HEADER);
                out.write('\n');
                rejects.writeSorted(out);
            });
        }

        @Override
        public void close() throws IOException {
            rejects.close();
            Files.deleteIfExists(directory.resolve(".rejects-spool"));
        }
    }

    private interface Content {
        void writeTo(Writer out) throws IOException;
    }

    static void writeAtomically(Path target, Content content) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            content.writeTo(out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
