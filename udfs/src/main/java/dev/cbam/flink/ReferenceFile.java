package dev.cbam.flink;

/**
 * A reference data file read whole, as broadcast to every enrichment task.
 *
 * @param path the file's path as Flink sees it
 * @param content the file's bytes
 */
public record ReferenceFile(String path, byte[] content) {

    /** The file's name, without folders. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
