package dev.cbam.report;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Helpers for writing the report files' text: streamed to their files, or as a string for tests and callers. */
public final class Json {

    private Json() {}

    /** Something that writes a file's text. */
    public interface Text {
        void writeTo(Writer out) throws IOException;
    }

    /** The text as a string. */
    public static String asString(Text text) {
        StringWriter out = new StringWriter();
        try {
            text.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * {@code out} for Jackson's {@code writeValue(Writer, …)}, which closes its target when done: the caller
     * owns the writer and closes it (or writes more to it).
     */
    public static Writer unclosable(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void close() {
                // the caller closes it
            }
        };
    }
}
