package dev.cbam.job.files;

import dev.cbam.declaration.DeclarationReferenceData;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference data a run's files are rendered with: the files of the run's reference folder, or those inside
 * the jar when the folder is not there (a {@code cbam finish} on another machine), and in either case exactly
 * the files the run read — each file's SHA-256 must be the one its provenance states, so a report rendered
 * again never rests on other reference data than its figures.
 *
 * @param data the reference data of the pipeline
 * @param declaration the CBAM factors and certificate prices (definitive period), or {@code null}
 */
record RunReference(ReferenceData data, DeclarationReferenceData declaration) {

    static RunReference load(RunRecord run) throws IOException {
        Path dir = run.referenceDir() == null ? null : Path.of(run.referenceDir());
        boolean inFolder = dir != null && Files.isDirectory(dir);
        ReferenceData data = inFolder ? ReferenceData.fromDirectory(dir) : ReferenceData.fromClasspath();
        DeclarationReferenceData declaration = !run.period().definitive() ? null
                : inFolder ? DeclarationReferenceData.fromDirectory(dir) : DeclarationReferenceData.fromClasspath();
        if (run.provenance() != null) {
            Map<String, String> read = new HashMap<>(declaration == null ? Map.of() : declaration.sha256());
            for (ReferenceDataset dataset : ReferenceDataset.values()) {
                read.put(dataset.fileName(), data.sha256().get(dataset));
            }
            for (RunProvenance.ReferenceFile file : run.provenance().referenceData()) {
                String now = read.get(file.file());
                if (now != null && !now.equals(file.sha256())) {
                    throw new IllegalStateException("reference data " + file.file() + " in "
                            + (inFolder ? dir.toString() : "the jar") + " is not the file the run read (SHA-256 " + now
                            + ", the run's " + file.sha256() + "); render the run with the reference data it used");
                }
            }
        }
        return new RunReference(data, declaration);
    }
}
