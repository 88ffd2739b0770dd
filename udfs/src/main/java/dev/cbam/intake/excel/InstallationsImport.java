package dev.cbam.intake.excel;

import dev.cbam.reference.CnScope;
import dev.cbam.reference.CountryTable;
import dev.cbam.reference.InstallationEmissions;
import dev.cbam.reference.InstallationFileException;
import dev.cbam.reference.ReferenceData;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the Communication Templates that suppliers sent into the importer's installations CSV (what
 * {@code bin/cbam installations FILE.xlsx|DIR ... [--output installations.csv] [--verified]} does).
 *
 * <p>Every workbook is read on its own: one that cannot be read, or has any problem, contributes no row and its
 * problems are listed, and the others are still imported. Two workbooks that give different values for the same
 * installation, CN code and days are both refused (which one is current cannot be told); the same values twice
 * (a template sent twice) are imported once.
 *
 * <p>The CSV has the columns of the installations file ({@code installation_id, operator_name, country,
 * cn_code, see_direct, see_indirect, verified, valid_from, valid_to}) followed by {@code installation_name,
 * unlocode, default_share, electricity_source, template_version, source}, which the installations reader ignores
 * and which let a person trace each value to its cell. {@code operator_name} is empty: version 2 of the template
 * has no field for it.
 */
public final class InstallationsImport {

    /** The exit status when every workbook was imported. */
    public static final int OK = 0;
    /** The exit status when a workbook was refused (the CSV holds the others) or none was imported. */
    public static final int SOME_REFUSED = 1;
    /** The exit status when an input does not exist or a folder holds no workbook. */
    public static final int BAD_INPUT = 2;

    public static final List<String> CSV_COLUMNS = List.of("installation_id", "operator_name", "country", "cn_code",
            "see_direct", "see_indirect", "verified", "valid_from", "valid_to", "installation_name", "unlocode",
            "default_share", "electricity_source", "template_version", "source");

    private final CommunicationTemplateReader reader;

    public InstallationsImport(CountryTable countries, CnScope scope) {
        this.reader = new CommunicationTemplateReader(countries, scope);
    }

    public InstallationsImport(ReferenceData reference) {
        this(reference.countries(), reference.scope());
    }

    /**
     * The outcome of an import.
     *
     * @param csv the installations CSV (header and one line per product), {@code null} when no workbook was
     *     imported or an input was missing
     * @param messages what to print, one line each: a line per workbook read, every problem, a closing count
     * @param exitStatus {@link #OK}, {@link #SOME_REFUSED} or {@link #BAD_INPUT}
     * @param installations the installations imported
     */
    public record Result(String csv, List<String> messages, int exitStatus, List<CommunicatedInstallation> installations) {
        public Result {
            messages = List.copyOf(messages);
            installations = List.copyOf(installations);
        }

        /** Writes the CSV (UTF-8) when there is one; returns whether it wrote. */
        public boolean write(Path output) throws IOException {
            if (csv == null) {
                return false;
            }
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(output, csv, StandardCharsets.UTF_8);
            return true;
        }
    }

