package dev.cbam.intake;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cbam.intake.ShipmentRow.RowFormat;
import dev.cbam.reference.CnCode;
import dev.cbam.reference.CnScope;
import dev.cbam.reference.Country;
import dev.cbam.reference.CountryTable;
import dev.cbam.reference.Sector;
import dev.cbam.report.ReportingPeriod;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a row of a shipment file into a {@link Shipment}, or into a {@link Reject} that lists every problem
 * of the row at once (so a user fixes a file in one pass, not one error per run).
 *
 * <p>This is the syntactic and static check: fields, formats, the CN code's scope, the country of origin
 * and the period. What needs the run's reference data (default values, installations) is checked when
 * the shipment is enriched. Not thread-safe: one instance per task.
 */
public final class ShipmentValidator {

    /** One million tonnes: no single customs shipment is larger; a bigger figure is a unit error. */
    static final long MAX_NET_MASS_GRAMS = 1_000_000L * 1_000_000L;
    /** 100 TWh, more than any country's yearly electricity imports. */
    static final long MAX_WATT_HOURS = 100_000_000L * 1_000_000L;
    private static final int MAX_SHIPMENT_ID_LENGTH = 200;
    private static final int MAX_LAYOUTS = 64;

    private final CountryTable countries;
    private final CnScope scope;
    private final ReportingPeriod period;
    private final Map<String, ColumnLayout> layouts = new HashMap<>();
    private final QuantityParser quantities = new QuantityParser();
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final RejectCollector problems = new RejectCollector();
    private Reject lastReject;

    public ShipmentValidator(CountryTable countries, CnScope scope, ReportingPeriod period) {
        this.countries = countries;
        this.scope = scope;
        this.period = period;
    }

    /** The shipment a row holds, or {@code null} when it is rejected; {@link #lastReject()} then has the reject. */
    public Shipment validate(ShipmentRow row) {
        lastReject = null;
        problems.clear();
        if (row.defect() != null) {
            return reject(row, null, RejectReason.MALFORMED_ROW, row.defect());
        }
        String[] values = row.format() == RowFormat.JSON_LINES ? jsonValues(row) : csvValues(row);
        if (values == null) {
            return null;
        }
        return validateFields(row, values);
    }

    /** The reject of the last {@link #validate} call that returned {@code null}. */
    public Reject lastReject() {
        return lastReject;
    }

    private String[] csvValues(ShipmentRow row) {
        ColumnLayout layout = layout(row.header());
        if (layout.problem() != null) {
            reject(row, null, RejectReason.BAD_HEADER, layout.problem());
            return null;
        }
        String[] fields = layout.splitter().split(row.text());
        if (fields == null) {
            reject(row, null, RejectReason.MALFORMED_ROW, "broken quoting");
            return null;
        }
        if (fields.length != layout.columnCount()) {
            reject(row, null, RejectReason.MALFORMED_ROW,
                    fields.length + " columns where the header has " + layout.columnCount());
            return null;
        }
        ShipmentColumn[] all = ShipmentColumn.all();
        String[] values = new String[all.length];
        for (ShipmentColumn column : all) {
            values[column.ordinal()] = layout.value(fields, column);
        }
        return values;
    }

    private ColumnLayout layout(String header) {
        ColumnLayout layout = layouts.get(header);
        if (layout == null) {
            if (layouts.size() >= MAX_LAYOUTS) {
                layouts.clear();
            }
            layout = ColumnLayout.fromHeader(header == null ? "" : header);
            layouts.put(header, layout);
        }
        return layout;
    }

