package dev.cbam.reference;

import java.math.BigDecimal;

/**
 * A CBAM benchmark of Implementing Regulation (EU) 2025/2620 for one CN code and production route:
 * column A (the production process only, used with actual emissions) and column B (including precursors,
 * used with default values), in tCO2e per tonne.
 *
 * @param cnCode eight-digit CN code
 * @param description the regulation's description of the good
 * @param columnA benchmark for use with actual data
 * @param routeA production-route mark of column A, e.g. {@code (C)}; empty when route-independent
 * @param columnB benchmark for use with default values
 * @param routeB production-route mark of column B
 */
public record Benchmark(String cnCode, String description, BigDecimal columnA, String routeA, BigDecimal columnB,
        String routeB) {}
