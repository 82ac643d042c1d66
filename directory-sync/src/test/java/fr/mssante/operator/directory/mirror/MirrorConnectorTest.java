package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorConnectorTest {
    @TempDir
    static Path dir;
    private static TlsMirror tls;

    @BeforeAll
    static void start() throws Exception {
        tls = new TlsMirror(dir);
    }

    @AfterAll
    static void stop() {
        tls.close();
    }

    private static LDAPConnectionPool pool(String url, boolean startTls, Path ca) throws Exception {
        return new MirrorConnector(url, startTls, ca).pool(new SimpleBindRequest(TlsMirror.BIND_DN,
                TlsMirror.BIND_PASSWORD), 2, new LDAPConnectionOptions());
    }

    /** The connection is TLS, bound as the sync user, and reads the mirror. */
    private static void assertSecuredAndBound(LDAPConnectionPool pool) throws Exception {
        LDAPConnection connection = pool.getConnection();
        try {
            assertThat(connection.getSSLSession()).isNotNull();
            assertThat(connection.getSSLSession().getPeerPrincipal().getName()).isEqualTo("CN=mirror,O=MSSante test");
            WhoAmIExtendedResult whoAmI = (WhoAmIExtendedResult) connection.processExtendedOperation(
                    new WhoAmIExtendedRequest());
            assertThat(whoAmI.getAuthorizationID()).isEqualTo("dn:" + TlsMirror.BIND_DN);
            assertThat(connection.getEntry(tls.mirror.layout().mailboxes().toString())).isNotNull();
        } finally {
            pool.releaseConnection(connection);
        }
    }

    @Test
    void ldapsWithTheMirrorsCaBindsAndReads() throws Exception {
        try (LDAPConnectionPool pool = pool(tls.ldapsUrl(), false, tls.caPem)) {
            assertSecuredAndBound(pool);
        }
    }

    @Test
    void startTlsSecuresThePlainPortBeforeTheBind() throws Exception {
        try (LDAPConnectionPool pool = pool(tls.startTlsUrl(), true, tls.caPem)) {
            assertSecuredAndBound(pool);
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedNamingTheCertificateAndTheCaFile() {
        String refusal = "the mirror's certificate 'CN=mirror,O=MSSante test' (issuer 'CN=Mirror CA,O=MSSante test')"
                + " is not trusted by --ldap-ca-file " + tls.otherCaPem;
        assertThatThrownBy(() -> pool(tls.ldapsUrl(), false, tls.otherCaPem)).isInstanceOf(LDAPException.class)
                .hasMessageStartingWith("TLS to the mirror " + tls.ldapsUrl() + " failed: " + refusal);
        assertThatThrownBy(() -> pool(tls.startTlsUrl(), true, tls.otherCaPem)).isInstanceOf(LDAPException.class)
                .hasMessageStartingWith("TLS to the mirror " + tls.startTlsUrl() + " (StartTLS) failed: " + refusal);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        String refusal = "the mirror's certificate 'CN=elsewhere,O=MSSante test' is for DNS:mirror.elsewhere.test,"
                + " not for 127.0.0.1 (the host of --ldap-url)";
        assertThatThrownBy(() -> pool(tls.ldapsOtherHostUrl(), false, tls.caPem)).isInstanceOf(LDAPException.class)
                .hasMessageStartingWith("TLS to the mirror " + tls.ldapsOtherHostUrl() + " failed: " + refusal);
        assertThatThrownBy(() -> pool(tls.startTlsOtherHostUrl(), true, tls.caPem)).isInstanceOf(LDAPException.class)
                .hasMessageStartingWith("TLS to the mirror " + tls.startTlsOtherHostUrl() + " (StartTLS) failed: "
                        + refusal);
    }

    @Test
    void hostNamesMatchSubjectAltNamesOnly() {
        List<String> names = List.of("DNS:mirror.example.org", "DNS:*.annuaire.example.org", "IP:10.0.0.7");
        assertThat(MirrorHostName.matches("Mirror.Example.org.", names)).isTrue();
        assertThat(MirrorHostName.matches("ldap.annuaire.example.org", names)).isTrue();
        assertThat(MirrorHostName.matches("a.b.annuaire.example.org", names)).as("one label per wildcard").isFalse();
        assertThat(MirrorHostName.matches("annuaire.example.org", names)).isFalse();
        assertThat(MirrorHostName.matches("10.0.0.7", names)).isTrue();
        assertThat(MirrorHostName.matches("10.0.0.8", names)).isFalse();
        assertThat(MirrorHostName.matches("::1", List.of("IP:0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(MirrorHostName.matches("mirror.example.org", List.of("IP:10.0.0.7"))).isFalse();
    }

    @Test
    void aBindPasswordNeverGoesInClearToARemoteMirrorUnlessAllowed() throws Exception {
        MirrorConnector remote = new MirrorConnector("ldap://mirror.example.org:389", false, null);
        assertThatThrownBy(() -> remote.plaintextWarning(true, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refusing to send the bind password in clear to ldap://mirror.example.org:389: use ldaps://"
                        + " or --ldap-starttls (with --ldap-ca-file), or --ldap-allow-plaintext on a network you trust");
        assertThat(remote.plaintextWarning(true, true)).startsWith("the mirror ldap://mirror.example.org:389 is reached"
                + " without TLS: the bind password and the directory data");
        assertThat(remote.plaintextWarning(false, false)).startsWith("the mirror ldap://mirror.example.org:389 is"
                + " reached without TLS: the directory data");
        assertThat(new MirrorConnector("ldap://127.0.0.1:10389", false, null).plaintextWarning(true, false)).isNull();
        assertThat(new MirrorConnector("ldap://localhost:10389", false, null).plaintextWarning(true, false)).isNull();
        assertThat(new MirrorConnector("ldaps://mirror.example.org", false, null).plaintextWarning(true, false)).isNull();
        assertThat(new MirrorConnector("ldap://mirror.example.org", true, null).plaintextWarning(true, false)).isNull();
    }

    @Test
    void inconsistentOrUnreadableTlsSettingsAreExplained() throws Exception {
        assertThatThrownBy(() -> new MirrorConnector("ldaps://mirror.example.org", true, null))
                .hasMessage("--ldap-starttls is for ldap:// URLs: ldaps:// is TLS from the first byte");
        assertThatThrownBy(() -> new MirrorConnector("ldap://mirror.example.org", false, tls.caPem))
                .hasMessage("--ldap-ca-file needs ldaps:// or --ldap-starttls (ldap://mirror.example.org is plain LDAP)");
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> pool(tls.ldapsUrl(), false, missing)).isInstanceOf(IOException.class)
                .hasMessage("cannot read --ldap-ca-file " + missing);
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");
        assertThatThrownBy(() -> pool(tls.ldapsUrl(), false, notPem)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("--ldap-ca-file " + notPem + " ");
    }
}
