package dev.cbam.reference;

import dev.cbam.intake.CsvFieldSplitter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ISO 3166-1 countries with their CBAM status, and the names the official tables use for them
 * ({@code Türkiye}, {@code Russian Federation}, {@code Myanmar_Burma}, the workbook's truncated
 * {@code Democratic Republic of the Cong}, ...), read from {@code countries.csv}.
 */
public final class CountryTable {

    private final Map<String, Country> byCode;
    private final Map<String, Country> byName;

    private CountryTable(Map<String, Country> byCode, Map<String, Country> byName) {
        this.byCode = Collections.unmodifiableMap(byCode);
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Reads {@code countries.csv}: {@code iso2,name,cbam_status,aliases} with aliases separated by {@code ;}. */
    public static CountryTable read(InputStream csv) throws IOException {
        Map<String, Country> byCode = new TreeMap<>();
        Map<String, Country> byName = new HashMap<>();
        CsvFieldSplitter splitter = new CsvFieldSplitter(',');
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        String header = reader.readLine();
        if (header == null || !header.startsWith("iso2,name,cbam_status")) {
            throw new IOException("countries.csv: unexpected header " + header);
        }
        String line;
        int lineNumber = 1;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            String[] f = splitter.split(line);
            if (f == null || f.length != 4 || !f[0].matches("[A-Z]{2}")) {
                throw new IOException("countries.csv line " + lineNumber + ": malformed: " + line);
            }
            Country country = new Country(f[0], f[1], status(f[2], lineNumber));
            if (byCode.put(country.code(), country) != null) {
                throw new IOException("countries.csv line " + lineNumber + ": " + country.code() + " twice");
            }
            addName(byName, country.name(), country, lineNumber);
            if (!f[3].isEmpty()) {
                for (String alias : f[3].split(";")) {
                    addName(byName, alias, country, lineNumber);
                }
            }
        }
        return new CountryTable(byCode, byName);
    }

    private static Country.Status status(String text, int lineNumber) throws IOException {
        switch (text) {
            case "THIRD":
                return Country.Status.THIRD_COUNTRY;
            case "EU":
                return Country.Status.EU_MEMBER_STATE;
            case "ANNEX_III":
                return Country.Status.OUTSIDE_CBAM;
            default:
                throw new IOException("countries.csv line " + lineNumber + ": unknown status " + text);
        }
    }

    private static void addName(Map<String, Country> byName, String name, Country country, int lineNumber)
            throws IOException {
        Country previous = byName.put(nameKey(name), country);
        if (previous != null && !previous.code().equals(country.code())) {
            throw new IOException("countries.csv line " + lineNumber + ": name '" + name + "' used for "
                    + previous.code() + " and " + country.code());
        }
    }

    /** Names compare without case, accents, punctuation or the workbook's underscores. */
    static String nameKey(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return n.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("[^a-z0-9']+", " ").strip();
    }

    /** The country with this ISO code (any case), or {@code null}. */
    public Country byCode(String code) {
        if (code == null || code.length() != 2) {
            return null;
        }
        return byCode.get(code.toUpperCase(Locale.ROOT));
    }

    /** The country an English name (or an alias used by the official tables) stands for, or {@code null}. */
    public Country byName(String name) {
        return name == null ? null : byName.get(nameKey(name));
    }

    public Collection<Country> all() {
        return byCode.values();
    }
}
