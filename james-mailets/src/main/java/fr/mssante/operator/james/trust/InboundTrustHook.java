package fr.mssante.operator.james.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.validation.CertificateProfile;
import fr.mssante.operator.trust.validation.RefusalReason;
import fr.mssante.operator.trust.validation.Verdict;
import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * Port 25, mail from other operators. At MAIL FROM the TLS peer must present a valid IGC-Santé SERV SSL
 * certificate whose DN the liste blanche lists for the sender's domain (null sender: any listed operator).
 * At RCPT only this server's own domains are accepted: an operator MTA never relays.
 */
public class InboundTrustHook implements MailHook, RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(InboundTrustHook.class);

    private final ServerTrustSpace trust;
    private final DomainList domains;

    @Inject
    public InboundTrustHook(ServerTrustSpace trust, DomainList domains) {
        this.trust = trust;
        this.domains = domains;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        HookResult result = decide(session, sender);
        if (result != HookResult.DECLINED) {
            LOGGER.info("mssante.smtp.inbound.refused session={} remote={} sender={} answer=\"{} {}\"",
                session.getSessionID(), session.getRemoteAddress(), sender.asString(),
                result.getSmtpRetCode(), result.getSmtpDescription());
        }
        return result;
    }

    private HookResult decide(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return TrustDecision.tlsRequired("Must issue a STARTTLS command first: mutual TLS is required between MSSante operators");
        }
        List<X509Certificate> chain = PeerCertificates.of(session);
        if (chain.isEmpty()) {
            return TrustDecision.tlsRequired("No client certificate: present your IGC-Santé SERV SSL certificate");
        }
        String dn = chain.get(0).getSubjectX500Principal().getName();
        Verdict verdict = trust.trustSpace().validator().validate(chain, CertificateProfile.SERV_SSL_CLIENT);
        if (!verdict.isAccepted()) {
            if (verdict.reason() == RefusalReason.CRL_UNAVAILABLE) {
                return TrustDecision.unknownForNow("Certificate revocation status unknown (" + verdict.detail() + ")");
            }
            return TrustDecision.refused("Certificate refused: " + verdict.reason() + " " + verdict.detail()
                + " (certificate " + dn + ")");
        }
        ListeBlanche listeBlanche = trust.currentListeBlanche();
        if (listeBlanche.domainCount() == 0) {
            return TrustDecision.unknownForNow("The MSSante liste blanche is not loaded on this server");
        }
        if (sender.isNullSender()) {
            return listeBlanche.isOperator(fr.mssante.operator.trust.whitelist.CanonicalDn.of(chain.get(0).getSubjectX500Principal()))
                ? HookResult.DECLINED
                : TrustDecision.refused("Certificate " + dn + " is not listed in the MSSante liste blanche");
        }
        String domain = sender.get().getDomain().asString();
        if (!listeBlanche.containsDomain(domain)) {
            return TrustDecision.refused("Sender domain " + domain + " is outside the MSSante trust space"
                + " (certificate " + dn + ")");
        }
        if (!listeBlanche.isListed(domain, chain.get(0).getSubjectX500Principal())) {
            return TrustDecision.refused("Certificate " + dn + " is not listed for sender domain " + domain
                + " in the MSSante liste blanche");
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        if (isLocal(rcpt.getDomain())) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mssante.smtp.inbound.refused session={} remote={} sender={} rcpt={} reason=NOT_LOCAL",
            session.getSessionID(), session.getRemoteAddress(), sender.asString(), rcpt.asString());
        return TrustDecision.refused("Relaying denied: " + rcpt.asString() + " is not hosted by this operator");
    }

    private boolean isLocal(Domain domain) {
        try {
            return domains.containsDomain(domain);
        } catch (DomainListException e) {
            throw new IllegalStateException("Domain list unavailable", e);
        }
    }
}
