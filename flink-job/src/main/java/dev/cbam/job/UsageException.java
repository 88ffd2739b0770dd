package dev.cbam.job;

/** A command line that cannot be run; the message is one line for the user, without a stack trace. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
