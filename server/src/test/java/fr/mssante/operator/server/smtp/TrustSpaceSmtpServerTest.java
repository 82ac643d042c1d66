package fr.mssante.operator.server.smtp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.smtpserver.netty.SmtpMetricsImpl;
import org.junit.jupiter.api.Test;

/** A {@code <clientAuth>} listener defers certificate checks to a hook, so it must have one (checked at start). */
class TrustSpaceSmtpServerTest {
    private static final String TLS = "<tls socketTLS=\"false\" startTLS=\"true\"><keystore>file://conf/tls/server.p12</keystore>"
        + "<keystoreType>PKCS12</keystoreType><secret>s</secret>%s<clientAuth><truststore>file://conf/tls/trust.p12</truststore>"
        + "<truststoreType>PKCS12</truststoreType><truststoreSecret>s</truststoreSecret></clientAuth></tls>";

    @Test
    void clientAuthListenerWithInboundTrustHookStarts() {
        assertThatCode(() -> configure(listener(String.format(TLS, ""), "fr.mssante.operator.james.trust.InboundTrustHook")))
            .doesNotThrowAnyException();
    }

    @Test
    void clientAuthListenerWithCertificateLoginHookStarts() {
        assertThatCode(() -> configure(listener(String.format(TLS, ""), "fr.mssante.operator.james.trust.CertificateLoginHook")))
            .doesNotThrowAnyException();
    }

    @Test
    void clientAuthListenerWithoutCertificateHookIsRefused() {
        assertThatThrownBy(() -> configure(listener(String.format(TLS, ""), "fr.mssante.operator.james.smtp.RequireAuthHook")))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("SMTP listener mx-test has <clientAuth> but none of")
            .hasMessageContaining("InboundTrustHook");
    }

    @Test
    void clientAuthListenerAskingForTlsLayerRevocationChecksIsRefused() {
        String tls = String.format(TLS, "<enableOCSPCRLChecks>true</enableOCSPCRLChecks>");
        assertThatThrownBy(() -> configure(listener(tls, "fr.mssante.operator.james.trust.InboundTrustHook")))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("<enableOCSPCRLChecks> is not supported");
    }

    @Test
    void listenerWithoutClientAuthNeedsNoCertificateHook() {
        String tls = "<tls socketTLS=\"true\" startTLS=\"false\"><keystore>file://conf/tls/server.p12</keystore>"
            + "<keystoreType>PKCS12</keystoreType><secret>s</secret></tls>";
        assertThatCode(() -> configure(listener(tls, "fr.mssante.operator.james.smtp.RequireAuthHook")))
            .doesNotThrowAnyException();
    }

    private static String listener(String tls, String handler) {
        return "<smtpserver enabled=\"true\"><jmxName>mx-test</jmxName><bind>127.0.0.1:0</bind>" + tls
            + "<handlerchain><handler class=\"" + handler + "\"/>"
            + "<handler class=\"org.apache.james.smtpserver.CoreCmdHandlerLoader\"/></handlerchain></smtpserver>";
    }

    private static void configure(String xml) throws Exception {
        new TrustSpaceSmtpServer(new SmtpMetricsImpl(new RecordingMetricFactory()), null)
            .configure(FileConfigurationProvider.getConfig(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }
}