    /**
     * Imports the templates given: files (whatever their name) and folders (the {@code .xlsx} and {@code .xlsm}
     * files in them and below, in name order; names starting with {@code .}, {@code _} or Excel's lock-file
     * prefix {@code ~$} are skipped).
     *
     * @param verified whether the importer holds verification reports for these values (sets {@code verified})
     */
    public Result run(List<String> inputs, boolean verified) throws IOException {
        List<String> messages = new ArrayList<>();
        Map<String, Path> files = new LinkedHashMap<>();
        boolean badInput = inputs.isEmpty();
        if (inputs.isEmpty()) {
            messages.add("no template given");
        }
        for (String input : inputs) {
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                List<Path> inside = workbooksIn(path);
                if (inside.isEmpty()) {
                    messages.add(input + ": no .xlsx file in this folder");
                    badInput = true;
                }
                for (Path p : inside) {
                    String shown = (input.endsWith("/") ? input : input + "/") + path.relativize(p).toString().replace('\\', '/');
                    files.putIfAbsent(shown, p);
                }
            } else if (Files.isRegularFile(path)) {
                files.putIfAbsent(input, path);
            } else {
                messages.add(input + ": no such file or folder");
                badInput = true;
            }
        }
        if (badInput) {
            return new Result(null, messages, BAD_INPUT, List.of());
        }
        List<CommunicationTemplateReader.Reading> readings = new ArrayList<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            readings.add(reader.read(file.getValue(), file.getKey()));
        }
        return combine(readings, verified, messages);
    }

    /** Imports templates already read (for callers that hold the bytes rather than files). */
    public Result combine(List<CommunicationTemplateReader.Reading> readings, boolean verified) {
        return combine(readings, verified, new ArrayList<>());
    }

    private Result combine(List<CommunicationTemplateReader.Reading> readings, boolean verified, List<String> messages) {
        List<CommunicatedInstallation> read = new ArrayList<>();
        Set<String> refused = new LinkedHashSet<>();
        for (CommunicationTemplateReader.Reading reading : readings) {
            if (reading.ok()) {
                read.add(reading.installation());
            } else {
                for (TemplateProblem problem : reading.problems()) {
                    messages.add(problem.toString());
                }
                refused.add(reading.file());
            }
        }
        List<CommunicatedInstallation> imported = withoutConflicts(read, refused, messages);
        for (CommunicatedInstallation i : imported) {
            messages.add(i.sourceFile() + ": installation " + i.installationId() + " (" + i.country() + "), template "
                    + i.version().label() + ", reporting period " + i.periodStart() + " to " + i.periodEnd() + ": "
                    + i.products().size() + " product" + (i.products().size() == 1 ? "" : "s"));
        }
        for (String file : refused) {
            messages.add(file + ": refused, nothing imported from it");
        }
        int rows = imported.stream().mapToInt(i -> i.products().size()).sum();
        messages.add(readings.size() + " template" + (readings.size() == 1 ? "" : "s") + ": " + imported.size()
                + " imported (" + rows + " rows), " + refused.size() + " refused");
        String csv = imported.isEmpty() ? null : csv(imported, verified);
        int status = refused.isEmpty() && !imported.isEmpty() ? OK : SOME_REFUSED;
        return new Result(csv, messages, status, imported);
    }

    /**
     * Leaves out both workbooks of a conflict: the same installation and CN code on overlapping days with other
     * values. The same values twice are kept once (the later file is dropped, with a message).
     */
    private static List<CommunicatedInstallation> withoutConflicts(List<CommunicatedInstallation> read,
            Set<String> refused, List<String> messages) {
        Set<String> conflicting = new LinkedHashSet<>();
        Set<String> duplicate = new LinkedHashSet<>();
        for (int i = 0; i < read.size(); i++) {
            for (int j = i + 1; j < read.size(); j++) {
                CommunicatedInstallation a = read.get(i);
                CommunicatedInstallation b = read.get(j);
                if (!a.installationId().equalsIgnoreCase(b.installationId()) || a.periodEnd().isBefore(b.periodStart())
                        || b.periodEnd().isBefore(a.periodStart())) {
                    continue;
                }
                if (sameValues(a, b)) {
                    messages.add(b.sourceFile() + ": the same values as " + a.sourceFile() + " (installation "
                            + a.installationId() + "): read once");
                    duplicate.add(b.sourceFile());
                    continue;
                }
                List<String> shared = new ArrayList<>();
                List<String> differing = new ArrayList<>();
                for (CommunicatedProduct pa : a.products()) {
                    for (CommunicatedProduct pb : b.products()) {
                        if (pa.cnCode().equals(pb.cnCode())) {
                            shared.add(pa.cnCode());
                            if (pa.seeDirect().compareTo(pb.seeDirect()) != 0 || !sameIndirect(pa, pb)) {
                                differing.add(pa.cnCode());
                            }
                        }
                    }
                }
                if (!shared.isEmpty()) {
                    messages.add(b.sourceFile() + ": installation " + b.installationId() + ": other values than "
                            + a.sourceFile() + " for overlapping reporting periods (CN "
                            + String.join(", ", differing.isEmpty() ? shared : differing) + "); remove the outdated template");
                    conflicting.add(a.sourceFile());
                    conflicting.add(b.sourceFile());
                }
            }
        }
        refused.addAll(conflicting);
        List<CommunicatedInstallation> kept = new ArrayList<>();
        for (CommunicatedInstallation i : read) {
            if (!conflicting.contains(i.sourceFile()) && !duplicate.contains(i.sourceFile())) {
                kept.add(i);
            }
        }
        return kept;
    }

    private static boolean sameIndirect(CommunicatedProduct a, CommunicatedProduct b) {
        BigDecimal x = a.seeIndirect() == null ? BigDecimal.ZERO : a.seeIndirect();
        BigDecimal y = b.seeIndirect() == null ? BigDecimal.ZERO : b.seeIndirect();
        return x.compareTo(y) == 0;
    }

    private static boolean sameValues(CommunicatedInstallation a, CommunicatedInstallation b) {
        return a.periodStart().equals(b.periodStart()) && a.periodEnd().equals(b.periodEnd())
                && a.emissions(false).stream().map(InstallationsImport::valueKey).sorted().toList()
                        .equals(b.emissions(false).stream().map(InstallationsImport::valueKey).sorted().toList());
    }

    private static String valueKey(InstallationEmissions e) {
        return e.cnCode() + "|" + e.seeDirect().stripTrailingZeros().toPlainString() + "|"
                + e.seeIndirect().stripTrailingZeros().toPlainString();
    }

    /** The installations CSV of the installations, sorted by installation id, CN code and first day. */
    static String csv(List<CommunicatedInstallation> installations, boolean verified) {
        List<String[]> lines = new ArrayList<>();
        for (CommunicatedInstallation i : installations) {
            for (CommunicatedProduct p : i.products()) {
                lines.add(new String[] {
                    i.installationId(), "", i.country(), p.cnCode(), p.seeDirect().toPlainString(),
                    p.seeIndirect() == null ? "" : p.seeIndirect().toPlainString(), Boolean.toString(verified),
                    i.periodStart().toString(), i.periodEnd().toString(), i.name(), i.unlocode(),
                    p.defaultShare() == null ? "" : p.defaultShare().toPlainString(), p.electricitySource(),
                    i.version().label(), i.sourceFile() + "!" + CommunicationTemplateReader.SUMMARY + "!F" + p.row()
                });
            }
        }
        lines.sort(Comparator.<String[], String>comparing(l -> l[0].toUpperCase(Locale.ROOT))
                .thenComparing(l -> l[3]).thenComparing(l -> l[7]));
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (String[] line : lines) {
            for (int f = 0; f < line.length; f++) {
                csv.append(f == 0 ? "" : ",").append(quote(line[f]));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String quote(String field) {
        // The installations reader reads one physical line per row: line breaks in a name become spaces.
        String f = field.replaceAll("[\\r\\n]+", " ");
        if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf(';') >= 0) {
            return '"' + f.replace("\"", "\"\"") + '"';
        }
        return f;
    }

    private static List<Path> workbooksIn(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(p -> isWorkbookName(folder, p)).sorted().toList();
        }
    }

    private static boolean isWorkbookName(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            String n = part.toString();
            if (n.startsWith(".") || n.startsWith("_") || n.startsWith("~$")) {
                return false;
            }
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".xlsx") || name.endsWith(".xlsm");
    }

    /**
     * The installation values of one template, for the installations table of a run that is given a template
     * instead of a CSV. Such values are unverified (an importer states verification with
     * {@code cbam installations --verified}).
     *
     * @throws InstallationFileException listing every problem of the template
     */
    public static List<InstallationEmissions> readTemplate(String fileName, InputStream in, CountryTable countries,
            CnScope scope) throws IOException {
        CommunicationTemplateReader.Reading reading = new CommunicationTemplateReader(countries, scope).read(fileName, in);
        if (!reading.ok()) {
            List<String> problems = new ArrayList<>();
            for (TemplateProblem p : reading.problems()) {
                problems.add(p.sheet() == null ? p.message() : p.sheet() + (p.cell() == null ? "" : "!" + p.cell()) + ": " + p.message());
            }
            throw new InstallationFileException(fileName + ": " + problems.size() + " problem(s): " + String.join("; ", problems));
        }
        return reading.installation().emissions(false);
    }
}
