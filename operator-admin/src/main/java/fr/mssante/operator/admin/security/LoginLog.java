package fr.mssante.operator.admin.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** One log line per console login, accepted or refused, with the client address: greppable "console login". */
@Component
class LoginLog {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoginLog.class);

    @EventListener
    void accepted(AuthenticationSuccessEvent event) {
        LOGGER.info("console login accepted: user '{}' from {}", event.getAuthentication().getName(),
            address(event.getAuthentication()));
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        LOGGER.warn("console login refused: user '{}' from {}: {}", event.getAuthentication().getName(),
            address(event.getAuthentication()), event.getException().getMessage());
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : "an unknown address";
    }
}
