package dev.cbam.job.files;

import dev.cbam.intake.Reject;
import dev.cbam.report.RejectsCsv;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Collects rejects in any order and writes them sorted by file and line, with bounded memory: beyond
 * {@code chunkSize} rejects, sorted chunks spill to temporary files that are merged at the end. A file of a
 * million broken rows must not exhaust the memory of the task that writes {@code rejects.csv}.
 */
final class RejectSpool implements Closeable {

    private record Entry(String file, long line, String csv) {}

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::file).thenComparingLong(Entry::line);

    private final Path tempDirectory;
    private final int chunkSize;
    private final List<Entry> buffer = new ArrayList<>();
    private final List<Path> chunks = new ArrayList<>();

    RejectSpool(Path tempDirectory, int chunkSize) {
        this.tempDirectory = tempDirectory;
        this.chunkSize = chunkSize;
    }

    void add(Reject reject) {
        buffer.add(new Entry(reject.sourceFile(), reject.line(), RejectsCsv.line(reject)));
        if (buffer.size() >= chunkSize) {
            spill();
        }
    }

    private void spill() {
        buffer.sort(ORDER);
        try {
            Files.createDirectories(tempDirectory);
            Path chunk = Files.createTempFile(tempDirectory, "rejects-", ".chunk");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(chunk)))) {
                for (Entry e : buffer) {
                    write(out, e.file());
                    out.writeLong(e.line());
                    write(out, e.csv());
                }
            }
            chunks.add(chunk);
            buffer.clear();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill rejects to " + tempDirectory, e);
        }
    }

    private static void write(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String read(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes every reject's CSV line, sorted, each followed by a line break. */
    void writeSorted(Writer out) throws IOException {
        buffer.sort(ORDER);
        if (chunks.isEmpty()) {
            for (Entry e : buffer) {
                out.write(e.csv());
                out.write('\n');
            }
            return;
        }
        spill();
        List<DataInputStream> inputs = new ArrayList<>();
        record Head(Entry entry, int source) {}
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.entry(), b.entry()));
        try {
            for (int i = 0; i < chunks.size(); i++) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(chunks.get(i))));
                inputs.add(in);
                Entry first = next(in);
                if (first != null) {
                    heads.add(new Head(first, i));
                }
            }
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                out.write(head.entry().csv());
                out.write('\n');
                Entry next = next(inputs.get(head.source()));
                if (next != null) {
                    heads.add(new Head(next, head.source()));
                }
            }
        } finally {
            for (DataInputStream in : inputs) {
                in.close();
            }
        }
    }

    private static Entry next(DataInputStream in) throws IOException {
        try {
            String file = read(in);
            long line = in.readLong();
            return new Entry(file, line, read(in));
        } catch (EOFException end) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        for (Path chunk : chunks) {
            Files.deleteIfExists(chunk);
        }
        chunks.clear();
        buffer.clear();
    }
}
