package dev.cbam.job;

import dev.cbam.reference.Country;
import dev.cbam.reference.CountryTable;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.Importer;
import dev.cbam.report.ReportingPeriod;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
        RUN_OPTIONS.put("--installations CSV", "actual emissions of installations (see README)");
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

    private static final Set<String> FLAGS = Set.of("--no-web-ui", "--savepoint");

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

        return new JobOptions(shipments, period,
                new Importer(eori, blankToNull(o.get("--importer-name")), importerCountry),
                blankToNull(o.get("--declarant-name")), blankToNull(o.get("--declarant-position")), installations,
                referenceDir, outputDir, database, parallelism, mode, runId, webUiPort, checkpointing, fromSavepoint,
                watch, duration(o, "--watch-interval", "5s"), intOption(o, "--restart-attempts", 10, 0, 1000),
                intOption(o, "--max-rows-per-second", 0, 0, Integer.MAX_VALUE));
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
