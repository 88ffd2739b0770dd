package dev.cbam.intake.excel;

import org.apache.poi.UnsupportedFileFormatException;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.poifs.filesystem.FileMagic;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFRelation;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An .xlsx workbook opened for reading sheet by sheet without loading it: the zip's entries are inflated only
 * while a sheet is read. Whatever the file really is — empty, text, an encrypted or old-format workbook, a zip
 * that is no workbook, a zip bomb — opening it either succeeds or ends in a {@link WorkbookException} with one
 * clear line.
 *
 * <p>The zip limits are POI's {@code ZipSecureFile} defaults, kept as they are (they are global to the JVM): an
 * entry may not inflate to more than 100 times its compressed size, nor beyond 4 GiB. The shared-strings table,
 * the one part read into memory whole, is refused above {@value #MAX_SHARED_STRINGS_BYTES} bytes.
 */
public final class WorkbookFile implements Closeable {

    static final long MAX_SHARED_STRINGS_BYTES = 256L * 1024 * 1024;

    private final OPCPackage pkg;
    private final XSSFReader reader;
    private final Map<String, PackagePart> sheets;
    private final Set<String> hidden;
    private final boolean date1904;
    private final Path temporaryCopy;
    private SharedStrings strings;
    private DateStyles dates;

    private WorkbookFile(OPCPackage pkg, XSSFReader reader, Map<String, PackagePart> sheets, Set<String> hidden,
            boolean date1904, Path temporaryCopy) {
        this.pkg = pkg;
        this.reader = reader;
        this.sheets = sheets;
        this.hidden = hidden;
        this.date1904 = date1904;
        this.temporaryCopy = temporaryCopy;
    }

    /**
     * Opens a workbook from a stream, which is first copied to a temporary file (a zip is read from its end)
     * that {@link #close()} deletes.
     *
     * @throws WorkbookException when the content is not a readable .xlsx workbook
     * @throws IOException when the stream itself cannot be read or the copy cannot be written
     */
    public static WorkbookFile open(InputStream in) throws IOException {
        Path copy = Files.createTempFile("cbam-workbook-", ".xlsx");
        try {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return open(copy, copy);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /**
     * Opens a workbook file.
     *
     * @throws WorkbookException when the file is not a readable .xlsx workbook
     */
    public static WorkbookFile open(Path file) throws IOException {
        return open(file, null);
    }

    private static WorkbookFile open(Path file, Path temporaryCopy) throws IOException {
        checkMagic(file);
        OPCPackage pkg;
        try {
            pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (InvalidFormatException | UnsupportedFileFormatException e) {
            throw new WorkbookException("not an Excel workbook: a zip archive without the parts of an .xlsx file ("
                    + WorkbookException.rootMessage(e) + ")", e);
        } catch (RuntimeException e) {
            throw WorkbookException.whileReading("the workbook", e);
        }
        try {
            XSSFReader reader = new XSSFReader(pkg);
            Map<String, PackagePart> sheets = new LinkedHashMap<>();
            XSSFReader.SheetIterator it = reader.getSheetIterator();
            while (it.hasNext()) {
                it.next().close();
                sheets.putIfAbsent(it.getSheetName(), it.getSheetPart());
            }
            if (sheets.isEmpty()) {
                throw new WorkbookException("not an Excel workbook: it has no worksheets");
            }
            Set<String> hidden = new HashSet<>();
            boolean date1904;
            try (InputStream workbookXml = reader.getWorkbookData()) {
                date1904 = readWorkbookProperties(workbookXml, hidden);
            }
            return new WorkbookFile(pkg, reader, Collections.unmodifiableMap(sheets), hidden, date1904, temporaryCopy);
        } catch (WorkbookException e) {
            pkg.revert();
            throw e;
        } catch (Exception e) {
            pkg.revert();
            if (WorkbookException.mentionsZipBomb(e)) {
                throw WorkbookException.whileReading("the workbook", e);
            }
            throw new WorkbookException("not an Excel workbook (a Word or PowerPoint file, or a damaged workbook): "
                    + WorkbookException.rootMessage(e), e);
        }
    }

    /**
     * True when a file is to be read as a workbook: its name ends in {@code .xlsx} or {@code .xlsm}, or it starts
     * like a zip archive or an OLE2 compound file (an encrypted workbook, an old .xls), which no text file does.
     * Peeks at the first bytes of a stream that supports {@code mark}, and resets it.
     */
    public static boolean isWorkbook(String fileName, InputStream markable) throws IOException {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) {
            return true;
        }
        markable.mark(8);
        byte[] head = markable.readNBytes(8);
        markable.reset();
        if (head.length < 4) {
            return false;
        }
        FileMagic magic = FileMagic.valueOf(Arrays.copyOf(head, 8));
        return magic == FileMagic.OOXML || magic == FileMagic.OLE2;
    }

    /** Refuses what is not a zip before POI sees it, saying what the file is instead. */
    private static void checkMagic(Path file) throws IOException {
        if (Files.size(file) == 0) {
            throw new WorkbookException("the file is empty (0 bytes), not an Excel workbook");
        }
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        FileMagic magic = FileMagic.valueOf(Arrays.copyOf(head, Math.max(n, 8)));
        if (magic == FileMagic.OOXML) {
            return;
        }
        if (magic == FileMagic.OLE2) {
            throw new WorkbookException(ole2Problem(file));
        }
        if (looksLikeText(head, n)) {
            throw new WorkbookException("not an Excel workbook: the file holds text (a CSV file named .xlsx?)");
        }
        throw new WorkbookException("not an Excel workbook: an .xlsx file is a zip archive, this file is "
                + (magic == FileMagic.UNKNOWN ? "something else" : "a " + magic.name() + " file"));
    }

    /** An OLE2 compound file is either an encrypted .xlsx or an Excel 97-2003 .xls. */
    private static String ole2Problem(Path file) {
        try (POIFSFileSystem fs = new POIFSFileSystem(file.toFile(), true)) {
            if (fs.getRoot().hasEntry("EncryptedPackage")) {
                return "the workbook is password-protected (encrypted): save a copy without a password";
            }
            if (fs.getRoot().hasEntry("Workbook") || fs.getRoot().hasEntry("Book")) {
                return "an Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx)";
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the general message
        }
        return "not an .xlsx workbook: an OLE2 compound file (an encrypted workbook or an Excel 97-2003 .xls)";
    }

    private static boolean looksLikeText(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        int end = n;
        // A multi-byte character cut at the end of the sample is not a decoding error.
        while (end > 0 && end > n - 4 && (head[end - 1] & 0xc0) == 0x80) {
            end--;
        }
        if (end > 0 && (head[end - 1] & 0xc0) == 0xc0) {
            end--;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Reads {@code date1904} and the hidden sheets from {@code workbook.xml}. */
    private static boolean readWorkbookProperties(InputStream workbookXml, Set<String> hidden)
            throws XMLStreamException {
        XMLStreamReader xml = XMLHelper.newXMLInputFactory().createXMLStreamReader(workbookXml);
        boolean date1904 = false;
        try {
            while (xml.hasNext()) {
                if (xml.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = xml.getLocalName();
                if ("workbookPr".equals(name)) {
                    String v = xml.getAttributeValue(null, "date1904");
                    date1904 = "1".equals(v) || "true".equalsIgnoreCase(v);
                } else if ("sheet".equals(name)) {
                    String state = xml.getAttributeValue(null, "state");
                    if (state != null && !"visible".equals(state)) {
                        hidden.add(xml.getAttributeValue(null, "name"));
                    }
                } else if ("definedNames".equals(name) || "calcPr".equals(name)) {
                    break;
                }
            }
        } finally {
            xml.close();
        }
        return date1904;
    }

    /** The names of the worksheets, in the workbook's order. */
    public List<String> sheetNames() {
        return new ArrayList<>(sheets.keySet());
    }

    /** True when the sheet is hidden. */
    public boolean isHidden(String sheetName) {
        return hidden.contains(sheetName);
    }

    /** Whether the workbook counts dates from 1904. */
    public boolean date1904() {
        return date1904;
    }

    /**
     * A reader of the rows of a sheet, or {@code null} when the workbook has no sheet of that name.
     *
     * @throws WorkbookException when the workbook's shared texts or styles cannot be read
     */
    public SheetReader sheet(String name) throws WorkbookException {
        PackagePart part = sheets.get(name);
        if (part == null) {
            return null;
        }
        loadSharedParts();
        try {
            return new SheetReader(name, part.getInputStream(), strings, dates, date1904);
        } catch (IOException | RuntimeException e) {
            throw WorkbookException.whileReading("sheet " + name, e);
        }
    }

    private void loadSharedParts() throws WorkbookException {
        if (strings != null) {
            return;
        }
        try {
            for (PackagePart part : pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType())) {
                if (part.getSize() > MAX_SHARED_STRINGS_BYTES) {
                    throw new WorkbookException("refused: the workbook's table of texts is " + part.getSize() / (1024 * 1024)
                            + " MiB, more than the " + MAX_SHARED_STRINGS_BYTES / (1024 * 1024) + " MiB this reader accepts");
                }
            }
            strings = new ReadOnlySharedStringsTable(pkg, false);
            StylesTable styles;
            try {
                styles = reader.getStylesTable();
            } catch (IOException | RuntimeException e) {
                // A workbook without a usable style table still has values; only dates cannot be told.
                styles = null;
            }
            dates = new DateStyles(styles);
        } catch (WorkbookException e) {
            throw e;
        } catch (Exception e) {
            throw WorkbookException.whileReading("the workbook's table of texts", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // Read-only: revert closes the zip without writing anything back.
            pkg.revert();
        } finally {
            if (temporaryCopy != null) {
                Files.deleteIfExists(temporaryCopy);
            }
        }
    }
}
