package dev.cbam.report;

import dev.cbam.intake.Reject;

/** The lines of {@code rejects.csv}: one per rejected row, RFC 4180 quoting. */
public final class RejectsCsv {

    public static final String HEADER = "source_file,line,shipment_id,reason_codes,message,raw_line";

    private RejectsCsv() {}

    /** The CSV line of a reject, without a line break. */
    public static String line(Reject reject) {
        return quote(reject.sourceFile()) + ',' + reject.line() + ',' + quote(reject.shipmentId()) + ','
                + quote(reject.reasonCodes()) + ',' + quote(reject.message()) + ',' + quote(reject.rawText());
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        boolean needs = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || (i == 0 && (c == ' ' || c == '='))) {
                needs = true;
                break;
            }
        }
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
