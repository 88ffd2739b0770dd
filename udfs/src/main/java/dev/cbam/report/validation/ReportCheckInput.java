package dev.cbam.report.validation;

import dev.cbam.declaration.DeMinimis;
import dev.cbam.report.ReportDocument;
import dev.cbam.report.ReportTotals;

import java.math.BigDecimal;

/**
 * Everything the report rules look at.
 *
 * @param report the report
 * @param statedTotals the totals as the outputs state them (as written to {@code report.json} or the database)
 * @param accepted the job's own count of the accepted shipments
 * @param deMinimis the de minimis decision the declaration states, or {@code null} when none is stated
 * @param statedDefaultValueShare the share of embedded emissions from default values the outputs state, in
 *     percent with two decimals, or {@code null} when not stated
 */
public record ReportCheckInput(ReportDocument report, ReportTotals statedTotals, AcceptedShipments accepted,
        DeMinimis deMinimis, BigDecimal statedDefaultValueShare) {}
