package dev.cbam.job.files;

import dev.cbam.job.InputFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shipment files of a run that watches a folder. When it starts, such a run knows none of the files it
 * will read; its provenance must still name every file its figures come from, as a run over the same files
 * given with {@code --shipments} would. Before each rendering of the report files, the files that have given
 * rows (accepted or rejected) are added to the run's provenance, named and ordered as {@link InputFiles} names
 * and orders the files of a folder.
 *
 * <p>A file's SHA-256 is taken the first time it is recorded and kept from then on: Flink's file source reads
 * a path once, so a file changed later changes nothing in the figures and must not change their provenance.
 * A file that gave no row at all (an empty file) contributes nothing and is not listed.
 */
public final class WatchedFolderInputs {

    private WatchedFolderInputs() {}

    /** Records in {@code cbam_runs.provenance} the shipment files of {@code folder} that the run has read. */
    public static void record(Connection c, String runId, String folder) throws SQLException {
        String text = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT provenance::text FROM cbam_runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    text = rs.getString(1);
                }
            }
        }
        if (text == null) {
            return; // a run recorded before provenance was kept
        }
        RunProvenance provenance = RunProvenance.fromJson(text);
        RunProvenance updated = withFilesRead(provenance, folder, filesRead(c, runId));
        if (updated.equals(provenance)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE cbam_runs SET provenance = ?::jsonb WHERE run_id = ?")) {
            ps.setString(1, updated.toJsonText());
            ps.setString(2, runId);
            ps.executeUpdate();
        }
    }

    /**
     * The provenance with its shipment files replaced by {@code filesRead} (names as the job shows them):
     * those already listed keep their entry, the others are hashed now; files of other folders, and the
     * installations file, stay as they were.
     */
    static RunProvenance withFilesRead(RunProvenance provenance, String folder, Set<String> filesRead) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Map<String, RunProvenance.InputFile> known = new HashMap<>();
        List<RunProvenance.InputFile> others = new ArrayList<>();
        for (RunProvenance.InputFile f : provenance.inputFiles()) {
            if (f.role().equals("shipments") && f.path().startsWith(prefix)) {
                known.put(f.path(), f);
            } else {
                others.add(f);
            }
        }
        Path root = Path.of(folder);
        List<Path> paths = new ArrayList<>();
        Map<Path, String> names = new HashMap<>();
        for (String name : filesRead) {
            if (name.startsWith(prefix)) {
                Path p = root.resolve(name.substring(prefix.length()));
                paths.add(p);
                names.put(p, name);
            }
        }
        // The order of InputFiles for a folder: its files as paths, sorted.
        paths.sort(null);
        List<RunProvenance.InputFile> inputs = new ArrayList<>();
        for (Path p : paths) {
            String name = names.get(p);
            RunProvenance.InputFile entry = known.get(name);
            if (entry == null) {
                if (!Files.isRegularFile(p)) {
                    continue; // removed since it was read; its rows still name it
                }
                InputFiles.InputFile f = InputFiles.describe(name, p);
                entry = new RunProvenance.InputFile(name, "shipments", f.sha256(), f.bytes());
            }
            inputs.add(entry);
        }
        // Shipment files first, as a run over the folder lists them; the installations file after them.
        List<RunProvenance.InputFile> all = new ArrayList<>();
        for (RunProvenance.InputFile f : others) {
            if (f.role().equals("shipments")) {
                all.add(f);
            }
        }
        all.addAll(inputs);
        for (RunProvenance.InputFile f : others) {
            if (!f.role().equals("shipments")) {
                all.add(f);
            }
        }
        return new RunProvenance(provenance.tool(), all, provenance.referenceData(), provenance.parameters());
    }

    private static Set<String> filesRead(Connection c, String runId) throws SQLException {
        Set<String> files = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT source_file FROM cbam_shipment_emissions WHERE run_id = ? "
                + "UNION SELECT DISTINCT source_file FROM cbam_rejects WHERE run_id = ?")) {
            ps.setString(1, runId);
            ps.setString(2, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        }
        return files;
    }
}
