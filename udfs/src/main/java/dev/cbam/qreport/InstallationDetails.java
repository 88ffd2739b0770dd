package dev.cbam.qreport;

/**
 * What the report says about an installation whose actual emissions it uses, beyond the id the shipments
 * name: the schema's Installation block needs a name and a city, which the installations file does not hold.
 *
 * @param installationId the id the shipments and the installations file use (at most 20 characters)
 * @param name the installation's name
 * @param address where the installation is
 * @param economicActivity its economic activity, or {@code null}
 */
public record InstallationDetails(String installationId, String name, Address address, String economicActivity) {}
