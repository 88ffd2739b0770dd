package dev.cbam.qreport;

/**
 * A quarterly report that cannot be produced: the data break a rule of the schema or of the registry. The
 * message is one line that names the element (or the good) and the problem; nothing is written in that case,
 * so a report is never silently cut short.
 */
public final class QReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QReportException(String message) {
        super(message);
    }

    public QReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
