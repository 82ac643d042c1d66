package fr.mssante.operator.admin.webadmin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/** The exception chains of the JDK HTTP client, as thrown for each failure, and the problem they are named as. */
class WebAdminProblemClassificationTest {
    private static final URI BASE = URI.create("https://webadmin.example.test:8443");

    @Test
    void unresolvedHost() {
        IOException failure = (IOException) new ConnectException().initCause(new UnresolvedAddressException());
        assertThat(WebAdminApi.classify(BASE, failure))
            .isEqualTo(new WebAdminProblem(WebAdminProblem.Kind.UNKNOWN_HOST,
                "unknown host 'webadmin.example.test' (https://webadmin.example.test:8443)"));
    }

    @Test
    void timeouts() {
        assertThat(WebAdminApi.classify(BASE, new HttpConnectTimeoutException("HTTP connect timed out")))
            .isEqualTo(new WebAdminProblem(WebAdminProblem.Kind.TIMEOUT,
                "no answer from webadmin.example.test:8443 in time (HTTP connect timed out)"));
        assertThat(WebAdminApi.classify(BASE, new HttpTimeoutException("request timed out")).kind())
            .isEqualTo(WebAdminProblem.Kind.TIMEOUT);
    }

    @Test
    void tlsFailureDeepInTheChain() {
        IOException failure = new IOException("wrapped", new SSLHandshakeException("No subject alternative names present"));
        assertThat(WebAdminApi.classify(BASE, failure)).isEqualTo(new WebAdminProblem(WebAdminProblem.Kind.TLS,
            "TLS failure with webadmin.example.test:8443: No subject alternative names present"));
    }

    @Test
    void defaultPortsAreNamed() {
        assertThat(WebAdminApi.classify(URI.create("http://127.0.0.1"), new ConnectException()).message())
            .isEqualTo("connection refused by 127.0.0.1:80: nothing listens there (is the MSSanté server running?)");
        assertThat(WebAdminApi.classify(URI.create("https://127.0.0.1"), new IOException("connection reset")))
            .isEqualTo(new WebAdminProblem(WebAdminProblem.Kind.NETWORK,
                "network error with 127.0.0.1:443: java.io.IOException: connection reset"));
    }

    @Test
    void codesAreStableLabels() {
        assertThat(WebAdminProblem.Kind.CONNECTION_REFUSED.code()).isEqualTo("connection-refused");
        assertThat(WebAdminProblem.Kind.UNAUTHORIZED.code()).isEqualTo("unauthorized");
    }
}
