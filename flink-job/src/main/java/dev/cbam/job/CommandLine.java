package dev.cbam.job;

import dev.cbam.declaration.CarbonPriceDeductionsFile;
import dev.cbam.reference.Country;
import dev.cbam.reference.CountryTable;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.Importer;
import dev.cbam.report.ReportingPeriod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses the arguments of {@code cbam run} into {@link JobOptions}, checking everything that can be checked
 * before a job starts. Every problem is a {@link UsageException} with a one-line message.
 */
public final class CommandLine {

    /** The options of {@code cbam run}, with their help text. */
    static final Map<String, String> RUN_OPTIONS = new LinkedHashMap<>();

    static {
        RUN_OPTIONS.put("--shipments PATH[,PATH...]", "shipment files (CSV, JSON Lines) or folders of them (required unless --watch)");
        RUN_OPTIONS.put("--watch DIR", "keep reading new shipment files dropped into DIR (streaming; stop with cbam stop --savepoint)");
        RUN_OPTIONS.put("--watch-interval DURATION", "how often the watched folder is listed (default 5s)");
        RUN_OPTIONS.put("--period 2026|2025Q4", "reporting period: a year from 2026, or a quarter 2023Q4..2025Q4 (required)");
        RUN_OPTIONS.put("--importer-eori EORI", "EORI number of the importer, e.g. NL123456789 (required)");
        RUN_OPTIONS.put("--importer-name NAME", "importer's name");
        RUN_OPTIONS.put("--importer-country CC", "ISO code of the importer's EU Member State");
        RUN_OPTIONS.put("--declarant-name NAME", "person signing the report");
        RUN_OPTIONS.put("--declarant-position TEXT", "position of the person signing");
        RUN_OPTIONS.put("--importer-city CITY", "importer's city (transitional quarter: required for qreport.xml)");
        RUN_OPTIONS.put("--signature-place PLACE", "where the report is signed (transitional quarter: required for qreport.xml)");
        RUN_OPTIONS.put("--representative-eori EORI", "indirect customs representative who reports for the importer (qreport.xml role 02); needs the three options below and --importer-country");
        RUN_OPTIONS.put("--representative-name NAME", "the representative's name");
        RUN_OPTIONS.put("--representative-city CITY", "the representative's city");
        RUN_OPTIONS.put("--representative-country CC", "ISO code of the representative's EU Member State");
        RUN_OPTIONS.put("--installations CSV", "actual emissions of installations (see README)");
        RUN_OPTIONS.put("--cscf DECIMAL", "cross-sectoral correction factor of the free allocation adjustment, 0 to 1 (definitive period; default 1)");
        RUN_OPTIONS.put("--ets-price EUR", "certificate price for quarters without a published one (definitive period; default: reported as unpriced)");
        RUN_OPTIONS.put("--carbon-price-deductions CSV", "carbon prices paid in third countries, Art 9: installation_id,cn_code,tco2e_per_unit,evidence (definitive period; see README)");
        RUN_OPTIONS.put("--output-dir DIR", "where report.json, summary.md, rejects.csv and the embedded database go (default: output)");
        RUN_OPTIONS.put("--jdbc-url URL", "PostgreSQL to write to, e.g. jdbc:postgresql://host:5432/cbam (default: embedded PostgreSQL; env CBAM_JDBC_URL)");
        RUN_OPTIONS.put("--jdbc-user USER", "database user (env CBAM_JDBC_USER)");
        RUN_OPTIONS.put("--jdbc-password PASSWORD", "database password (env CBAM_JDBC_PASSWORD; prefer the variable)");
        RUN_OPTIONS.put("--parallelism N", "parallel task slots (default: number of CPU cores)");
        RUN_OPTIONS.put("--mode batch|streaming", "execution mode (default: batch); both give identical results");
        RUN_OPTIONS.put("--reference-dir DIR", "official reference data (default: datasets/reference, env CBAM_REFERENCE_DIR)");
        RUN_OPTIONS.put("--run-id ID", "identifier of the run in the database; rerunning an id replaces its rows (default: PERIOD-EORI-TIMESTAMP)");
        RUN_OPTIONS.put("--web-ui-port N", "port of the local Flink web UI and REST API (default: 8081, 0 for any free port)");
        RUN_OPTIONS.put("--no-web-ui", "run without the local Flink web UI");
        RUN_OPTIONS.put("--metrics-port N", "port of the local Prometheus metrics endpoint on 127.0.0.1 (default: 9249, 0 for any free port)");
        RUN_OPTIONS.put("--no-metrics", "run without the local Prometheus metrics endpoint");
        RUN_OPTIONS.put("--checkpoint-interval DURATION", "streaming: time between checkpoints (default 10s)");
        RUN_OPTIONS.put("--checkpoint-timeout DURATION", "streaming: abandon a checkpoint after this long (default 10m)");
        RUN_OPTIONS.put("--checkpoint-dir DIR", "streaming: where checkpoints go (default OUTPUT_DIR/checkpoints)");
        RUN_OPTIONS.put("--savepoint-dir DIR", "streaming: default folder of savepoints (default OUTPUT_DIR/savepoints)");
        RUN_OPTIONS.put("--state-backend rocksdb|hashmap", "streaming: keyed state on local disk (rocksdb, default: memory stays bounded) or on the heap (hashmap, faster for small runs)");
        RUN_OPTIONS.put("--checkpoint-retention retain|delete", "keep the last checkpoint when the job is cancelled (default retain)");
        RUN_OPTIONS.put("--restart-attempts N", "streaming: restarts from the last checkpoint before the run fails (default 10)");
        RUN_OPTIONS.put("--max-rows-per-second N", "limit the intake rate, e.g. to spare a shared database (default: no limit)");
        RUN_OPTIONS.put("--from-savepoint PATH", "resume a stopped streaming run (same --run-id) from a savepoint or retained checkpoint");
    }

