package dev.cbam.qreport;

/**
 * The importer or the indirect customs representative named in a quarterly report.
 *
 * @param identificationNumber EORI number
 * @param name name (at most 70 characters)
 * @param address postal address
 */
public record Party(String identificationNumber, String name, Address address) {}
