package fr.mssante.operator.james.trust;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * SMTP answers of the trust hooks: the code tells the peer whether to retry, the text tells a human why. Texts are
 * US-ASCII, as SMTP replies must be (so "MSSante", without the accent).
 */
final class TrustDecision {
    private TrustDecision() {
    }

    /** 530 5.7.0: the session lacks TLS or a client certificate. */
    static HookResult tlsRequired(String why) {
        return result(HookReturnCode.deny(), "530", "5.7.0 " + why);
    }

    /** 550 5.7.1: refused by trust-space policy; retrying will not help. */
    static HookResult refused(String why) {
        return result(HookReturnCode.deny(), "550", "5.7.1 " + why);
    }

    /** 454 4.7.0: the trust state is temporarily unknown (CRL or liste blanche unavailable): retry later. */
    static HookResult unknownForNow(String why) {
        return result(HookReturnCode.denySoft(), "454", "4.7.0 " + why + ": try again later");
    }

    private static HookResult result(HookReturnCode code, String smtpCode, String description) {
        return HookResult.builder().hookReturnCode(code).smtpReturnCode(smtpCode).smtpDescription(description).build();
    }
}
