package dev.cbam.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which CN codes are CBAM goods: Annex I of Regulation (EU) 2023/956 as prefix include and exclude rules
 * per sector. Exclusions override inclusions (e.g. 7204 ferrous scrap inside chapter 72).
 *
 * <p>Scope is defined by these prefixes, not by a list of codes of one year's nomenclature, so a code
 * from an older CN edition (e.g. 76011000) is still recognised as a CBAM good.
 */
public final class CnScope {

    private final Map<String, Sector> includes;
    private final Map<String, Sector> excludes;

    private CnScope(Map<String, Sector> includes, Map<String, Sector> excludes) {
        this.includes = Collections.unmodifiableMap(includes);
        this.excludes = Collections.unmodifiableMap(excludes);
    }

    /** Reads the rules file {@code cn_codes_annex_I_rules.json}. */
    public static CnScope read(InputStream json) throws IOException {
        JsonNode sectors = new ObjectMapper().readTree(json).path("sectors");
        if (!sectors.isObject() || sectors.isEmpty()) {
            throw new IOException("Annex I rules: no 'sectors' object");
        }
        Map<String, Sector> includes = new HashMap<>();
        Map<String, Sector> excludes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sectors.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Sector sector = Sector.fromName(entry.getKey());
            addPrefixes(entry.getValue().path("include"), sector, includes);
            addPrefixes(entry.getValue().path("exclude"), sector, excludes);
        }
        return new CnScope(includes, excludes);
    }

    private static void addPrefixes(JsonNode list, Sector sector, Map<String, Sector> target) throws IOException {
        for (JsonNode prefix : list) {
            String p = prefix.asText();
            if (p.isEmpty() || p.length() > 8 || !p.chars().allMatch(Character::isDigit)) {
                throw new IOException("Annex I rules: bad CN prefix '" + p + "'");
            }
            Sector previous = target.put(p, sector);
            if (previous != null && previous != sector) {
                throw new IOException("Annex I rules: prefix " + p + " in both " + previous + " and " + sector);
            }
        }
    }

    /**
     * The sector of an eight-digit CN code, or {@code null} when the code is not a CBAM good. The longest
     * matching rule decides, so an exclusion inside an included heading wins.
     */
    public Sector sectorOf(String cnCode) {
        for (int len = cnCode.length(); len >= 2; len--) {
            String prefix = cnCode.substring(0, len);
            if (excludes.containsKey(prefix)) {
                return null;
            }
            Sector sector = includes.get(prefix);
            if (sector != null) {
                return sector;
            }
        }
        return null;
    }

    /** The include prefixes of a sector, sorted; for documentation and tests. */
    public List<String> includedPrefixes(Sector sector) {
        List<String> result = new ArrayList<>();
        includes.forEach((prefix, s) -> {
            if (s == sector) {
                result.add(prefix);
            }
        });
        Collections.sort(result);
        return result;
    }
}
