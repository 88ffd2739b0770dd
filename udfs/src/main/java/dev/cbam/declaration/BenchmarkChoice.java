package dev.cbam.declaration;

import dev.cbam.emissions.EmissionMethod;
import dev.cbam.reference.Benchmark;
import dev.cbam.reference.BenchmarkTable;
import dev.cbam.reference.Sector;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CBAM benchmark of IR (EU) 2025/2620 that the free allocation adjustment of a line uses: column B with
 * default values, of the production route of the default value's row where the CN code has several (IR (EU)
 * 2025/2621, Annex I, introduction); column A with actual data (Commission Q&A 3.8 and 3.9).
 *
 * <p>Where the route cannot be determined (actual data, whose route the run does not know; a default value
 * naming two routes, {@code (C)/(F)}; routes numbered {@code (1)}, {@code (2)} that the default values never
 * name) the lowest of the candidate benchmarks is taken: the smallest adjustment, so that certificates are
 * never understated. The line then carries {@link DeclarationNote#ROUTE_UNDETERMINED}.
 *
 * @param column {@code A}, {@code B}, or {@code ""} when no benchmark applies
 * @param route the benchmark row's route mark, e.g. {@code (C)}; {@code ""} when route-independent or none
 * @param value the benchmark, tCO2e per tonne; zero when none applies
 * @param notes why this benchmark (or none); empty in the plain case
 */
public record BenchmarkChoice(String column, String route, BigDecimal value, List<DeclarationNote> notes) {

    private static final Pattern ROUTE_LETTER = Pattern.compile("\\(([A-Z])\\)");

    public BenchmarkChoice {
        notes = List.copyOf(notes);
    }

    /**
     * Chooses the benchmark of a good.
     *
     * @param defaultValueRoute the route mark of the default value's row ({@code (C)}, {@code (C)/(F)}, {@code ""});
     *     ignored for actual data
     */
    public static BenchmarkChoice choose(BenchmarkTable benchmarks, String cnCode, Sector sector, EmissionMethod method,
            String defaultValueRoute) {
        if (sector == Sector.ELECTRICITY) {
            return new BenchmarkChoice("", "", BigDecimal.ZERO, List.of(DeclarationNote.NO_FREE_ALLOCATION_ELECTRICITY));
        }
        List<Benchmark> rows = benchmarks.forCnCode(cnCode);
        if (rows.isEmpty()) {
            return new BenchmarkChoice("", "", BigDecimal.ZERO, List.of(DeclarationNote.NO_BENCHMARK));
        }
        boolean actual = method == EmissionMethod.ACTUAL;
        List<DeclarationNote> notes = new ArrayList<>();
        List<Benchmark> candidates = rows;
        if (!actual && rows.size() > 1) {
            List<Benchmark> matching = new ArrayList<>();
            for (Benchmark b : rows) {
                if (matches(defaultValueRoute, b.routeB())) {
                    matching.add(b);
                }
            }
            if (!matching.isEmpty()) {
                candidates = matching;
            }
        }
        Benchmark chosen = candidates.get(0);
        for (Benchmark b : candidates) {
            if (value(b, actual).compareTo(value(chosen, actual)) < 0) {
                chosen = b;
            }
        }
        if (candidates.size() > 1) {
            notes.add(DeclarationNote.ROUTE_UNDETERMINED);
        } else if (!actual && rows.size() == 1 && !letters(defaultValueRoute).isEmpty() && !letters(chosen.routeB()).isEmpty()
                && !matches(defaultValueRoute, chosen.routeB())) {
            notes.add(DeclarationNote.ROUTE_NOT_IN_BENCHMARKS);
        }
        if (actual && chosen.columnA().compareTo(chosen.columnB()) < 0) {
            notes.add(DeclarationNote.ACTUAL_PRECURSORS_NOT_INCLUDED);
        }
        return actual ? new BenchmarkChoice("A", chosen.routeA(), chosen.columnA(), notes)
                : new BenchmarkChoice("B", chosen.routeB(), chosen.columnB(), notes);
    }

    private static BigDecimal value(Benchmark b, boolean actual) {
        return actual ? b.columnA() : b.columnB();
    }

    /** The route letters of a mark: {@code (C)/(F)} gives {@code CF}, {@code (F)(1)} gives {@code F}, {@code (1)} none. */
    static String letters(String mark) {
        StringBuilder letters = new StringBuilder();
        if (mark != null) {
            Matcher m = ROUTE_LETTER.matcher(mark);
            while (m.find()) {
                letters.append(m.group(1));
            }
        }
        return letters.toString();
    }

    private static boolean matches(String defaultValueRoute, String benchmarkRoute) {
        String wanted = letters(defaultValueRoute);
        String offered = letters(benchmarkRoute);
        for (int i = 0; i < offered.length(); i++) {
            if (wanted.indexOf(offered.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
