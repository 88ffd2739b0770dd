package dev.cbam.reference;

import java.util.Locale;

/**
 * The grey and white variants that the default-value table distinguishes for cement clinker (CN 25231000)
 * and other hydraulic cements (CN 25239000); they also select the benchmark route, (A) grey and (B) white.
 */
public enum ProductVariant {
    GREY,
    WHITE;

    /** Reads {@code grey}, {@code gray} or {@code white}, any case, also as the first word ("grey clinker"); else {@code null}. */
    public static ProductVariant parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        int space = t.indexOf(' ');
        String first = space < 0 ? t : t.substring(0, space);
        switch (first) {
            case "grey":
            case "gray":
                return GREY;
            case "white":
                return WHITE;
            default:
                return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
