package dev.cbam.reference;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The CBAM benchmarks of Implementing Regulation (EU) 2025/2620, per CN code and production route. */
public final class BenchmarkTable {

    private final Map<String, List<Benchmark>> byCnCode;

    private BenchmarkTable(Map<String, List<Benchmark>> byCnCode) {
        this.byCnCode = byCnCode;
    }

    /** Reads {@code benchmarks_IR2025-2620.csv}. */
    public static BenchmarkTable read(InputStream in) throws IOException {
        ReferenceCsv csv = ReferenceCsv.read("benchmarks", in, "sector", "cn_code", "description",
                "cola_bmg_tco2e_per_t", "cola_route", "colb_bmg_tco2e_per_t", "colb_route");
        Map<String, List<Benchmark>> byCnCode = new HashMap<>();
        for (ReferenceCsv.Row row : csv.rows()) {
            String cn = row.get("cn_code");
            if (!CnCode.isNormalised(cn)) {
                throw row.error("bad CN code " + cn);
            }
            Sector.fromName(row.get("sector"));
            Benchmark benchmark = new Benchmark(cn, row.get("description"),
                    number(row, "cola_bmg_tco2e_per_t"), route(row.get("cola_route")),
                    number(row, "colb_bmg_tco2e_per_t"), route(row.get("colb_route")));
            byCnCode.computeIfAbsent(cn, k -> new ArrayList<>()).add(benchmark);
        }
        Map<String, List<Benchmark>> frozen = new HashMap<>();
        byCnCode.forEach((cn, list) -> frozen.put(cn, List.copyOf(list)));
        return new BenchmarkTable(Collections.unmodifiableMap(frozen));
    }

    private static BigDecimal number(ReferenceCsv.Row row, String column) throws IOException {
        try {
            BigDecimal value = new BigDecimal(row.get(column));
            if (value.signum() < 0) {
                throw row.error("negative benchmark");
            }
            return value;
        } catch (NumberFormatException e) {
            throw row.error(column + " is not a number: " + row.get(column));
        }
    }

    private static String route(String text) {
        return text.replace('\u00a0', ' ').strip();
    }

    /** The benchmarks of a CN code (several when they depend on the production route); empty when none. */
    public List<Benchmark> forCnCode(String cnCode) {
        return byCnCode.getOrDefault(cnCode, List.of());
    }

    public int size() {
        return byCnCode.values().stream().mapToInt(List::size).sum();
    }
}
