package dev.cbam.qreport;

import java.util.Objects;

/**
 * The customs procedure under which goods were imported, as the quarterly report states it: the requested
 * procedure and, where the goods came from another procedure (inward processing, warehousing), the previous
 * one. Codes are those of the report's code list (see {@link QReportCodes}).
 *
 * @param requested the requested procedure, two digits
 * @param previous the previous procedure, two digits, or {@code null}
 */
public record CustomsProcedure(String requested, String previous) implements Comparable<CustomsProcedure> {

    /** The procedure of a shipment that names none; see {@link QReportCodes#DEFAULT_REQUESTED_PROCEDURE}. */
    public static final CustomsProcedure DEFAULT = new CustomsProcedure(QReportCodes.DEFAULT_REQUESTED_PROCEDURE, null);

    public CustomsProcedure {
        Objects.requireNonNull(requested, "requested procedure");
        if (!QReportCodes.REQUESTED_PROCEDURES.contains(requested)) {
            throw new QReportException("customs procedure '" + requested + "' is not a requested procedure of the CBAM code list "
                    + QReportCodes.REQUESTED_PROCEDURES.stream().sorted().toList());
        }
        if (previous != null && !QReportCodes.PREVIOUS_PROCEDURES.contains(previous)) {
            throw new QReportException("customs procedure '" + previous + "' is not a previous procedure of the CBAM code list "
                    + QReportCodes.PREVIOUS_PROCEDURES.stream().sorted().toList());
        }
    }

    /**
     * Reads a procedure as a shipment file writes it: empty for the default, two digits (the requested
     * procedure, {@code 40}) or the four digits of the customs procedure code of the declaration ({@code 4000},
     * {@code 4051}: requested then previous, {@code 00} for none). Spaces, dots, dashes and slashes between the
     * digits are ignored.
     *
     * @throws QReportException naming the text when it is none of these, or not in the code list
     */
    public static CustomsProcedure parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        String digits = text.replaceAll("[\\s./-]", "");
        if (!digits.matches("\\d{2}|\\d{4}")) {
            throw new QReportException("customs procedure '" + text + "' is neither a two-digit procedure (40) nor a four-digit "
                    + "procedure code (4000)");
        }
        String requested = digits.substring(0, 2);
        String previous = digits.length() == 4 && !digits.endsWith("00") ? digits.substring(2) : null;
        return new CustomsProcedure(requested, previous);
    }

    @Override
    public int compareTo(CustomsProcedure o) {
        int c = requested.compareTo(o.requested);
        if (c != 0) {
            return c;
        }
        return (previous == null ? "" : previous).compareTo(o.previous == null ? "" : o.previous);
    }
}
