package dev.cbam.reference;

import java.util.Locale;

/**
 * The six CBAM goods sectors of Annex I of Regulation (EU) 2023/956, with the Annex II rule on which
 * emissions count in the definitive period.
 */
public enum Sector {
    CEMENT("cement", false),
    ELECTRICITY("electricity", false),
    FERTILISERS("fertilisers", false),
    // Annex II of Reg (EU) 2023/956: only direct emissions are taken into account for these goods.
    IRON_STEEL("iron_steel", true),
    ALUMINIUM("aluminium", true),
    HYDROGEN("hydrogen", true);

    private final String id;
    private final boolean directOnly;

    Sector(String id, boolean directOnly) {
        this.id = id;
        this.directOnly = directOnly;
    }

    /** The sector's identifier in the reference data and the reports ({@code iron_steel}, ...). */
    public String id() {
        return id;
    }

    /** True for goods listed in Annex II: in the definitive period only their direct emissions count. */
    public boolean directEmissionsOnly() {
        return directOnly;
    }

    /** Resolves the names used in the reference files: {@code iron_steel}, {@code Iron and steel}, {@code Iron & Steel}. */
    public static Sector fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("&", "and").replace(' ', '_');
        switch (n) {
            case "cement":
                return CEMENT;
            case "electricity":
                return ELECTRICITY;
            case "fertilisers":
            case "fertilizers":
                return FERTILISERS;
            case "iron_steel":
            case "iron_and_steel":
                return IRON_STEEL;
            case "aluminium":
            case "aluminum":
                return ALUMINIUM;
            case "hydrogen":
                return HYDROGEN;
            default:
                throw new IllegalArgumentException("Unknown CBAM sector: " + name);
        }
    }
}
