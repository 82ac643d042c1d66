package fr.mssante.operator.james.trust;

import java.util.Map;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * Submission (587, 465): every recipient is local or in a domain of the MSSanté liste blanche; anything else is
 * refused at RCPT, so the LPS learns it at once instead of through a bounce.
 */
public class SubmissionTrustHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionTrustHook.class);

    private final ServerTrustSpace trust;
    private final DomainList domains;

    @Inject
    public SubmissionTrustHook(ServerTrustSpace trust, DomainList domains) {
        this.trust = trust;
        this.domains = domains;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt, Map<String, String> parameters) {
        try {
            if (domains.containsDomain(rcpt.getDomain())) {
                return HookResult.DECLINED;
            }
        } catch (DomainListException e) {
            throw new IllegalStateException("Domain list unavailable", e);
        }
        ListeBlanche listeBlanche = trust.currentListeBlanche();
        if (listeBlanche.domainCount() == 0) {
            return TrustDecision.unknownForNow("The MSSante liste blanche is not loaded on this server");
        }
        if (listeBlanche.containsDomain(rcpt.getDomain().asString())) {
            return HookResult.DECLINED;
        }
        LOGGER.info("mssante.smtp.submission.refused session={} user={} sender={} rcpt={} reason=OUTSIDE_TRUST_SPACE",
            session.getSessionID(), session.getUsername(), sender.asString(), rcpt.asString());
        return TrustDecision.refused("recipient outside the MSSante trust space (" + rcpt.getDomain().asString()
            + " is not in the liste blanche)");
    }
}
