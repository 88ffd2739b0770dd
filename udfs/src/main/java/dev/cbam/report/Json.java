package dev.cbam.report;

import java.io.FilterWriter;
import java.io.Writer;

/** Helpers for writing the report files' JSON. */
public final class Json {

    private Json() {}

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
