package dev.cbam.qreport;

/**
 * A postal address as the quarterly report writes it (the schema's AddressType); optional parts are
 * {@code null}.
 *
 * @param country ISO 3166-1 alpha-2 code
 * @param subDivision region or province, or {@code null}
 * @param city city (required by the schema)
 * @param street street, or {@code null}
 * @param number house number, or {@code null}
 * @param postcode postcode, or {@code null}
 */
public record Address(String country, String subDivision, String city, String street, String number, String postcode) {

    /** An address of which only country and city are known. */
    public static Address of(String country, String city) {
        return new Address(country, null, city, null, null, null);
    }
}
