package fr.mssante.operator.trust.whitelist;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the liste blanche XML ({@code ListeBlancheMSSante / ListeDomaines / Domaine}). Strict: a document
 * that is not well-formed to its last closing tag, has no entry, or has an entry without a usable domain
 * name or DN is refused as a whole, because a partial list would silently drop operators.
 * DTDs and external entities are disabled.
 */
public final class ListeBlancheParser {
    public static final String NAMESPACE = "https://listeblanche.mssante.fr/schema";
    private static final String ROOT = "ListeBlancheMSSante";

    private ListeBlancheParser() {
    }

    public static ListeBlanche parse(byte[] xml) throws ListeBlancheFormatException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
            r.nextTag();
            if (!ROOT.equals(r.getLocalName())) {
                throw new ListeBlancheFormatException("root element is <" + r.getLocalName() + ">, expected <" + ROOT + ">");
            }
            String ns = r.getNamespaceURI();
            if (ns != null && !ns.isEmpty() && !ns.equals(NAMESPACE)) {
                throw new ListeBlancheFormatException("unexpected namespace '" + ns + "' (expected " + NAMESPACE + ")");
            }
            Instant generatedAt = null;
            List<ListeBlancheEntry> entries = new ArrayList<>();
            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                switch (r.getLocalName()) {
                    case "DateDeGeneration" -> generatedAt = instant(r.getElementText().trim(), "DateDeGeneration", r);
                    case "ListeDomaines" -> {
                        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                            if (!"Domaine".equals(r.getLocalName())) {
                                throw error(r, "unexpected <" + r.getLocalName() + "> in <ListeDomaines>");
                            }
                            entries.add(domaine(r));
                        }
                    }
                    default -> skip(r);
                }
            }
            // Drain to the end: a truncated document fails here even if every Domaine read so far was complete.
            while (r.hasNext()) {
                r.next();
            }
            if (entries.isEmpty()) {
                throw new ListeBlancheFormatException("no <Domaine> entry: an empty liste blanche is not used");
            }
            return new ListeBlanche(generatedAt, entries);
        } catch (XMLStreamException e) {
            throw new ListeBlancheFormatException("malformed or truncated liste blanche XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held beyond the byte array
                }
            }
        }
    }

    private static ListeBlancheEntry domaine(XMLStreamReader r) throws XMLStreamException, ListeBlancheFormatException {
        int line = r.getLocation().getLineNumber();
        Map<String, String> fields = new HashMap<>();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            fields.put(r.getLocalName(), r.getElementText().trim());
        }
        String nom = fields.get("Nom");
        String dn = fields.get("DNCertificatOperateur");
        if (nom == null || nom.isEmpty()) {
            throw new ListeBlancheFormatException("<Domaine> at line " + line + " has no <Nom>");
        }
        if (dn == null || dn.isEmpty()) {
            throw new ListeBlancheFormatException("<Domaine> '" + nom + "' at line " + line + " has no <DNCertificatOperateur>");
        }
        String domain;
        CanonicalDn canonical;
        try {
            domain = DomainNames.normalize(nom);
            canonical = CanonicalDn.parse(dn);
        } catch (IllegalArgumentException e) {
            throw new ListeBlancheFormatException("<Domaine> at line " + line + ": " + e.getMessage(), e);
        }
        String date = fields.get("DateMAJ");
        Instant updated = date == null || date.isEmpty() ? null : instant(date, "DateMAJ of '" + nom + "'", r);
        return new ListeBlancheEntry(domain, fields.getOrDefault("Description", ""), canonical,
                fields.getOrDefault("ResponsableContact", ""), fields.getOrDefault("SupportContact", ""), updated);
    }

    private static Instant instant(String text, String what, XMLStreamReader r) throws ListeBlancheFormatException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(r, what + " '" + text + "' is not an ISO-8601 UTC instant");
        }
    }

    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static ListeBlancheFormatException error(XMLStreamReader r, String message) {
        return new ListeBlancheFormatException(message + " (line " + r.getLocation().getLineNumber() + ")");
    }
}
