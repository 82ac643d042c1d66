package fr.mssante.operator.server.smtp;

import java.util.List;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.lib.SslConfig;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.trust.CertificateLoginHook;
import fr.mssante.operator.james.trust.InboundTrustHook;

/**
 * James's SMTP listener, except on a listener with {@code <clientAuth>}: there the TLS layer only checks that the
 * client's chain reaches the truststore's anchors ({@link ClientAuthTls}), and the certificate's dates, key usage,
 * profile, policy and revocation are judged at MAIL FROM by the listener's certificate hook, which answers
 * {@code 550 5.7.1} with the reason instead of a bare TLS alert. Such a listener must therefore have one of those
 * hooks: without it, it would accept any certificate of the anchors, so it does not start.
 */
public class TrustSpaceSmtpServer extends SMTPServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(TrustSpaceSmtpServer.class);
    static final List<String> CERTIFICATE_HOOKS = List.of(InboundTrustHook.class.getName(), CertificateLoginHook.class.getName());

    private final FileSystem files;
    private SslConfig clientAuthTls;

    public TrustSpaceSmtpServer(SmtpMetrics metrics, FileSystem files) {
        super(metrics);
        this.files = files;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> config) throws ConfigurationException {
        super.doConfigure(config);
        SslConfig tls = SslConfig.parse(config);
        if (tls.getClientAuth() != ClientAuth.NEED || tls.getTruststore() == null) {
            return;
        }
        String listener = config.getString("jmxName", config.getString("bind", "smtpserver"));
        List<String> handlers = List.of(config.getStringArray("handlerchain.handler[@class]"));
        if (handlers.stream().noneMatch(CERTIFICATE_HOOKS::contains)) {
            throw new ConfigurationException("SMTP listener " + listener + " has <clientAuth> but none of " + CERTIFICATE_HOOKS
                + " in its handlerchain: the TLS layer checks only the chain to the anchors, one of these hooks must"
                + " judge the client certificate");
        }
        if (tls.ocspCRLChecksEnabled()) {
            throw new ConfigurationException("SMTP listener " + listener + ": <enableOCSPCRLChecks> is not supported with"
                + " <clientAuth> on this server; revocation is checked by " + CERTIFICATE_HOOKS + " against the IGC-Santé CRLs");
        }
        clientAuthTls = tls;
        LOGGER.info("mssante.smtp.tls listener={} client certificates: chain to {} at the TLS layer; dates, key usage,"
            + " profile and revocation at MAIL FROM by the certificate hook", listener, tls.getTruststore());
    }

    @Override
    protected void buildSSLContext() throws Exception {
        if (clientAuthTls == null) {
            super.buildSSLContext();
        } else {
            encryption = ClientAuthTls.encryption(files, clientAuthTls);
        }
    }
}