    private String[] jsonValues(ShipmentRow row) {
        JsonNode node;
        try {
            node = json.readTree(row.text());
        } catch (JsonProcessingException e) {
            String detail = e.getOriginalMessage();
            reject(row, null, RejectReason.MALFORMED_ROW, "invalid JSON: " + firstLine(detail));
            return null;
        }
        if (node == null || !node.isObject()) {
            reject(row, null, RejectReason.MALFORMED_ROW, "a JSON Lines row must be one JSON object");
            return null;
        }
        Map<String, JsonNode> byName = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = ShipmentColumn.normaliseName(e.getKey());
            if (byName.put(name, e.getValue()) != null) {
                reject(row, null, RejectReason.MALFORMED_ROW, "key '" + name + "' appears twice");
                return null;
            }
        }
        ShipmentColumn[] all = ShipmentColumn.all();
        String[] values = new String[all.length];
        for (ShipmentColumn column : all) {
            String value = null;
            for (String name : column.names()) {
                JsonNode v = byName.get(name);
                if (v == null) {
                    continue;
                }
                String text;
                if (v.isNull()) {
                    text = "";
                } else if (v.isBigDecimal() || v.isFloatingPointNumber()) {
                    text = v.decimalValue().toPlainString();
                } else if (v.isValueNode()) {
                    text = v.asText().strip();
                } else {
                    reject(row, null, RejectReason.MALFORMED_ROW, "'" + name + "' is not a single value");
                    return null;
                }
                if (value == null || value.isEmpty()) {
                    value = text;
                }
            }
            values[column.ordinal()] = value;
        }
        return values;
    }

    private Shipment validateFields(ShipmentRow row, String[] v) {
        String shipmentId = v[ShipmentColumn.SHIPMENT_ID.ordinal()];
        String dateText = v[ShipmentColumn.IMPORT_DATE.ordinal()];
        String cnText = v[ShipmentColumn.CN_CODE.ordinal()];
        String originText = v[ShipmentColumn.ORIGIN_COUNTRY.ordinal()];
        String kgText = v[ShipmentColumn.NET_MASS_KG.ordinal()];
        String tText = v[ShipmentColumn.NET_MASS_T.ordinal()];
        String mwhText = v[ShipmentColumn.QUANTITY_MWH.ordinal()];

        for (int i = 0; i < v.length; i++) {
            if (v[i] != null && v[i].indexOf('\uFFFD') >= 0) {
                problems.add(RejectReason.MALFORMED_ROW,
                        ShipmentColumn.all()[i].columnName() + " is not valid UTF-8");
            }
        }

        if (isEmpty(shipmentId)) {
            problems.add(RejectReason.MISSING_FIELD, "shipment_id is empty");
            shipmentId = null;
        } else if (shipmentId.length() > MAX_SHIPMENT_ID_LENGTH) {
            problems.add(RejectReason.MALFORMED_ROW, "shipment_id longer than " + MAX_SHIPMENT_ID_LENGTH + " characters");
            shipmentId = null;
        } else if (hasControlCharacter(shipmentId)) {
            problems.add(RejectReason.MALFORMED_ROW, "shipment_id contains control characters");
            shipmentId = null;
        }

        LocalDate date = null;
        if (isEmpty(dateText)) {
            problems.add(RejectReason.MISSING_FIELD, "import_date is empty");
        } else {
            date = parseIsoDate(dateText);
            if (date == null) {
                problems.add(RejectReason.BAD_DATE, "import_date '" + dateText + "' is not a date YYYY-MM-DD");
            } else if (!period.contains(date)) {
                problems.add(RejectReason.OUT_OF_PERIOD, "import_date " + date + " is outside the period "
                        + period.label() + " (" + period.firstDay() + " to " + period.lastDay() + ")");
            }
        }

        String cnCode = null;
        Sector sector = null;
        if (isEmpty(cnText)) {
            problems.add(RejectReason.MISSING_FIELD, "cn_code is empty");
        } else {
            cnCode = CnCode.normalise(cnText);
            if (cnCode == null) {
                problems.add(RejectReason.BAD_CN_CODE, "cn_code '" + cnText + "' is not an eight-digit CN code");
            } else {
                sector = scope.sectorOf(cnCode);
                if (sector == null) {
                    problems.add(RejectReason.CN_NOT_IN_SCOPE, "CN " + cnCode + " is not a CBAM good (Annex I)");
                }
            }
        }

        String origin = null;
        if (isEmpty(originText)) {
            problems.add(RejectReason.MISSING_FIELD, "origin_country is empty");
        } else {
            Country country = countries.byCode(originText);
            if (country == null) {
                Country named = countries.byName(originText);
                problems.add(RejectReason.BAD_COUNTRY, "origin_country '" + originText
                        + "' is not an ISO 3166-1 alpha-2 code" + (named == null ? "" : " (" + named.code() + "?)"));
            } else if (country.status() == Country.Status.EU_MEMBER_STATE) {
                problems.add(RejectReason.EU_ORIGIN, "origin " + country.code() + " is an EU Member State");
            } else if (country.status() == Country.Status.OUTSIDE_CBAM) {
                problems.add(RejectReason.ORIGIN_OUTSIDE_SCOPE, "origin " + country.code()
                        + " (" + country.name() + ") is outside CBAM under Annex III");
            } else {
                origin = country.code();
            }
        }

        long grams = 0;
        long wattHours = 0;
        boolean electricity = "27160000".equals(cnCode);
        if (electricity) {
            if (isEmpty(mwhText)) {
                problems.add(RejectReason.ELECTRICITY_WITHOUT_MWH, "electricity needs quantity_mwh");
            } else {
                wattHours = quantity(mwhText, "quantity_mwh", 6, MAX_WATT_HOURS);
            }
        } else if (!isEmpty(kgText)) {
            grams = quantity(kgText, "net_mass_kg", 3, MAX_NET_MASS_GRAMS);
        } else if (!isEmpty(tText)) {
            grams = quantity(tText, "net_mass_t", 6, MAX_NET_MASS_GRAMS);
        } else {
            problems.add(RejectReason.MISSING_FIELD, "net_mass_kg is empty");
        }

        if (!problems.isEmpty()) {
            return reject(row, shipmentId);
        }
        return new Shipment(
                shipmentId,
                date,
                cnCode,
                sector,
                origin,
                grams,
                wattHours,
                emptyToNull(v[ShipmentColumn.INSTALLATION_ID.ordinal()]),
                emptyToNull(v[ShipmentColumn.PRODUCT_VARIANT.ordinal()]),
                emptyToNull(v[ShipmentColumn.CUSTOMS_PROCEDURE.ordinal()]),
                row.sourceFile(),
                row.line(),
                row.text());
    }

    private long quantity(String text, String column, int scale, long max) {
        long value = quantities.parse(text, scale, max);
        if (value > 0) {
            return value;
        }
        switch (quantities.problem()) {
            case DECIMAL_COMMA:
                problems.add(RejectReason.DECIMAL_COMMA, column + " '" + text + "' has a comma or digit grouping");
                break;
            case NOT_POSITIVE:
                problems.add(RejectReason.BAD_QUANTITY, column + " '" + text + "' is not positive");
                break;
            case TOO_PRECISE:
                problems.add(RejectReason.BAD_QUANTITY, column + " '" + text + "' has more than " + scale + " decimals");
                break;
            case TOO_LARGE:
                problems.add(RejectReason.BAD_QUANTITY, column + " '" + text + "' is implausibly large");
                break;
            default:
                problems.add(RejectReason.BAD_QUANTITY, column + " '" + text + "' is not a number");
        }
        return 0;
    }

    /** Strict {@code YYYY-MM-DD}; {@code null} for anything else, including impossible dates (2026-02-30). */
    static LocalDate parseIsoDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private Shipment reject(ShipmentRow row, String shipmentId, RejectReason reason, String message) {
        problems.add(reason, message);
        return reject(row, shipmentId);
    }

    private Shipment reject(ShipmentRow row, String shipmentId) {
        lastReject = problems.toReject(row.sourceFile(), row.line(), shipmentId, row.text());
        return null;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(String value) {
        return value == null || value.isEmpty();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
