package dev.cbam.job.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cbam.declaration.CarbonPriceDeduction;
import dev.cbam.declaration.CarbonPriceDeductionsFile;
import dev.cbam.declaration.CbamFactorTable;
import dev.cbam.declaration.CertificatePriceTable;
import dev.cbam.declaration.DeclarationParameters;
import dev.cbam.declaration.DeclarationReferenceData;
import dev.cbam.job.InputFiles;
import dev.cbam.job.JobOptions;
import dev.cbam.job.UsageException;
import dev.cbam.qreport.Address;
import dev.cbam.qreport.Party;
import dev.cbam.qreport.QReportHeader;
import dev.cbam.qreport.QReportSchema;
import dev.cbam.reference.ReferenceData;
import dev.cbam.reference.ReferenceDataset;
import dev.cbam.report.Importer;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where a run's figures come from: the tool (version and git commit of the build), every input file and every
 * reference data file with its SHA-256, and the parameters the outputs depend on. Stated at the end of
 * {@code report.json} and kept in {@code cbam_runs.provenance}, from which the report files are rendered again.
 *
 * <p>Nothing in it depends on how or when the job ran (run id, time, mode, parallelism): {@code report.json}
 * is byte-identical for the same inputs. Input files are named as they were given on the command line.
 *
 * @param tool the build that ran
 * @param inputFiles the shipment files and the installations file
 * @param referenceData the reference data files the outputs rest on
 * @param parameters what the run was told besides its files
 */
