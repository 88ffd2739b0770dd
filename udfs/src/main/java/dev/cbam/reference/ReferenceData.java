package dev.cbam.reference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * All official reference data of a run, loaded once into immutable lookup tables, with the SHA-256 of each
 * file it was read from (for the report's provenance).
 */
public final class ReferenceData {

    private static final String CLASSPATH_FOLDER = "/cbam/reference/";

    private final CountryTable countries;
    private final CnScope scope;
    private final CnNomenclature nomenclature;
    private final DefaultValueTable defaultValues;
    private final BenchmarkTable benchmarks;
    private final EmissionFactorTable gridFactors;
    private final EmissionFactorTable electricityFactors;
    private final Map<ReferenceDataset, String> sha256;

    private ReferenceData(Map<ReferenceDataset, byte[]> files) throws IOException {
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            if (!files.containsKey(dataset)) {
                throw new IOException("reference data: " + dataset.fileName() + " is missing");
            }
        }
        this.countries = CountryTable.read(in(files, ReferenceDataset.COUNTRIES));
        this.scope = CnScope.read(in(files, ReferenceDataset.CN_SCOPE));
        this.nomenclature = CnNomenclature.read(in(files, ReferenceDataset.CN_CODES));
        this.defaultValues = DefaultValueTable.read(in(files, ReferenceDataset.DEFAULT_VALUES), countries);
        this.benchmarks = BenchmarkTable.read(in(files, ReferenceDataset.BENCHMARKS));
        this.gridFactors = EmissionFactorTable.read("grid factors", in(files, ReferenceDataset.GRID_FACTORS), countries);
        this.electricityFactors = EmissionFactorTable.read("electricity factors",
                in(files, ReferenceDataset.ELECTRICITY_FACTORS), countries);
        Map<ReferenceDataset, String> hashes = new EnumMap<>(ReferenceDataset.class);
        files.forEach((dataset, bytes) -> hashes.put(dataset, sha256(bytes)));
        this.sha256 = Collections.unmodifiableMap(hashes);
    }

    /** Loads the reference data from the file contents, keyed by dataset. */
    public static ReferenceData fromFiles(Map<ReferenceDataset, byte[]> files) throws IOException {
        return new ReferenceData(files);
    }

    /** Loads the reference data from a folder holding the {@link ReferenceDataset} files. */
    public static ReferenceData fromDirectory(Path directory) throws IOException {
        Map<ReferenceDataset, byte[]> files = new EnumMap<>(ReferenceDataset.class);
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            Path file = directory.resolve(dataset.fileName());
            if (!Files.isRegularFile(file)) {
                throw new IOException("reference data: " + file + " not found");
            }
            files.put(dataset, Files.readAllBytes(file));
        }
        return new ReferenceData(files);
    }

    /** Loads the reference data shipped inside the jar (a copy of {@code datasets/reference/}). */
    public static ReferenceData fromClasspath() throws IOException {
        return new ReferenceData(classpathFiles());
    }

    /** The bytes of the reference files shipped inside the jar. */
    public static Map<ReferenceDataset, byte[]> classpathFiles() throws IOException {
        Map<ReferenceDataset, byte[]> files = new EnumMap<>(ReferenceDataset.class);
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            try (InputStream in = ReferenceData.class.getResourceAsStream(CLASSPATH_FOLDER + dataset.fileName())) {
                if (in == null) {
                    throw new IOException("reference data: " + dataset.fileName() + " not on the classpath");
                }
                files.put(dataset, in.readAllBytes());
            }
        }
        return files;
    }

    /** Reads one reference file from the classpath; for the tables that validation needs before anything else. */
    public static InputStream classpathStream(ReferenceDataset dataset) throws IOException {
        InputStream in = ReferenceData.class.getResourceAsStream(CLASSPATH_FOLDER + dataset.fileName());
        if (in == null) {
            throw new IOException("reference data: " + dataset.fileName() + " not on the classpath");
        }
        return in;
    }

    private static InputStream in(Map<ReferenceDataset, byte[]> files, ReferenceDataset dataset) {
        return new ByteArrayInputStream(files.get(dataset));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 not available", e));
        }
    }

    public CountryTable countries() {
        return countries;
    }

    public CnScope scope() {
        return scope;
    }

    public CnNomenclature nomenclature() {
        return nomenclature;
    }

    public DefaultValueTable defaultValues() {
        return defaultValues;
    }

    public BenchmarkTable benchmarks() {
        return benchmarks;
    }

    public EmissionFactorTable gridFactors() {
        return gridFactors;
    }

    public EmissionFactorTable electricityFactors() {
        return electricityFactors;
    }

    /** SHA-256 (hex) of each file the data was read from. */
    public Map<ReferenceDataset, String> sha256() {
        return sha256;
    }
}
