package dev.cbam.report.validation;

/** How much a rule result matters: an error makes the report unfit to file, a warning needs a look, info states a fact. */
public enum Severity {
    ERROR,
    WARNING,
    INFO
}
