package fr.mssante.operator.trust.whitelist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes a liste blanche XML document in the real format (used by the test PKI and the demo). */
public final class ListeBlancheWriter {
    private ListeBlancheWriter() {
    }

    /** One {@code Domaine} element per (domain, DN) pair, as in the real list. */
    public static Path write(Path file, Map<String, List<String>> dnsByDomain, Instant generatedAt) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String now = generatedAt.truncatedTo(ChronoUnit.SECONDS).toString();
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.setDefaultNamespace(ListeBlancheParser.NAMESPACE);
            w.writeStartElement(ListeBlancheParser.NAMESPACE, "ListeBlancheMSSante");
            w.writeDefaultNamespace(ListeBlancheParser.NAMESPACE);
            element(w, "DateDeGeneration", now, 1);
            w.writeCharacters("\n  ");
            w.writeStartElement(ListeBlancheParser.NAMESPACE, "ListeDomaines");
            for (var e : dnsByDomain.entrySet()) {
                for (String dn : e.getValue()) {
                    w.writeCharacters("\n    ");
                    w.writeStartElement(ListeBlancheParser.NAMESPACE, "Domaine");
                    element(w, "Nom", e.getKey(), 3);
                    element(w, "Description", "Domaine " + e.getKey(), 3);
                    element(w, "DNCertificatOperateur", dn, 3);
                    element(w, "ResponsableContact", "responsable@" + e.getKey(), 3);
                    element(w, "SupportContact", "support@" + e.getKey(), 3);
                    element(w, "DateMAJ", now, 3);
                    w.writeCharacters("\n    ");
                    w.writeEndElement();
                }
            }
            w.writeCharacters("\n  ");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write liste blanche " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void element(XMLStreamWriter w, String name, String text, int indent) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(indent));
        w.writeStartElement(ListeBlancheParser.NAMESPACE, name);
        w.writeCharacters(text);
        w.writeEndElement();
    }
}
