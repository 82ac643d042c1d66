package fr.mssante.operator.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import fr.mssante.operator.trust.Pkis;
import fr.mssante.operator.trust.anchor.Hierarchy;
import fr.mssante.operator.trust.anchor.TrustAnchors;
import fr.mssante.operator.trust.crl.CrlFetcher;
import fr.mssante.operator.trust.crl.CrlStore;
import fr.mssante.operator.trust.pki.IssuedCertificate;
import fr.mssante.operator.trust.pki.TestPki;
import fr.mssante.operator.trust.tls.OperatorKeys;
import fr.mssante.operator.trust.tls.TrustSpaceSsl;
import fr.mssante.operator.trust.validation.CertificateValidator;
import fr.mssante.operator.trust.validation.ProfilePolicies;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The liste blanche fetched over HTTPS from a real local server, trusting only the IGC-Santé anchors. */
class HttpsListeBlancheSourceTest {
    static final char[] PW = "pw".toCharArray();

    @TempDir
    Path dir;

    @Test
    void fetchesFromAnIgcSanteServerAndRefusesALookAlike() throws Exception {
        TestPki pki = Pkis.main();
        IssuedCertificate feed = pki.issueServerCertificate("localhost", "318000000000100", "ESPACE DE CONFIANCE");
        IssuedCertificate fake = Pkis.lookAlike().issueServerCertificate("localhost", "318000000000100", "ESPACE DE CONFIANCE");
        byte[] xml = Files.readAllBytes(pki.writeListeBlanche(dir.resolve("lb.xml"),
                Map.of("x.mssante.fr", List.of(feed.certificate()))));
        CrlStore crls = new CrlStore(CrlStore.Settings.defaults(null), CrlFetcher.OFFLINE, Clock.systemUTC());
        crls.loadDirectory(pki.writeCrls(Duration.ofDays(1)));
        CertificateValidator validator = new CertificateValidator(TrustAnchors.of(Hierarchy.TEST, pki.anchors()),
                ProfilePolicies.defaults(Hierarchy.TEST), crls, Clock.systemUTC());
        SSLContext clientContext = TrustSpaceSsl.igcSanteHttpsContext(validator);

        HttpsServer good = serve(feed, validator, xml);
        HttpsServer bad = serve(fake, validator, xml);
        try {
            ListeBlancheStore store = new ListeBlancheStore(ListeBlancheSource.https(url(good), clientContext,
                    Duration.ofSeconds(5)), dir.resolve("last-good.xml"), 0.10);
            ListeBlancheStore.Outcome ok = store.start();
            assertThat(ok.installed()).as(ok.message()).isTrue();
            assertThat(store.current().containsDomain("x.mssante.fr")).isTrue();

            ListeBlancheStore fromFake = new ListeBlancheStore(ListeBlancheSource.https(url(bad), clientContext,
                    Duration.ofSeconds(5)), null, 0.10);
            ListeBlancheStore.Outcome refused = fromFake.start();
            assertThat(refused.installed()).isFalse();
            assertThat(refused.message()).contains("cannot fetch");
            assertThat(fromFake.current().domainCount()).isZero();
        } finally {
            good.stop(0);
            bad.stop(0);
        }
    }

    private static URI url(HttpsServer s) {
        return URI.create("https://localhost:" + s.getAddress().getPort() + "/listeblanchemssante.xml");
    }

    private static HttpsServer serve(IssuedCertificate cert, CertificateValidator validator, byte[] body) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        SSLContext ctx = TrustSpaceSsl.context(OperatorKeys.fromKeyStore(cert.keyStore(PW), PW),
                new fr.mssante.operator.trust.tls.TrustSpaceTrustManager(validator,
                        java.util.Set.of(fr.mssante.operator.trust.validation.CertificateProfile.SERV_SSL_CLIENT),
                        fr.mssante.operator.trust.validation.CertificateProfile.SERV_SSL_SERVER, null));
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/listeblanchemssante.xml", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
