package dev.cbam.qreport;

import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Commission's XSD of the transitional-period quarterly report (QReport version 23.00, shipped in
 * {@code datasets/xsd/} and inside the jar under {@code cbam/xsd/}), and validation of documents against it
 * with messages that name the offending element by its path.
 */
public final class QReportSchema {

    /** The namespace of the QReport and its simple types. */
    public static final String NAMESPACE = "http://xmlns.ec.eu/BusinessObjects/CBAM/Types/V1";
    /** The schema file name, which carries the Commission's version. */
    public static final String FILE_NAME = "QReport_ver23.00.xsd";

    /** The schema and the simple types it includes, the files a QReport's validity rests on. */
    public static final List<String> FILES = List.of(FILE_NAME, "stypes_ver23.00.xsd");
    /** The Commission's version of the schema. */
    public static final String VERSION = "23.00";

    private static final String CLASSPATH_FOLDER = "/cbam/xsd/";

    private final Schema schema;

    private QReportSchema(Schema schema) {
        this.schema = schema;
    }

    /** Loads the schema shipped inside the jar. */
    public static QReportSchema fromClasspath() {
        URL url = QReportSchema.class.getResource(CLASSPATH_FOLDER + FILE_NAME);
        if (url == null) {
            throw new IllegalStateException(FILE_NAME + " is not on the classpath (expected under " + CLASSPATH_FOLDER + ")");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Secure processing caps maxOccurs at 5,000; ImportedGood allows 99,999 (0: no cap, for this trusted file).
            factory.setProperty("jdk.xml.maxOccurLimit", 0);
            // The schema includes stypes_ver23.00.xsd beside it, in the folder or in the jar; nothing else is fetched.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return new QReportSchema(factory.newSchema(url));
        } catch (SAXException e) {
            throw new IllegalStateException("cannot load " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of one of the {@link #FILES} as shipped inside the jar (for the run's provenance). */
    public static byte[] file(String name) throws IOException {
        try (InputStream in = QReportSchema.class.getResourceAsStream(CLASSPATH_FOLDER + name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath (expected under " + CLASSPATH_FOLDER + ")");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Validates a document against the schema.
     *
     * @throws QReportException at the first violation, with a message {@code <element path>: <problem>} on one line
     */
    public void validate(String xml) {
        PathTracker tracker = new PathTracker();
        try {
            SAXParserFactory parsers = SAXParserFactory.newInstance();
            parsers.setNamespaceAware(true);
            parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            parsers.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            XMLReader reader = parsers.newSAXParser().getXMLReader();
            ValidatorHandler validator = schema.newValidatorHandler();
            validator.setErrorHandler(tracker);
            tracker.setParent(reader);
            tracker.setContentHandler(validator);
            tracker.setErrorHandler(tracker);
            tracker.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            if (tracker.failure != null) {
                throw tracker.failure;
            }
            throw new QReportException("QReport is not well-formed XML: " + oneLine(e.getMessage()), e);
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("cannot validate QReport: " + e.getMessage(), e);
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    /** Keeps the path of the element being read, so that a schema error can say where it is. */
    private static final class PathTracker extends XMLFilterImpl implements ErrorHandler {
        private final Deque<String> path = new ArrayDeque<>();
        private final Deque<Map<String, Integer>> siblings = new ArrayDeque<>();
        private QReportException failure;

        PathTracker() {
            siblings.push(new HashMap<>());
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            int n = siblings.peek().merge(localName, 1, Integer::sum);
            path.addLast(n == 1 ? localName : localName + "[" + n + "]");
            siblings.push(new HashMap<>());
            super.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            super.endElement(uri, localName, qName);
            siblings.pop();
            path.removeLast();
        }

        @Override
        public void warning(SAXParseException e) {
            // Schema warnings do not make a report invalid.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            fail(e);
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            fail(e);
        }

        private void fail(SAXParseException e) throws SAXParseException {
            if (failure == null) {
                List<String> steps = new ArrayList<>(path);
                String where = steps.isEmpty() ? "(document)" : String.join("/", steps);
                failure = new QReportException(where + ": " + oneLine(e.getMessage()), e);
            }
            throw e;
        }
    }
}
