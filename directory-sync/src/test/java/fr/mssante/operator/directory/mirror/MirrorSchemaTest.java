package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorSchemaTest {
    private static EmbeddedMirror mirror;
    private static LDAPConnection connection;

    @BeforeAll
    static void start() throws Exception {
        mirror = EmbeddedMirror.startDemo(0);
        connection = new LDAPConnection("127.0.0.1", mirror.port());
    }

    @AfterAll
    static void stop() {
        connection.close();
        mirror.close();
    }

    @Test
    void demoSampleLoadsOverTheWireWithTheThreeDemoMailboxes() throws LDAPException {
        List<DirectoryMailbox> demo = new ArrayList<>();
        new MirrorReader(connection, mirror.layout(), 2).forEachMailbox(Set.of("demo.mssante.test"), null, demo::add);

        assertThat(demo).extracting(DirectoryMailbox::address, DirectoryMailbox::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("medecin@demo.mssante.test", BalType.PER),
                org.assertj.core.groups.Tuple.tuple("cardiologie@demo.mssante.test", BalType.ORG),
                org.assertj.core.groups.Tuple.tuple("dpi@demo.mssante.test", BalType.APP));
        assertThat(demo).allSatisfy(m -> {
            assertThat(m.published()).isTrue();
            assertThat(m.changeMarker()).matches("\\d{14}(\\.\\d+)?Z");
        });
        DirectoryMailbox medecin = demo.stream().filter(m -> m.type() == BalType.PER).findFirst().orElseThrow();
        assertThat(medecin.professionalId()).isEqualTo("810001234567");
        assertThat(medecin.structureId()).isEqualTo("1750000001");
    }

    @Test
    void schemaRejectsAMailboxWithoutType() {
        Entry entry = new Entry(mirror.layout().mailboxDn("sans.type@demo.mssante.test"));
        entry.addAttribute("objectClass", "top", "mssMailbox");
        entry.addAttribute("mssAddress", "sans.type@demo.mssante.test");

        assertThatThrownBy(() -> connection.add(entry)).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION));
    }

    @Test
    void schemaRejectsANonBooleanListeRouge() {
        Entry entry = mailbox("bad.flag@demo.mssante.test");
        entry.addAttribute("mssListeRouge", "peut-etre");

        // The in-memory server reports every schema violation as objectClassViolation, naming the attribute.
        assertThatThrownBy(() -> connection.add(entry)).isInstanceOfSatisfying(LDAPException.class, e -> {
            assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION);
            assertThat(e.getDiagnosticMessage()).contains("mssListeRouge");
        });
    }

    @Test
    void mailboxHoldsAUserCertificateBinary(@TempDir Path dir) throws Exception {
        byte[] der = selfSignedCertificate(dir);
        Entry entry = mailbox("certifiee@demo.mssante.test");
        entry.addAttribute("userCertificate;binary", der);
        connection.add(entry);

        SearchResultEntry read = connection.getEntry(entry.getDN(), "userCertificate;binary");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(read.getAttributeValueBytes("userCertificate;binary")));
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=certifiee");
    }

    private static Entry mailbox(String address) {
        Entry entry = new Entry(mirror.layout().mailboxDn(address));
        entry.addAttribute("objectClass", "top", "mssMailbox");
        entry.addAttribute("mssAddress", address);
        entry.addAttribute("mssMailboxType", "PER");
        return entry;
    }

    /** A throw-away certificate made by the JDK's keytool (no key material is kept). */
    private static byte[] selfSignedCertificate(Path dir) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve("test.p12");
        Path cert = dir.resolve("test.der");
        run(keytool.toString(), "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "t",
                "-dname", "CN=certifiee,O=Test", "-keystore", store.toString(), "-storepass", "changeit",
                "-storetype", "PKCS12", "-validity", "2");
        run(keytool.toString(), "-exportcert", "-alias", "t", "-keystore", store.toString(), "-storepass",
                "changeit", "-file", cert.toString());
        return Files.readAllBytes(cert);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }
}
