package dev.cbam.emissions;

/** How the embedded emissions of a good were determined (Article 7 of Regulation (EU) 2023/956). */
public enum EmissionMethod {
    /** Actual emissions of the producing installation, as communicated by its operator. */
    ACTUAL,
    /** Default values of Implementing Regulation (EU) 2025/2621 (with the year's mark-up). */
    DEFAULT
}
