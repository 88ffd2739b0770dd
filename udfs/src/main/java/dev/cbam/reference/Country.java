package dev.cbam.reference;

/**
 * A country or territory of origin by its ISO 3166-1 alpha-2 code, and what CBAM makes of goods from it.
 *
 * @param code ISO 3166-1 alpha-2 code ({@code XK} for Kosovo, as EU customs use)
 * @param name English short name
 * @param status whether goods originating there are CBAM imports
 */
public record Country(String code, String name, Status status) {

    /** What CBAM makes of goods originating in a country. */
    public enum Status {
        /** A third country: its goods are CBAM imports. */
        THIRD_COUNTRY,
        /** An EU Member State: its goods are not imports. */
        EU_MEMBER_STATE,
        /** Annex III of Reg (EU) 2023/956 (Iceland, Liechtenstein, Norway, Switzerland): outside CBAM. */
        OUTSIDE_CBAM
    }
}
