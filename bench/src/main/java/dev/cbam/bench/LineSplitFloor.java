package dev.cbam.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The physical floor of the job's intake: reads the shipment files in one JVM without Flink and does the
 * cheapest honest parse — find the line ends and the commas, count the fields and hash their bytes (so that
 * the JIT cannot drop the work). No decoding to characters, no objects per row. A job that validates,
 * enriches, deduplicates, aggregates and writes every row can only be some fraction of this rate.
 *
 * <p>Usage: {@code LineSplitFloor [--passes N] FILE...}. The first pass warms the JIT and the page cache; the
 * figure printed is the best of the {@code N} passes after it (default 3), as one line of
 * {@code key=value} pairs: {@code rows}, {@code fields}, {@code bytes}, {@code seconds}, {@code rows_per_s},
 * {@code first_pass_seconds}, {@code hash}. The header line of each file is not counted as a row.
 */
public final class LineSplitFloor {

    private static final int BUFFER_BYTES = 1 << 20;

    private long rows;
    private long fields;
    private long bytes;
    private long hash;

    private LineSplitFloor() {}

    public static void main(String[] args) throws IOException {
        int passes = 3;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--passes")) {
            passes = Integer.parseInt(args[1]);
            first = 2;
        }
        if (args.length <= first || passes < 1) {
            System.err.println("usage: LineSplitFloor [--passes N] FILE...");
            System.exit(2);
        }
        Path[] files = new Path[args.length - first];
        for (int i = first; i < args.length; i++) {
            files[i - first] = Path.of(args[i]);
        }

        long start = System.nanoTime();
        LineSplitFloor warm = pass(files);
        double firstSeconds = (System.nanoTime() - start) / 1e9;
        double best = Double.MAX_VALUE;
        LineSplitFloor result = warm;
        for (int p = 0; p < passes; p++) {
            long t = System.nanoTime();
            result = pass(files);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            if (result.rows != warm.rows || result.hash != warm.hash) {
                throw new IllegalStateException("passes disagree: the files changed while being read");
            }
        }
        System.out.printf(java.util.Locale.ROOT,
                "rows=%d fields=%d bytes=%d seconds=%.4f rows_per_s=%.0f first_pass_seconds=%.4f hash=%x%n",
                result.rows, result.fields, result.bytes, best, result.rows / best, firstSeconds, result.hash);
    }

    private static LineSplitFloor pass(Path[] files) throws IOException {
        LineSplitFloor floor = new LineSplitFloor();
        byte[] buffer = new byte[BUFFER_BYTES];
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                floor.split(in, buffer);
            }
        }
        return floor;
    }

    /** Counts the lines (less the header) and fields of one file, hashing every field's bytes. */
    private void split(InputStream in, byte[] buffer) throws IOException {
        long lines = 0;
        long lineFields = 0;
        long h = hash;
        boolean lineHasBytes = false;
        int n;
        while ((n = in.read(buffer)) > 0) {
            bytes += n;
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    if (lineHasBytes) {
                        lines++;
                        lineFields++;
                    }
                    lineHasBytes = false;
                    h = h * 31 + 1;
                } else if (b == ',') {
                    lineFields++;
                    lineHasBytes = true;
                    h = h * 31 + 2;
                } else {
                    lineHasBytes = true;
                    h = h * 31 + b;
                }
            }
        }
        if (lineHasBytes) {
            lines++;
            lineFields++;
        }
        rows += Math.max(0, lines - 1);
        fields += lineFields;
        hash = h;
    }
}