    private static final Set<String> FLAGS = Set.of("--no-web-ui", "--no-metrics", "--savepoint");

    private CommandLine() {}

    /** Parses {@code --name value} and {@code --name=value} pairs; rejects unknown and repeated options. */
    static Map<String, String> parseOptions(List<String> args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return values;
    }

    static Set<String> optionNames(Map<String, String> options) {
        Set<String> names = new java.util.HashSet<>();
        for (String usage : options.keySet()) {
            names.add(usage.split(" ")[0]);
        }
        return names;
    }

    /** The options of a {@code cbam run} command line, checked. */
    public static JobOptions parseRun(List<String> args, Map<String, String> env) {
        Map<String, String> o = parseOptions(args, optionNames(RUN_OPTIONS));
        List<String> shipments = new ArrayList<>();
        Path watch = null;
        if (o.containsKey("--watch")) {
            if (o.containsKey("--shipments")) {
                throw new UsageException("--watch and --shipments exclude each other (put the files into the watched folder)");
            }
            watch = Path.of(o.get("--watch"));
            if (!Files.isDirectory(watch)) {
                throw new UsageException("--watch " + watch + " is not a folder");
            }
        }
        for (String path : (watch != null ? "" : required(o, "--shipments")).split(",")) {
            if (path.isBlank()) {
                continue;
            }
            Path p = Path.of(path.strip());
            if (!Files.exists(p)) {
                throw new UsageException("shipment file not found: " + path.strip());
            }
            if (!Files.isReadable(p)) {
                throw new UsageException("shipment file not readable: " + path.strip());
            }
            shipments.add(path.strip());
        }
        if (shipments.isEmpty() && watch == null) {
            throw new UsageException("--shipments names no file");
        }

        ReportingPeriod period;
        try {
            period = ReportingPeriod.parse(required(o, "--period"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }

        String eori = required(o, "--importer-eori").strip().toUpperCase(Locale.ROOT);
        if (!JobOptions.EORI.matcher(eori).matches()) {
            throw new UsageException("--importer-eori '" + o.get("--importer-eori")
                    + "' is not an EORI number (two letters, then up to 15 letters or digits)");
        }

        Path referenceDir = Path.of(o.getOrDefault("--reference-dir", env.getOrDefault("CBAM_REFERENCE_DIR", "datasets/reference")));
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            if (!Files.isRegularFile(referenceDir.resolve(dataset.fileName()))) {
                throw new UsageException("reference data not found: " + referenceDir.resolve(dataset.fileName())
                        + " (pass --reference-dir)");
            }
        }

        String importerCountry = o.get("--importer-country");
        if (importerCountry != null) {
            Country country = countries(referenceDir).byCode(importerCountry.strip());
            if (country == null || country.status() != Country.Status.EU_MEMBER_STATE) {
                throw new UsageException("--importer-country '" + importerCountry + "' is not the ISO code of an EU Member State");
            }
            importerCountry = country.code();
        }

        String installations = o.get("--installations");
        if (installations != null && !Files.isRegularFile(Path.of(installations))) {
            throw new UsageException("installations file not found: " + installations);
        }

        JobOptions.Database database = null;
        String url = o.getOrDefault("--jdbc-url", env.get("CBAM_JDBC_URL"));
        if (url != null && !url.isBlank()) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new UsageException("--jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
            }
            String user = o.getOrDefault("--jdbc-user", env.get("CBAM_JDBC_USER"));
            if (user == null || user.isBlank()) {
                throw new UsageException("--jdbc-url needs --jdbc-user (or CBAM_JDBC_USER)");
            }
            database = new JobOptions.Database(url, user, o.getOrDefault("--jdbc-password", env.getOrDefault("CBAM_JDBC_PASSWORD", "")));
        } else if (o.containsKey("--jdbc-user") || o.containsKey("--jdbc-password")) {
            throw new UsageException("--jdbc-user and --jdbc-password need --jdbc-url");
        }

        int parallelism = intOption(o, "--parallelism", Runtime.getRuntime().availableProcessors(), 1, 1024);
        JobOptions.Mode mode;
        String modeText = o.getOrDefault("--mode", "batch");
        try {
            mode = JobOptions.Mode.valueOf(modeText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode must be batch or streaming, not '" + modeText + "'");
        }

        String fromSavepoint = o.get("--from-savepoint");
        if (watch != null && !o.containsKey("--mode")) {
            mode = JobOptions.Mode.STREAMING;
        }
        if (mode == JobOptions.Mode.BATCH && watch != null) {
            throw new UsageException("--watch needs --mode streaming");
        }
        if (mode == JobOptions.Mode.BATCH && fromSavepoint != null) {
            throw new UsageException("--from-savepoint needs --mode streaming (batch runs have no savepoints)");
        }
        if (fromSavepoint != null && !o.containsKey("--run-id")) {
            throw new UsageException("--from-savepoint needs the --run-id of the stopped run");
        }

        String runId = o.get("--run-id");
        if (runId == null) {
            runId = period.label() + "-" + eori + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        } else if (!runId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new UsageException("--run-id may only hold letters, digits, '.', '_' and '-' (at most 100)");
        }

        int webUiPort = o.containsKey("--no-web-ui") ? -1 : intOption(o, "--web-ui-port", 8081, 0, 65535);
        if (o.containsKey("--no-web-ui") && o.containsKey("--web-ui-port")) {
            throw new UsageException("--no-web-ui and --web-ui-port exclude each other");
        }
        int metricsPort = o.containsKey("--no-metrics") ? -1 : intOption(o, "--metrics-port", 9249, 0, 65535);
        if (o.containsKey("--no-metrics") && o.containsKey("--metrics-port")) {
            throw new UsageException("--no-metrics and --metrics-port exclude each other");
        }

        Path outputDir = Path.of(o.getOrDefault("--output-dir", "output"));
        String backendText = o.getOrDefault("--state-backend", "rocksdb");
        JobOptions.StateBackend backend;
        try {
            backend = JobOptions.StateBackend.valueOf(backendText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--state-backend must be hashmap or rocksdb, not '" + backendText + "'");
        }
        String retention = o.getOrDefault("--checkpoint-retention", "retain");
        if (!retention.equals("retain") && !retention.equals("delete")) {
            throw new UsageException("--checkpoint-retention must be retain or delete, not '" + retention + "'");
        }
        JobOptions.Checkpointing checkpointing = new JobOptions.Checkpointing(
                duration(o, "--checkpoint-interval", "10s"), duration(o, "--checkpoint-timeout", "10m"),
                Path.of(o.getOrDefault("--checkpoint-dir", outputDir.resolve("checkpoints").toString())),
                Path.of(o.getOrDefault("--savepoint-dir", outputDir.resolve("savepoints").toString())),
                backend, retention.equals("retain"));

        JobOptions.DeclarationSettings declaration = declarationSettings(o, period);
        JobOptions.QReportParties qreport = qreportParties(o, period, eori, referenceDir);

        return new JobOptions(shipments, period,
                new Importer(eori, blankToNull(o.get("--importer-name")), importerCountry),
                blankToNull(o.get("--declarant-name")), blankToNull(o.get("--declarant-position")), installations,
                referenceDir, outputDir, database, parallelism, mode, runId, webUiPort, metricsPort, checkpointing, fromSavepoint,
                watch, duration(o, "--watch-interval", "5s"), intOption(o, "--restart-attempts", 10, 0, 1000),
                intOption(o, "--max-rows-per-second", 0, 0, Integer.MAX_VALUE), declaration, qreport);
    }

    private static final List<String> DECLARATION_OPTIONS = List.of("--cscf", "--ets-price", "--carbon-price-deductions");
    private static final List<String> QREPORT_OPTIONS = List.of("--importer-city", "--signature-place", "--representative-eori",
            "--representative-name", "--representative-city", "--representative-country");

    /** The declaration's parameters: only for a year of the definitive period. */
    private static JobOptions.DeclarationSettings declarationSettings(Map<String, String> o, ReportingPeriod period) {
        if (!period.definitive()) {
            for (String name : DECLARATION_OPTIONS) {
                if (o.containsKey(name)) {
                    throw new UsageException(name + " is a parameter of the annual declaration (periods from 2026), not of "
                            + "the quarterly report of " + period.label());
                }
            }
            return new JobOptions.DeclarationSettings(BigDecimal.ONE, null, null);
        }
        BigDecimal cscf = decimal(o, "--cscf", "a number from 0 to 1, e.g. 0.9", BigDecimal.ONE);
        if (cscf.signum() < 0 || cscf.compareTo(BigDecimal.ONE) > 0) {
            throw new UsageException("--cscf must be from 0 to 1, not " + o.get("--cscf"));
        }
        BigDecimal etsPrice = decimal(o, "--ets-price", "an amount in euro per certificate, e.g. 80.50", null);
        if (etsPrice != null && (etsPrice.signum() <= 0 || etsPrice.compareTo(MAX_ETS_PRICE) > 0)) {
            throw new UsageException("--ets-price must be more than 0 and at most " + MAX_ETS_PRICE + " euro, not " + o.get("--ets-price"));
        }
        String deductions = o.get("--carbon-price-deductions");
        if (deductions != null) {
            Path file = Path.of(deductions);
            if (!Files.isRegularFile(file)) {
                throw new UsageException("carbon price deductions file not found: " + deductions);
            }
            try (InputStream in = Files.newInputStream(file)) {
                CarbonPriceDeductionsFile.read(deductions, in);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return new JobOptions.DeclarationSettings(cscf.stripTrailingZeros(), etsPrice, deductions);
    }

    /** A sanity bound: EU ETS prices have stayed far below it; a larger figure is a typing error (cents, or a missing point). */
    private static final BigDecimal MAX_ETS_PRICE = new BigDecimal("10000");

    private static BigDecimal decimal(Map<String, String> o, String name, String what, BigDecimal defaultValue) {
        String text = o.get(name);
        if (text == null) {
            return defaultValue;
        }
        if (!text.strip().matches("\\d{1,9}(\\.\\d{1,12})?")) {
            throw new UsageException(name + " must be " + what + " (decimal point, no grouping), not '" + text + "'");
        }
        return new BigDecimal(text.strip());
    }

    /**
     * The QReport's parties: only for a transitional quarter, which needs them all, since the schema requires
     * the reporting declarant's name and city and the signature block.
     */
    private static JobOptions.QReportParties qreportParties(Map<String, String> o, ReportingPeriod period, String eori,
            Path referenceDir) {
        if (period.definitive()) {
            for (String name : QREPORT_OPTIONS) {
                if (o.containsKey(name)) {
                    throw new UsageException(name + " is for the quarterly report of a transitional quarter (2023Q4 to "
                            + "2025Q4), not for the annual declaration of " + period.label());
                }
            }
            return new JobOptions.QReportParties(null, null, null);
        }
        List<String> missing = new ArrayList<>();
        for (String name : List.of("--importer-name", "--importer-city", "--declarant-name", "--declarant-position",
                "--signature-place")) {
            if (blankToNull(o.get(name)) == null) {
                missing.add(name);
            }
        }
        boolean representative = o.containsKey("--representative-eori") || o.containsKey("--representative-name")
                || o.containsKey("--representative-city") || o.containsKey("--representative-country");
        if (representative) {
            for (String name : List.of("--representative-eori", "--representative-name", "--representative-city",
                    "--representative-country", "--importer-country")) {
                if (blankToNull(o.get(name)) == null) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("the quarterly report (qreport.xml) of " + period.label() + " needs "
                    + String.join(", ", missing) + (representative ? " (a representative reports for the importer, who is "
                    + "then named with its country)" : ""));
        }
        // The schema's lengths (an..70 names, an..35 cities, an..128 signature fields), checked before the job runs.
        maxLength(o, "--importer-name", 70);
        maxLength(o, "--importer-city", 35);
        maxLength(o, "--declarant-name", 128);
        maxLength(o, "--declarant-position", 128);
        maxLength(o, "--signature-place", 128);
        JobOptions.Representative rep = null;
        if (representative) {
            String repEori = o.get("--representative-eori").strip().toUpperCase(Locale.ROOT);
            if (!JobOptions.EORI.matcher(repEori).matches()) {
                throw new UsageException("--representative-eori '" + o.get("--representative-eori")
                        + "' is not an EORI number (two letters, then up to 15 letters or digits)");
            }
            if (repEori.equals(eori)) {
                throw new UsageException("--representative-eori is the importer's EORI " + eori + "; the registry refuses a "
                        + "representative with the importer's number (leave the representative out when the importer reports)");
            }
            maxLength(o, "--representative-name", 70);
            maxLength(o, "--representative-city", 35);
            Country country = countries(referenceDir).byCode(o.get("--representative-country").strip());
            if (country == null || country.status() != Country.Status.EU_MEMBER_STATE) {
                throw new UsageException("--representative-country '" + o.get("--representative-country")
                        + "' is not the ISO code of an EU Member State");
            }
            rep = new JobOptions.Representative(repEori, o.get("--representative-name").strip(),
                    o.get("--representative-city").strip(), country.code());
        }
        return new JobOptions.QReportParties(o.get("--importer-city").strip(), o.get("--signature-place").strip(), rep);
    }

    private static void maxLength(Map<String, String> o, String name, int max) {
        String value = o.get(name);
        if (value != null && value.strip().length() > max) {
            throw new UsageException(name + " has " + value.strip().length() + " characters; the QReport allows " + max);
        }
    }

    /** A duration written {@code 500ms}, {@code 10s}, {@code 5m} or {@code 1h}. */
    static Duration duration(Map<String, String> o, String name, String defaultValue) {
        String text = o.getOrDefault(name, defaultValue).strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(text);
        if (!m.matches()) {
            throw new UsageException(name + " must be a duration like 500ms, 10s, 5m or 1h, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero()) {
            throw new UsageException(name + " must be positive");
        }
        return d;
    }

    private static CountryTable countries(Path referenceDir) {
        try (InputStream in = Files.newInputStream(referenceDir.resolve(ReferenceDataset.COUNTRIES.fileName()))) {
            return CountryTable.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing " + name);
        }
        return value;
    }

    static int intOption(Map<String, String> o, String name, int defaultValue, int min, int max) {
        String text = o.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                throw new UsageException(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number, not '" + text + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
