package dev.cbam.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.SingletonResultIterator;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.IOException;

/** Reads each reference data file as one {@link ReferenceFile} record. */
public final class ReferenceFileFormat implements BulkFormat<ReferenceFile, FileSourceSplit> {

    private static final long serialVersionUID = 1L;
    /** The largest reference file accepted; the default-value table is about 3 MB. */
    private static final long MAX_BYTES = 64L * 1024 * 1024;

    @Override
    public Reader<ReferenceFile> createReader(Configuration config, FileSourceSplit split) {
        return new WholeFileReader(split.path(), false);
    }

    @Override
    public Reader<ReferenceFile> restoreReader(Configuration config, FileSourceSplit split) {
        boolean done = split.getReaderPosition().map(p -> p.getRecordsAfterOffset() >= 1).orElse(false);
        return new WholeFileReader(split.path(), done);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ReferenceFile> getProducedType() {
        return TypeInformation.of(ReferenceFile.class);
    }

    private static final class WholeFileReader implements BulkFormat.Reader<ReferenceFile> {
        private final Path file;
        private boolean done;

        WholeFileReader(Path file, boolean done) {
            this.file = file;
            this.done = done;
        }

        @Override
        public RecordIterator<ReferenceFile> readBatch() throws IOException {
            if (done) {
                return null;
            }
            done = true;
            if (file.getFileSystem().getFileStatus(file).getLen() > MAX_BYTES) {
                throw new IOException("reference file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes;
            try (FSDataInputStream in = file.getFileSystem().open(file)) {
                bytes = in.readAllBytes();
            }
            SingletonResultIterator<ReferenceFile> it = new SingletonResultIterator<>();
            it.set(new ReferenceFile(file.toString(), bytes), CheckpointedPosition.NO_OFFSET, 1L);
            return it;
        }

        @Override
        public void close() {}
    }
}
