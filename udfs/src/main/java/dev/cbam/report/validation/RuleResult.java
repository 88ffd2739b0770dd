package dev.cbam.report.validation;

/**
 * The outcome of one report rule.
 *
 * @param rule the rule's stable id (a {@link ReportRule} name)
 * @param severity {@link Severity#INFO} when the rule holds
 * @param message what was found, one line
 */
public record RuleResult(String rule, Severity severity, String message) {

    static RuleResult of(ReportRule rule, Severity severity, String message) {
        return new RuleResult(rule.name(), severity, message);
    }
}
