package dev.cbam.generate;

import dev.cbam.reference.CnNomenclature;
import dev.cbam.reference.Country;
import dev.cbam.reference.DefaultValueTable;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportingPeriod;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates realistic shipment files of any size, deterministically from a seed: CN codes and countries
 * drawn from the shipped reference data with a skewed (Zipf) distribution, as in real imports where a few
 * codes and countries carry most shipments; dates spread over the period; installations with actual
 * emissions for a share of rows; and a given fraction of bad rows covering every reject reason.
 *
 * <p>Usage: {@code datasets/generate --rows N --out DIR [--files K] [--period 2026] [--seed S]
 * [--bad-fraction 0.01] [--installation-share 0.1]}. Writes {@code DIR/shipments-NN.csv} and
 * {@code DIR/installations.csv}.
 */
public final class ShipmentGenerator {

    /** How the sectors share the rows of a typical importer's year. */
    private static final Map<Sector, Double> SECTOR_SHARE = new EnumMap<>(Map.of(
            Sector.IRON_STEEL, 0.62, Sector.ALUMINIUM, 0.14, Sector.FERTILISERS, 0.11, Sector.CEMENT, 0.10,
            Sector.HYDROGEN, 0.02, Sector.ELECTRICITY, 0.01));
    private static final String[] ELECTRICITY_ORIGINS = {"UA", "RS", "MA", "TR", "BA", "MK", "ME", "AL", "GE"};
    private static final String[] BAD_KINDS = {"MALFORMED_ROW", "MISSING_FIELD", "BAD_CN_CODE", "CN_NOT_IN_SCOPE",
        "BAD_COUNTRY", "EU_ORIGIN", "ORIGIN_OUTSIDE_SCOPE", "BAD_DATE", "OUT_OF_PERIOD", "BAD_QUANTITY", "DECIMAL_COMMA",
        "ELECTRICITY_WITHOUT_MWH", "BAD_VARIANT", "NO_DEFAULT_VALUE", "UNKNOWN_INSTALLATION", "DUPLICATE_SHIPMENT_ID"};
    static final String HEADER = "shipment_id,import_date,cn_code,origin_country,net_mass_kg,quantity_mwh,installation_id,product_variant,customs_procedure";

    private final SplittableRandom random;
    private final ReportingPeriod period;
    private final double badFraction;
    private final double installationShare;
    private final Map<Sector, List<String>> codesBySector = new EnumMap<>(Sector.class);
    private final List<String> origins = new ArrayList<>();
    private final List<String[]> installations = new ArrayList<>();
    private final int periodDays;
    private long lastGoodId = -1;

