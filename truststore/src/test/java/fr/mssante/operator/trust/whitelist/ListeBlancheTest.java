package fr.mssante.operator.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class ListeBlancheTest {
    static final Path SAMPLE = Path.of("../../shared/samples/listeblanche-sample.xml");

    static byte[] sample() throws Exception {
        Path p = Files.exists(SAMPLE) ? SAMPLE : Path.of("/work/shared/samples/listeblanche-sample.xml");
        return Files.readAllBytes(p);
    }

    @Test
    void parsesTheSampleWithSeveralEntriesPerDomain() throws Exception {
        ListeBlanche list = ListeBlancheParser.parse(sample());
        assertThat(list.entryCount()).isEqualTo(3);
        assertThat(list.domainCount()).isEqualTo(2);
        assertThat(list.generatedAt()).isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
        assertThat(list.dnsFor("ch-exemple.mssante.fr")).hasSize(2);
        assertThat(list.dnsFor("CH-Exemple.MSSante.fr.")).hasSize(2);
        assertThat(list.dnsFor("inconnu.mssante.fr")).isEmpty();
        assertThat(list.entries().get(0).supportContact()).isEqualTo("support@operateur-exemple.fr");
        assertThat(list.operatorHostsFor("ch-exemple.mssante.fr"))
                .containsExactlyInAnyOrder("smtp.operateur-exemple.fr", "mx2.secours-exemple.fr");
    }

    @Test
    void dnComparisonIgnoresOrderSpacingCaseAndMatchesCertificateSubjects() throws Exception {
        ListeBlanche list = ListeBlancheParser.parse(sample());
        CanonicalDn reordered = CanonicalDn.parse("c=fr, st=RHÔNE  (69), o=Operateur Exemple, ou=318000000000100, cn=SMTP.operateur-exemple.fr");
        assertThat(list.isListed("pharmacie-exemple.mssante.fr", reordered)).isTrue();
        X500Principal subject = new X500Principal("CN=mx2.secours-exemple.fr, OU=1690000100, O=SECOURS EXEMPLE, ST=Rhône (69), C=FR");
        assertThat(list.isListed("ch-exemple.mssante.fr", subject)).isTrue();
        assertThat(list.isListed("pharmacie-exemple.mssante.fr", subject)).isFalse();
        assertThat(CanonicalDn.parse("CN=a,O=b")).isNotEqualTo(CanonicalDn.parse("CN=a,O=c"));
    }

    @Test
    void nonAsciiDomainsAreIdnSafeAndSuffixIsNotAssumed(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("hôpital-sud.mssante.fr", List.of("CN=mx.opé.fr,OU=1690000100,O=OPÉRATEUR ÉTÉ,ST=Rhône (69),C=FR"));
        m.put("mssante.apicrypt.org", List.of("CN=mx.apicrypt.org,OU=318000000000100,O=APICRYPT,ST=Nord (59),C=FR",
                "CN=mx2.apicrypt.org,OU=318000000000100,O=APICRYPT,ST=Nord (59),C=FR"));
        ListeBlanche list = ListeBlancheParser.parse(Files.readAllBytes(ListeBlancheWriter.write(dir.resolve("l.xml"), m, Instant.now())));
        assertThat(list.dnsFor("HÔPITAL-SUD.mssante.fr")).hasSize(1);
        assertThat(list.dnsFor("xn--hpital-sud-rbb.mssante.fr")).hasSize(1);
        assertThat(list.domains()).contains("xn--hpital-sud-rbb.mssante.fr");
        assertThat(list.isListed("hôpital-sud.mssante.fr", CanonicalDn.parse("CN=MX.OPÉ.FR,OU=1690000100,O=opérateur été,ST=Rhône (69),C=FR"))).isTrue();
        assertThat(list.dnsFor("mssante.apicrypt.org")).hasSize(2);
    }

    @Test
    void malformedTruncatedAndEmptyDocumentsAreRefusedWithAReason() throws Exception {
        String xml = new String(sample(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ListeBlancheParser.parse(xml.substring(0, xml.length() - 40).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ListeBlancheFormatException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ListeBlancheParser.parse(xml.replace("</ListeBlancheMSSante>", "").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ListeBlancheFormatException.class);
        assertThatThrownBy(() -> ListeBlancheParser.parse(xml.replaceFirst("<Nom>ch-exemple.mssante.fr</Nom>", "")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("has no <Nom>");
        assertThatThrownBy(() -> ListeBlancheParser.parse(xml.replaceFirst("CN=smtp", "garbage without equals sign CN smtp")
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("invalid distinguished name");
        assertThatThrownBy(() -> ListeBlancheParser.parse(("<ListeBlancheMSSante xmlns=\"" + ListeBlancheParser.NAMESPACE
                + "\"><ListeDomaines></ListeDomaines></ListeBlancheMSSante>").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no <Domaine>");
        assertThatThrownBy(() -> ListeBlancheParser.parse("<html>nope</html>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("root element");
    }

    @Test
    void externalEntitiesAreNotResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<ListeBlancheMSSante><ListeDomaines><Domaine><Nom>&e;</Nom><DNCertificatOperateur>CN=a</DNCertificatOperateur>"
                + "</Domaine></ListeDomaines></ListeBlancheMSSante>";
        assertThatThrownBy(() -> ListeBlancheParser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ListeBlancheFormatException.class);
    }
}
