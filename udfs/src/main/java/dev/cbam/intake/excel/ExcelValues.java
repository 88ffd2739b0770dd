package dev.cbam.intake.excel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;

/**
 * How the numbers and dates stored in a workbook's XML become exact values, without going through
 * {@code double}.
 *
 * <p>Excel keeps every number as a binary double and writes it with up to 17 significant digits: a typed
 * {@code 0.915} is stored as {@code 0.91500000000000004}, {@code =0.915+0.396} as {@code 1.3109999999999999}.
 * Only 15 of those digits mean anything to Excel — it shows, compares and computes with 15 — so the stored
 * text is rounded, as a decimal, to 15 significant digits: exactly what the user typed or what Excel shows,
 * and never a different number for a value that has 15 digits or fewer.
 */
public final class ExcelValues {

    /** The precision of an Excel number. */
    public static final MathContext EXCEL_PRECISION = new MathContext(15, RoundingMode.HALF_EVEN);

    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** 9999-12-31, the last date Excel can hold. */
    private static final long MAX_SERIAL = 2_958_465L;
    private static final LocalDate EPOCH_1900 = LocalDate.of(1899, 12, 30);
    private static final LocalDate EPOCH_1904 = LocalDate.of(1904, 1, 1);

    private ExcelValues() {}

    /**
     * The decimal a number cell's stored text stands for: rounded to 15 significant digits, without trailing
     * zeros, never in exponent form when written with {@link BigDecimal#toPlainString()}.
     *
     * @throws NumberFormatException when the text is not a number
     */
    public static BigDecimal decimal(String stored) {
        BigDecimal value = new BigDecimal(stored.strip());
        if (value.precision() > EXCEL_PRECISION.getPrecision()) {
            value = value.round(EXCEL_PRECISION);
        }
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        value = value.stripTrailingZeros();
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /**
     * The day an Excel date serial stands for (a time of day is dropped), or {@code null} when the serial is
     * no date: negative, zero, beyond 9999, or 60 in the 1900 system (Excel's 29 February 1900, a day that
     * never was).
     *
     * @param date1904 whether the workbook counts days from 1904 (old Mac workbooks) instead of 1900
     */
    public static LocalDate date(BigDecimal serial, boolean date1904) {
        // Round to the millisecond first, as Excel does, so 45678.99999999999 is midnight of the next day.
        long millis = serial.multiply(BigDecimal.valueOf(MILLIS_PER_DAY)).setScale(0, RoundingMode.HALF_UP)
                .min(BigDecimal.valueOf(MAX_SERIAL * MILLIS_PER_DAY * 2)).longValue();
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        if (days > MAX_SERIAL) {
            return null;
        }
        if (date1904) {
            return days < 0 ? null : EPOCH_1904.plusDays(days);
        }
        if (days < 1 || days == 60) {
            return null;
        }
        // Excel counts a 29 February 1900 (serial 60), so serials before it are one day later than a count
        // from 30 December 1899 would say.
        return days < 60 ? EPOCH_1900.plusDays(days + 1) : EPOCH_1900.plusDays(days);
    }
}
