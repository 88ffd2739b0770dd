package dev.cbam.intake.excel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The filled templates the tests share, each built once: POI takes seconds to load and save the template.
 */
final class Templates {

    private static byte[] steel;
    private static byte[] steelRevised;
    private static byte[] steelVersion21;
    private static byte[] cement;
    private static byte[] badProducts;

    private Templates() {}

    /** Baoshan's steel works in Shanghai, template 2.1.1: two steel products and electricity. */
    static synchronized byte[] steel() {
        if (steel == null) {
            steel = steelWorks().bytes();
        }
        return steel;
    }

    static TemplateFiller steelWorks() {
        return new TemplateFiller()
                .product("Hot rolling", "Iron or steel products", "72081000", "Hot-rolled coil", "1.915", "0.396",
                        "0", "D.4.1", "0.281")
                .product("Hot rolling", "Iron or steel products", "7208 39 00", "Thin sheet, grade S235",
                        "3.5055819205", "0.1234567890123", "0.25", "Mix", "0.5")
                .product("Power plant", "Electricity (export to EU)", "27160000", "", "0.82", "", "", "", "");
    }

    /** The same works sending the template again with a corrected value for 72081000. */
    static synchronized byte[] steelRevised() {
        if (steelRevised == null) {
            // Only the value of its first product differs: edited in the saved file, as POI takes seconds.
            steelRevised = editEntry(steel(), sheetPart(steel(), "Summary_Communication"), xml -> xml
                    .replaceFirst("(<c r=\"I26\"[^>]*>.*?<v>)[^<]*(</v>)", "$11.9050000000000000$2"));
        }
        return steelRevised;
    }

    /** The steel works' template in version 2.1. */
    static synchronized byte[] steelVersion21() {
        if (steelVersion21 == null) {
            steelVersion21 = TemplateFiller.asVersion21(steel());
        }
        return steelVersion21;
    }

    /** A cement works in Mersin, Türkiye: clinker and cement, with a name that has accents. */
    static synchronized byte[] cement() {
        if (cement == null) {
            cement = new TemplateFiller()
                    .installation("Çimsa Çimento Sanayi ve Ticaret A.Ş. – Mersin", "Türkiye", "TR", "TR MER")
                    .city("Mersin")
                    .product("Clinker kiln", "Cement clinker", "25231000", "Grey clinker", "0.846", "0.0351",
                            "0.1", "D.4.3.1", "0.06")
                    .product("Cement grinding", "Cement", "25232900", "CEM I 42.5 R", "0.7", "0.05", "", "D.4.3.1", "0.1")
                    .bytes();
        }
        return cement;
    }

    /**
     * A template whose product table has one defect per line: text typed over SEE (direct), a negative SEE, a
     * code outside CBAM (ferrous scrap), a code of seven digits, and a code given twice with other values.
     */
    static synchronized byte[] badProducts() {
        if (badProducts == null) {
            badProducts = new TemplateFiller()
                    .product("P1", "Iron or steel products", "72081000", "a", "n/a", "0.1", "", "", "")
                    .product("P1", "Iron or steel products", "72082500", "b", "-0.5", "0.1", "", "", "")
                    .product("P2", "Iron or steel products", "72044100", "scrap", "0.1", "0", "", "", "")
                    .product("P2", "Iron or steel products", "7208100", "c", "1", "0", "", "", "")
                    .product("P3", "Iron or steel products", "72083600", "d", "1.5", "0.2", "", "", "")
                    .product("P3", "Iron or steel products", "72083600", "e", "1.6", "0.2", "", "", "")
                    .bytes();
        }
        return badProducts;
    }

    /** The empty official template as the Commission publishes it. */
    static byte[] empty() {
        return TemplateFiller.emptyTemplate();
    }

    /** The zip entry of a sheet ({@code xl/worksheets/sheet14.xml}), from workbook.xml and its relationships. */
    static String sheetPart(byte[] xlsx, String sheetName) {
        String workbook = entryText(xlsx, "xl/workbook.xml");
        java.util.regex.Matcher sheet = java.util.regex.Pattern.compile("<sheet [^>]*name=\"" + java.util.regex.Pattern.quote(
                sheetName.replace("&", "&amp;")) + "\"[^>]*r:id=\"([^\"]+)\"").matcher(workbook);
        if (!sheet.find()) {
            throw new IllegalStateException("no sheet " + sheetName);
        }
        String rels = entryText(xlsx, "xl/_rels/workbook.xml.rels");
        java.util.regex.Matcher target = java.util.regex.Pattern.compile("<Relationship [^>]*Id=\"" + sheet.group(1)
                + "\"[^>]*Target=\"([^\"]+)\"").matcher(rels);
        if (!target.find()) {
            java.util.regex.Matcher reversed = java.util.regex.Pattern.compile("<Relationship [^>]*Target=\"([^\"]+)\"[^>]*Id=\""
                    + sheet.group(1) + "\"").matcher(rels);
            if (!reversed.find()) {
                throw new IllegalStateException("no relationship " + sheet.group(1));
            }
            target = reversed;
        }
        String t = target.group(1);
        return t.startsWith("/") ? t.substring(1) : "xl/" + t;
    }

    private static String entryText(byte[] xlsx, String entry) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(entry)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no entry " + entry);
    }

    /** A copy of a workbook with one zip entry's XML text edited (for damage POI would not let one make). */
    static byte[] editEntry(byte[] xlsx, String entry, UnaryOperator<String> edit) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean found = false;
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                ZipEntry e;
                while ((e = in.getNextEntry()) != null) {
                    byte[] content = in.readAllBytes();
                    if (e.getName().equals(entry)) {
                        String before = new String(content, StandardCharsets.UTF_8);
                        String after = edit.apply(before);
                        if (after.equals(before)) {
                            throw new IllegalStateException("edit changed nothing in " + entry);
                        }
                        content = after.getBytes(StandardCharsets.UTF_8);
                        found = true;
                    }
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(content);
                    out.closeEntry();
                }
            }
            if (!found) {
                throw new IllegalStateException("no entry " + entry);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
