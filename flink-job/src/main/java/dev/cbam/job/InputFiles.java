package dev.cbam.job;

import dev.cbam.reference.ReferenceData;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipment files of a run: the files given, and the files inside the folders given (recursively, in
 * name order, without hidden files, as Flink's file source reads them), each with its SHA-256 for the run's
 * provenance.
 */
public final class InputFiles {

    /**
     * A file of the run.
     *
     * @param shownAs the path as the user gave it (or below a folder the user gave)
     * @param path the absolute path
     * @param sha256 hex SHA-256 of the content
     * @param bytes size
     */
    public record InputFile(String shownAs, Path path, String sha256, long bytes) {}

    private InputFiles() {}

    /**
     * The files to read, in the order given (folders expanded in name order).
     *
     * @throws UsageException when a file would be read twice (given twice, or also inside a folder given):
     *     its rows would otherwise all count as duplicates of themselves
     */
    public static List<InputFile> list(List<String> given) {
        List<InputFile> files = new ArrayList<>();
        java.util.Map<Path, String> seen = new java.util.HashMap<>();
        for (String name : given) {
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                List<Path> inside;
                try (Stream<Path> walk = Files.walk(path)) {
                    inside = walk.filter(Files::isRegularFile).filter(p -> !hidden(path, p)).sorted().toList();
                } catch (IOException e) {
                    throw new UsageException("cannot list " + name + ": " + e.getMessage());
                }
                if (inside.isEmpty()) {
                    throw new UsageException("no shipment files in folder " + name);
                }
                for (Path p : inside) {
                    String relative = path.relativize(p).toString().replace('\\', '/');
                    files.add(describe((name.endsWith("/") ? name : name + "/") + relative, p));
                }
            } else {
                files.add(describe(name, path));
            }
        }
        for (InputFile file : files) {
            String before = seen.put(file.path(), file.shownAs());
            if (before != null) {
                throw new UsageException("shipment file " + file.shownAs() + " is given twice"
                        + (before.equals(file.shownAs()) ? "" : " (also as " + before + ")"));
            }
        }
        return files;
    }

    /** The files a watched folder holds when the run starts (it may hold none yet). */
    public static List<InputFile> existing(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            List<InputFile> files = new ArrayList<>();
            for (Path p : walk.filter(Files::isRegularFile).filter(f -> !hidden(folder, f)).sorted().toList()) {
                files.add(describe(folder + "/" + folder.relativize(p).toString().replace('\\', '/'), p));
            }
            return files;
        } catch (IOException e) {
            throw new UsageException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    /** Flink's file source skips files whose name (or a folder's) starts with '.' or '_'. */
    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    public static InputFile describe(String shownAs, Path path) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha256())) {
            long bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
            String hash = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            return new InputFile(shownAs, path.toAbsolutePath().normalize(), hash, bytes);
        } catch (IOException e) {
            throw new UsageException("cannot read " + shownAs + ": " + e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** SHA-256 of a file, hex. */
    public static String sha256Of(Path file) {
        try {
            return ReferenceData.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
