package dev.cbam.intake.excel;

import java.io.IOException;
import java.util.Locale;

/**
 * A workbook cannot be read: it is not an .xlsx workbook, it is encrypted, damaged, or refused as a zip bomb.
 * The message is one line for the user and does not name the file (the caller does).
 */
public final class WorkbookException extends IOException {
    private static final long serialVersionUID = 1L;

    public WorkbookException(String message) {
        super(message);
    }

    public WorkbookException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exception for a failure while reading the package's parts, with POI's reason in the user's words. */
    static WorkbookException whileReading(String where, Throwable e) {
        if (e instanceof WorkbookException) {
            return (WorkbookException) e;
        }
        String detail = rootMessage(e);
        if (mentionsZipBomb(e)) {
            return new WorkbookException("refused: " + where + " would expand to far more data than the file's size "
                    + "suggests (zip bomb protection)", e);
        }
        return new WorkbookException(where + " cannot be read, the file is damaged: " + detail, e);
    }

    /** True when POI's zip limits refused an entry somewhere down the chain of causes. */
    static boolean mentionsZipBomb(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = next(t), depth++) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("zip bomb")) {
                return true;
            }
        }
        return false;
    }

    /** The cause, also of a StAX exception, which keeps it as its "nested exception". */
    private static Throwable next(Throwable t) {
        Throwable cause = t.getCause();
        if (cause == null && t instanceof javax.xml.stream.XMLStreamException) {
            cause = ((javax.xml.stream.XMLStreamException) t).getNestedException();
        }
        return cause == t ? null : cause;
    }

    /** The first line of the innermost message, which is where POI and the XML parser say what was wrong. */
    static String rootMessage(Throwable e) {
        String message = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = next(t), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
                if (message.toLowerCase(Locale.ROOT).contains("zip bomb")) {
                    break;
                }
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = message.strip();
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
