package fr.mssante.operator.james.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.rrt.api.CanSendFrom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.Verdict;

/**
 * Certificate login for software (APP mailboxes): on the certificate submission listener, the TLS client
 * certificate is an IGC-Santé ORG authentication certificate, mapped by {@link CertificateLogins} to a mailbox;
 * the session is then authenticated as that mailbox, and MAIL FROM must be it (or one it may send for).
 * James has no SASL EXTERNAL; this is its equivalent, decided at MAIL FROM.
 */
public class CertificateLoginHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateLoginHook.class);

    private final ServerTrustSpace trust;
    private final CertificateLogins logins;
    private final CanSendFrom canSendFrom;

    @Inject
    public CertificateLoginHook(ServerTrustSpace trust, CertificateLogins logins, CanSendFrom canSendFrom) {
        this.trust = trust;
        this.logins = logins;
        this.canSendFrom = canSendFrom;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        HookResult result = decide(session, sender);
        if (result != HookResult.DECLINED) {
            LOGGER.info("mssante.smtp.certificate-login.refused session={} remote={} sender={} answer=\"{} {}\"",
                session.getSessionID(), session.getRemoteAddress(), sender.asString(),
                result.getSmtpRetCode(), result.getSmtpDescription());
        }
        return result;
    }

    private HookResult decide(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return TrustDecision.tlsRequired("Must issue a STARTTLS command first: certificate login needs TLS");
        }
        List<X509Certificate> chain = PeerCertificates.of(session);
        if (chain.isEmpty()) {
            return TrustDecision.tlsRequired("No client certificate: present your IGC-Santé ORG authentication certificate");
        }
        String dn = chain.get(0).getSubjectX500Principal().getName();
        Verdict verdict = trust.trustSpace().validator().validate(chain, CertificateProfile.ORG_AUTH);
        if (!verdict.isAccepted()) {
            if (verdict.reason() == RefusalReason.CRL_UNAVAILABLE) {
                return TrustDecision.unknownForNow("Certificate revocation status unknown (" + verdict.detail() + ")");
            }
            return TrustDecision.refused("Certificate refused: " + verdict.reason() + " " + verdict.detail()
                + " (certificate " + dn + ")");
        }
        Optional<Username> mailbox = logins.mailboxOf(chain.get(0).getSubjectX500Principal());
        if (mailbox.isEmpty()) {
            return TrustDecision.refused("Certificate " + dn + " is not mapped to a mailbox on this server");
        }
        if (sender.isNullSender() || !canSendFrom.userCanSendFrom(mailbox.get(), Username.of(sender.get().asString()))) {
            return TrustDecision.refused("Certificate " + dn + " logs into " + mailbox.get().asString()
                + ", which may not send as " + sender.asString());
        }
        session.setUsername(mailbox.get());
        session.setRelayingAllowed(true);
        LOGGER.info("mssante.smtp.certificate-login session={} mailbox={} certificate=\"{}\"",
            session.getSessionID(), mailbox.get().asString(), dn);
        return HookResult.DECLINED;
    }
}
