package dev.cbam.report;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The period a report covers: a quarter of the transitional period (2023Q4 to 2025Q4, quarterly reports
 * under Implementing Regulation (EU) 2023/1773) or a calendar year of the definitive period (2026 on, the
 * annual CBAM declaration of Article 6 of Regulation (EU) 2023/956).
 *
 * @param year the calendar year
 * @param quarter 1 to 4 for a transitional quarter, 0 for a definitive-period year
 */
public record ReportingPeriod(int year, int quarter) implements java.io.Serializable {

    /** The first year of the definitive period. */
    public static final int FIRST_DEFINITIVE_YEAR = 2026;

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-?[Qq]([1-4]))?");

    public ReportingPeriod {
        if (quarter < 0 || quarter > 4) {
            throw new IllegalArgumentException("quarter must be 1 to 4, or 0 for a year");
        }
    }

    /**
     * Parses {@code 2026} or {@code 2025Q4}, refusing periods CBAM does not have: quarters from 2026 on
     * (the declaration is annual), years before 2026 and quarters before 2023Q4.
     *
     * @throws IllegalArgumentException with a one-line message for the user
     */
    public static ReportingPeriod parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("period '" + text + "' is neither a year (2026) nor a quarter (2025Q4)");
        }
        int year = Integer.parseInt(m.group(1));
        int quarter = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        if (quarter == 0 && year < FIRST_DEFINITIVE_YEAR) {
            throw new IllegalArgumentException("period " + year + ": before 2026 CBAM reports are quarterly; use e.g. "
                    + year + "Q4");
        }
        if (quarter != 0 && year >= FIRST_DEFINITIVE_YEAR) {
            throw new IllegalArgumentException("period " + text.strip() + ": from 2026 on the CBAM declaration is annual; use "
                    + year);
        }
        if (quarter != 0 && (year < 2023 || (year == 2023 && quarter < 4))) {
            throw new IllegalArgumentException("period " + text.strip() + ": CBAM reporting began with 2023Q4");
        }
        if (year > 2100) {
            throw new IllegalArgumentException("period " + year + " is not a plausible reporting year");
        }
        return new ReportingPeriod(year, quarter);
    }

    /** True for a year of the definitive period, false for a transitional quarter. */
    public boolean definitive() {
        return quarter == 0;
    }

    public LocalDate firstDay() {
        return quarter == 0 ? LocalDate.of(year, 1, 1) : LocalDate.of(year, quarter * 3 - 2, 1);
    }

    public LocalDate lastDay() {
        LocalDate lastMonth = quarter == 0 ? LocalDate.of(year, 12, 1) : LocalDate.of(year, quarter * 3, 1);
        return lastMonth.withDayOfMonth(lastMonth.lengthOfMonth());
    }

    /** True when an import on {@code date} belongs to this period. */
    public boolean contains(LocalDate date) {
        return !date.isBefore(firstDay()) && !date.isAfter(lastDay());
    }

    /** {@code 2026} or {@code 2025Q4}. */
    public String label() {
        return quarter == 0 ? Integer.toString(year) : year + "Q" + quarter;
    }

    @Override
    public String toString() {
        return label();
    }
}