    public ShipmentGenerator(ReferenceData reference, ReportingPeriod period, long seed, double badFraction,
            double installationShare) {
        this.random = new SplittableRandom(seed);
        this.period = period;
        this.badFraction = badFraction;
        this.installationShare = installationShare;
        this.periodDays = (int) (period.lastDay().toEpochDay() - period.firstDay().toEpochDay()) + 1;
        DefaultValueTable defaults = reference.defaultValues();
        for (CnNomenclature.Entry entry : reference.nomenclature().all().values()) {
            if (entry.sector() == Sector.ELECTRICITY || defaults.resolve(entry.cnCode(), "CN", null).value() != null) {
                codesBySector.computeIfAbsent(entry.sector(), s -> new ArrayList<>()).add(entry.cnCode());
            }
        }
        codesBySector.values().forEach(this::shuffle);
        for (Country country : reference.countries().all()) {
            if (country.status() == Country.Status.THIRD_COUNTRY && reference.defaultValues().resolve("72081000", country.code(), null)
                    .value() != null) {
                origins.add(country.code());
            }
        }
        // The biggest steel, aluminium and fertiliser exporters to the EU first: the head of the Zipf draw.
        for (String big : new String[] {"TR", "IN", "CN", "UA", "KR", "EG", "VN", "TW", "RU", "BR"}) {
            origins.remove(big);
        }
        shuffle(origins);
        origins.addAll(0, List.of("TR", "IN", "CN", "UA", "KR", "EG", "VN", "TW", "RU", "BR"));
        for (int i = 0; i < 40; i++) {
            Sector sector = i % 4 == 0 ? Sector.ALUMINIUM : Sector.IRON_STEEL;
            List<String> codes = codesBySector.get(sector);
            String cn = codes.get(zipf(codes.size(), 1.1));
            String origin = origins.get(zipf(Math.min(10, origins.size()), 1.0));
            installations.add(new String[] {"INST-" + origin + "-" + (100 + i), cn, origin});
        }
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    /** An index in [0, n) with probability proportional to 1 / (i + 1)^s. */
    private int zipf(int n, double s) {
        // Inverse-CDF sampling on the continuous approximation: fast and good enough for skew.
        double u = random.nextDouble();
        double x;
        if (Math.abs(s - 1.0) < 1e-9) {
            x = Math.exp(u * Math.log(n + 1.0)) - 1.0;
        } else {
            double a = 1.0 - s;
            x = Math.pow(u * (Math.pow(n + 1.0, a) - 1.0) + 1.0, 1.0 / a) - 1.0;
        }
        int i = (int) x;
        return Math.min(Math.max(i, 0), n - 1);
    }

    private Sector sector() {
        double u = random.nextDouble();
        double acc = 0;
        for (Map.Entry<Sector, Double> e : SECTOR_SHARE.entrySet()) {
            acc += e.getValue();
            if (u < acc) {
                return e.getKey();
            }
        }
        return Sector.IRON_STEEL;
    }

    /** Appends one row (without line break) for shipment number {@code id}. */
    void row(StringBuilder out, long id) {
        if (random.nextDouble() < badFraction) {
            badRow(out, id, BAD_KINDS[random.nextInt(BAD_KINDS.length)]);
            return;
        }
        lastGoodId = id;
        String date = LocalDate.ofEpochDay(period.firstDay().toEpochDay() + random.nextInt(periodDays)).toString();
        if (random.nextDouble() < installationShare) {
            String[] inst = installations.get(zipf(installations.size(), 1.0));
            goodRow(out, id, date, inst[1], inst[2], inst[0], "");
            return;
        }
        Sector sector = sector();
        List<String> codes = codesBySector.get(sector);
        String cn = codes.get(zipf(codes.size(), 1.2));
        String origin = sector == Sector.ELECTRICITY
                ? ELECTRICITY_ORIGINS[zipf(ELECTRICITY_ORIGINS.length, 1.0)]
                : origins.get(zipf(origins.size(), 1.3));
        String variant = (cn.equals("25231000") || cn.equals("25239000")) ? (random.nextBoolean() ? "grey" : "white") : "";
        goodRow(out, id, date, cn, origin, "", variant);
    }

    private void goodRow(StringBuilder out, long id, String date, String cn, String origin, String installation, String variant) {
        out.append('S').append(id).append(',').append(date).append(',').append(cn).append(',').append(origin).append(',');
        if (cn.equals("27160000")) {
            out.append(',').append(50 + random.nextInt(20_000)).append('.').append(random.nextInt(10));
        } else {
            long kg = 100 + (long) (Math.exp(random.nextDouble() * 6.5) * 40);
            out.append(kg);
            if (random.nextInt(4) == 0) {
                out.append('.').append(random.nextInt(10));
            }
            out.append(',');
        }
        out.append(',').append(installation).append(',').append(variant).append(',').append(random.nextInt(10) == 0 ? "42" : "40");
    }

    private void badRow(StringBuilder out, long id, String kind) {
        String date = period.firstDay().plusDays(random.nextInt(periodDays)).toString();
        switch (kind) {
            case "MALFORMED_ROW" -> out.append('S').append(id).append(',').append(date).append(",72081000,CN,1000,,,,40,extra");
            case "MISSING_FIELD" -> out.append('S').append(id).append(",,72081000,CN,1000,,,,40");
            case "BAD_CN_CODE" -> out.append('S').append(id).append(',').append(date).append(",720810,CN,1000,,,,40");
            case "CN_NOT_IN_SCOPE" -> out.append('S').append(id).append(',').append(date).append(",72044900,TR,1000,,,,40");
            case "BAD_COUNTRY" -> out.append('S').append(id).append(',').append(date).append(",72081000,China,1000,,,,40");
            case "EU_ORIGIN" -> out.append('S').append(id).append(',').append(date).append(",72081000,DE,1000,,,,40");
            case "ORIGIN_OUTSIDE_SCOPE" -> out.append('S').append(id).append(',').append(date).append(",76011090,NO,1000,,,,40");
            case "BAD_DATE" -> out.append('S').append(id).append(",31/12/").append(period.year()).append(",72081000,CN,1000,,,,40");
            case "OUT_OF_PERIOD" -> out.append('S').append(id).append(',').append(period.firstDay().minusDays(1))
                    .append(",72081000,CN,1000,,,,40");
            case "BAD_QUANTITY" -> out.append('S').append(id).append(',').append(date).append(",72081000,CN,-5,,,,40");
            case "DECIMAL_COMMA" -> out.append('S').append(id).append(',').append(date).append(",72081000,CN,\"12,5\",,,,40");
            case "ELECTRICITY_WITHOUT_MWH" -> out.append('S').append(id).append(',').append(date).append(",27160000,UA,1000,,,,40");
            case "BAD_VARIANT" -> out.append('S').append(id).append(',').append(date).append(",25231000,TR,1000,,,beige,40");
            case "NO_DEFAULT_VALUE" -> out.append('S').append(id).append(',').append(date).append(",31021000,RU,1000,,,,40");
            case "UNKNOWN_INSTALLATION" -> out.append('S').append(id).append(',').append(date).append(",72081000,TR,1000,,NOPE-1,,40");
            default -> out.append('S').append(lastGoodId < 0 ? id : lastGoodId).append(',').append(date)
                    .append(",72081000,CN,1000,,,,40"); // DUPLICATE_SHIPMENT_ID (of the last good row)
        }
    }

    /** The installations file that goes with the generated shipments (verified actual values). */
    void writeInstallations(Writer out) throws IOException {
        out.write("installation_id,operator_name,country,cn_code,see_direct,see_indirect,verified,valid_from,valid_to\n");
        for (String[] inst : installations) {
            int d = 80 + random.nextInt(200);
            out.write(inst[0] + ",Generated operator " + inst[0] + "," + inst[2] + "," + inst[1] + ",1." + d + ",0." + (d / 10)
                    + ",true," + period.firstDay() + "," + period.lastDay() + "\n");
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--rows") || !o.containsKey("--out")) {
            System.err.println("usage: generate --rows N --out DIR [--files K] [--period 2026] [--seed S] "
                    + "[--bad-fraction 0.01] [--installation-share 0.1] [--reference-dir DIR]");
            System.exit(2);
        }
        long rows = Long.parseLong(o.get("--rows"));
        int files = Integer.parseInt(o.getOrDefault("--files", "1"));
        Path dir = Path.of(o.get("--out"));
        ReferenceData reference = o.containsKey("--reference-dir")
                ? ReferenceData.fromDirectory(Path.of(o.get("--reference-dir")))
                : ReferenceData.fromClasspath();
        ShipmentGenerator generator = new ShipmentGenerator(reference, ReportingPeriod.parse(o.getOrDefault("--period", "2026")),
                Long.parseLong(o.getOrDefault("--seed", "2026")), Double.parseDouble(o.getOrDefault("--bad-fraction", "0.01")),
                Double.parseDouble(o.getOrDefault("--installation-share", "0.1")));
        generator.write(dir, rows, files);
        System.out.println("wrote " + rows + " shipments in " + files + " file(s) and installations.csv to " + dir);
    }

    /** Writes {@code rows} rows into {@code files} files {@code shipments-NN.csv} and the installations file. */
    public void write(Path dir, long rows, int files) throws IOException {
        Files.createDirectories(dir);
        long perFile = (rows + files - 1) / files;
        long id = 0;
        StringBuilder line = new StringBuilder(128);
        for (int f = 0; f < files; f++) {
            Path file = dir.resolve(String.format("shipments-%02d.csv", f + 1));
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                for (long r = 0; r < perFile && id < rows; r++, id++) {
                    line.setLength(0);
                    row(line, id);
                    line.append('\n');
                    out.append(line);
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("installations.csv"), StandardCharsets.UTF_8)) {
            writeInstallations(out);
        }
    }
}
