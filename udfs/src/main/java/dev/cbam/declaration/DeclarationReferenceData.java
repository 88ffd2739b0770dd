package dev.cbam.declaration;

import dev.cbam.reference.ReferenceData;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference tables only the annual declaration needs, the CBAM factors and the certificate prices, with
 * the SHA-256 of each file for the run's provenance.
 *
 * <p>They are loaded apart from {@link ReferenceData} on purpose: that one is broadcast to every enrichment
 * subtask and read per shipment, while these two are read once, when the declaration is written at the end of
 * a run; keeping them out of {@code ReferenceDataset} leaves the job's reference source and its tests as they
 * are. The files sit in the same folder, {@code datasets/reference/}, and inside the jar.
 */
public final class DeclarationReferenceData {

    private static final String CLASSPATH_FOLDER = "/cbam/reference/";

    private final CbamFactorTable cbamFactors;
    private final CertificatePriceTable prices;
    private final Map<String, String> sha256;

    private DeclarationReferenceData(byte[] factors, byte[] prices) throws IOException {
        this.cbamFactors = CbamFactorTable.read(new ByteArrayInputStream(factors));
        this.prices = CertificatePriceTable.read(new ByteArrayInputStream(prices));
        Map<String, String> hashes = new TreeMap<>();
        hashes.put(CbamFactorTable.FILE_NAME, ReferenceData.sha256(factors));
        hashes.put(CertificatePriceTable.FILE_NAME, ReferenceData.sha256(prices));
        this.sha256 = Collections.unmodifiableMap(hashes);
    }

    /** The tables shipped inside the jar. */
    public static DeclarationReferenceData fromClasspath() throws IOException {
        return new DeclarationReferenceData(classpath(CbamFactorTable.FILE_NAME), classpath(CertificatePriceTable.FILE_NAME));
    }

    /** The tables of a reference folder (the job's {@code --reference-dir}). */
    public static DeclarationReferenceData fromDirectory(Path directory) throws IOException {
        return new DeclarationReferenceData(Files.readAllBytes(directory.resolve(CbamFactorTable.FILE_NAME)),
                Files.readAllBytes(directory.resolve(CertificatePriceTable.FILE_NAME)));
    }

    private static byte[] classpath(String fileName) throws IOException {
        try (InputStream in = DeclarationReferenceData.class.getResourceAsStream(CLASSPATH_FOLDER + fileName)) {
            if (in == null) {
                throw new IOException("reference data: " + fileName + " not on the classpath");
            }
            return in.readAllBytes();
        }
    }

    public CbamFactorTable cbamFactors() {
        return cbamFactors;
    }

    public CertificatePriceTable prices() {
        return prices;
    }

    /** SHA-256 (hex) by file name. */
    public Map<String, String> sha256() {
        return sha256;
    }
}