public record RunProvenance(Tool tool, List<InputFile> inputFiles, List<ReferenceFile> referenceData,
        Parameters parameters) {

    public RunProvenance {
        inputFiles = List.copyOf(inputFiles);
        referenceData = List.copyOf(referenceData);
    }

    /**
     * The build that ran.
     *
     * @param version the Maven version
     * @param gitCommit the commit the build was made from ({@code git describe --dirty}: {@code -dirty} when the
     *     working tree had changes), or {@code unknown} when it was not built from a git checkout
     */
    public record Tool(String version, String gitCommit) {

        /** This build, from the {@code version.properties} Maven filters at build time. */
        public static Tool current() {
            Properties props = new Properties();
            try (InputStream in = RunProvenance.class.getResourceAsStream("/dev/cbam/job/version.properties")) {
                if (in != null) {
                    props.load(in);
                }
            } catch (IOException e) {
                // both stay unknown
            }
            return new Tool(known(props.getProperty("version")), known(props.getProperty("git.commit")));
        }

        /** A property Maven did not fill in (a build without the git step) is unknown. */
        private static String known(String value) {
            return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
        }
    }

    /**
     * An input file.
     *
     * @param path the path as given on the command line (or below a folder given)
     * @param role {@code shipments} or {@code installations}
     * @param sha256 hex SHA-256 of its content when the run started
     * @param bytes its size
     */
    public record InputFile(String path, String role, String sha256, long bytes) {}

    /**
     * A reference data file.
     *
     * @param file its name in the reference folder (or the jar)
     * @param source the legal act or publication it reproduces
     * @param version the version of that source
     * @param sha256 hex SHA-256 of the file
     */
    public record ReferenceFile(String file, String source, String version, String sha256) {}

    /**
     * The parameters of a run: those of the annual declaration (definitive period) and the QReport's parties
     * (transitional period).
     *
     * @param period the reporting period
     * @param cscf cross-sectoral correction factor ({@code --cscf}, 1 by default)
     * @param etsPrice price for unpriced quarters ({@code --ets-price}), or {@code null}
     * @param deductionsFile the carbon price deductions file as given, or {@code null}
     * @param deductionsSha256 its SHA-256, or {@code null}
     * @param deductions the deductions it holds (empty without a file)
     * @param declarantName the person signing
     * @param declarantPosition the signing person's position
     * @param importerCity the importer's city
     * @param signaturePlace where the report is signed
     * @param representative the indirect customs representative, or {@code null}
     */
    public record Parameters(String period, BigDecimal cscf, BigDecimal etsPrice, String deductionsFile,
            String deductionsSha256, List<CarbonPriceDeduction> deductions, String declarantName, String declarantPosition,
            String importerCity, String signaturePlace, JobOptions.Representative representative) {

        public Parameters {
            deductions = List.copyOf(deductions);
        }

        /** The declaration's parameters. */
        public DeclarationParameters declaration() {
            return new DeclarationParameters(cscf, etsPrice, deductions);
        }

        /**
         * The QReport's header: the importer reports itself (role 01) or its representative does (role 02). The
         * declarant confirms the report and the use of its data: writing the report at the declarant's request,
         * with its signatory named, is taken as that confirmation (README: review the file before submitting it).
         * No submission date or report id: the registry assigns them, and the same input gives the same bytes.
         */
        public QReportHeader qreportHeader(Importer importer) {
            Party importerParty = new Party(importer.eori(), importer.name(), new Address(importer.country(), null,
                    importerCity, null, null, null));
            Party rep = representative == null ? null : new Party(representative.eori(), representative.name(),
                    Address.of(representative.country(), representative.city()));
            return new QReportHeader(importerParty, rep, declarantName, declarantPosition, signaturePlace, true, true,
                    null, null, null);
        }
    }

    // Exact numbers both ways: decimals are read as BigDecimal, never double, and written without exponents.
    /**
     * The provenance of a run about to start: hashes every file it reads and states its parameters.
     *
     * @throws UsageException when a declaration reference file or the deductions file cannot be read
     */
    public static RunProvenance forRun(JobOptions options, List<InputFiles.InputFile> shipmentFiles,
            ReferenceData reference) {
        List<InputFile> inputs = new ArrayList<>();
        for (InputFiles.InputFile f : shipmentFiles) {
            inputs.add(new InputFile(f.shownAs(), "shipments", f.sha256(), f.bytes()));
        }
        if (options.installations() != null) {
            InputFiles.InputFile f = InputFiles.describe(options.installations(), Path.of(options.installations()));
            inputs.add(new InputFile(f.shownAs(), "installations", f.sha256(), f.bytes()));
        }
        List<ReferenceFile> files = new ArrayList<>();
        for (ReferenceDataset dataset : ReferenceDataset.values()) {
            files.add(new ReferenceFile(dataset.fileName(), dataset.source(), dataset.version(),
                    reference.sha256().get(dataset)));
        }
        try {
            if (options.period().definitive()) {
                DeclarationReferenceData declaration = DeclarationReferenceData.fromDirectory(options.referenceDir());
                files.add(new ReferenceFile(CbamFactorTable.FILE_NAME, CbamFactorTable.SOURCE,
                        declaration.cbamFactors().version(), declaration.sha256().get(CbamFactorTable.FILE_NAME)));
                files.add(new ReferenceFile(CertificatePriceTable.FILE_NAME, CertificatePriceTable.SOURCE,
                        declaration.prices().version(), declaration.sha256().get(CertificatePriceTable.FILE_NAME)));
            } else {
                for (String xsd : QReportSchema.FILES) {
                    files.add(new ReferenceFile(xsd, "European Commission, CBAM Transitional Registry, QReport schema",
                            QReportSchema.VERSION, ReferenceData.sha256(QReportSchema.file(xsd))));
                }
            }
        } catch (IOException e) {
            throw new UsageException("reference data in " + options.referenceDir() + " is unusable: " + e.getMessage());
        }

        JobOptions.DeclarationSettings d = options.declaration();
        List<CarbonPriceDeduction> deductions = List.of();
        String deductionsSha256 = null;
        if (d.carbonPriceDeductions() != null) {
            Path file = Path.of(d.carbonPriceDeductions());
            try (InputStream in = Files.newInputStream(file)) {
                deductions = CarbonPriceDeductionsFile.read(d.carbonPriceDeductions(), in);
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
            deductionsSha256 = InputFiles.describe(d.carbonPriceDeductions(), file).sha256();
        }
        JobOptions.QReportParties q = options.qreport();
        return new RunProvenance(Tool.current(), inputs, files, new Parameters(options.period().label(), d.cscf(),
                d.etsPrice(), d.carbonPriceDeductions(), deductionsSha256, deductions, options.declarantName(),
                options.declarantPosition(), q.importerCity(), q.signaturePlace(), q.representative()));
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** The provenance as a JSON object, its fields in a fixed order. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putObject("tool");
        t.put("name", "cbam");
        t.put("version", tool.version());
        t.put("git_commit", tool.gitCommit());
        ArrayNode inputs = root.putArray("input_files");
        for (InputFile f : inputFiles) {
            inputs.addObject().put("path", f.path()).put("role", f.role()).put("sha256", f.sha256()).put("bytes", f.bytes());
        }
        ArrayNode reference = root.putArray("reference_data");
        for (ReferenceFile f : referenceData) {
            reference.addObject().put("file", f.file()).put("source", f.source()).put("version", f.version())
                    .put("sha256", f.sha256());
        }
        ObjectNode p = root.putObject("parameters");
        p.put("period", parameters.period());
        p.put("cscf", parameters.cscf());
        p.put("ets_price_eur", parameters.etsPrice());
        if (parameters.deductionsFile() == null) {
            p.putNull("carbon_price_deductions");
        } else {
            ObjectNode d = p.putObject("carbon_price_deductions");
            d.put("file", parameters.deductionsFile());
            d.put("sha256", parameters.deductionsSha256());
            ArrayNode entries = d.putArray("entries");
            for (CarbonPriceDeduction e : parameters.deductions()) {
                entries.addObject().put("installation_id", e.installationId()).put("cn_code", e.cnCode())
                        .put("tco2e_per_unit", e.tco2ePerUnit()).put("evidence", e.evidence());
            }
        }
        p.put("declarant_name", parameters.declarantName());
        p.put("declarant_position", parameters.declarantPosition());
        p.put("importer_city", parameters.importerCity());
        p.put("signature_place", parameters.signaturePlace());
        JobOptions.Representative r = parameters.representative();
        if (r == null) {
            p.putNull("representative");
        } else {
            p.putObject("representative").put("eori", r.eori()).put("name", r.name()).put("city", r.city())
                    .put("country", r.country());
        }
        return root;
    }

    /** The JSON text kept in {@code cbam_runs.provenance}. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads what {@link #toJsonText} wrote (PostgreSQL's {@code jsonb} reorders the keys; the values are all kept). */
    public static RunProvenance fromJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable provenance: " + e.getOriginalMessage(), e);
        }
        JsonNode t = root.path("tool");
        List<InputFile> inputs = new ArrayList<>();
        for (JsonNode f : root.path("input_files")) {
            inputs.add(new InputFile(f.path("path").asText(), f.path("role").asText(), f.path("sha256").asText(),
                    f.path("bytes").asLong()));
        }
        List<ReferenceFile> reference = new ArrayList<>();
        for (JsonNode f : root.path("reference_data")) {
            reference.add(new ReferenceFile(f.path("file").asText(), f.path("source").asText(), f.path("version").asText(),
                    f.path("sha256").asText()));
        }
        JsonNode p = root.path("parameters");
        JsonNode d = p.path("carbon_price_deductions");
        List<CarbonPriceDeduction> deductions = new ArrayList<>();
        for (JsonNode e : d.path("entries")) {
            deductions.add(new CarbonPriceDeduction(e.path("installation_id").asText(), text(e.path("cn_code")),
                    new BigDecimal(e.path("tco2e_per_unit").asText()), e.path("evidence").asText()));
        }
        JsonNode r = p.path("representative");
        JobOptions.Representative representative = r.isObject() ? new JobOptions.Representative(r.path("eori").asText(),
                r.path("name").asText(), r.path("city").asText(), r.path("country").asText()) : null;
        return new RunProvenance(new Tool(t.path("version").asText(), t.path("git_commit").asText()), inputs, reference,
                new Parameters(text(p.path("period")), decimal(p.path("cscf")), decimal(p.path("ets_price_eur")),
                        text(d.path("file")), text(d.path("sha256")), deductions, text(p.path("declarant_name")),
                        text(p.path("declarant_position")), text(p.path("importer_city")), text(p.path("signature_place")),
                        representative));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : new BigDecimal(node.asText());
    }
}
