package dev.cbam.intake.excel;

import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

import java.util.HashMap;
import java.util.Map;

/**
 * Which cell styles of a workbook show numbers as dates: Excel stores a date as a day number and only its
 * number format says it is a date.
 */
final class DateStyles {

    private final StylesTable styles;
    private final Map<Integer, Boolean> isDate = new HashMap<>();

    /** @param styles the workbook's styles, or {@code null} for a workbook without any */
    DateStyles(StylesTable styles) {
        this.styles = styles;
    }

    boolean isDate(int styleIndex) {
        if (styles == null || styleIndex < 0) {
            return false;
        }
        return isDate.computeIfAbsent(styleIndex, this::lookUp);
    }

    private boolean lookUp(int styleIndex) {
        if (styleIndex >= styles.getNumCellStyles()) {
            return false;
        }
        try {
            XSSFCellStyle style = styles.getStyleAt(styleIndex);
            return style != null && DateUtil.isADateFormat(style.getDataFormat(), style.getDataFormatString());
        } catch (RuntimeException e) {
            // A damaged style table: show the number as a number rather than guess a date.
            return false;
        }
    }
}
