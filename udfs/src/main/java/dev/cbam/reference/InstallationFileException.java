package dev.cbam.reference;

import java.io.IOException;

/** The installations file cannot be used; the message names the file and the lines at fault. */
public final class InstallationFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InstallationFileException(String message) {
        super(message);
    }
}
