package fr.mssante.operator.james.trust;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.security.auth.x500.X500Principal;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Username;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.trust.whitelist.CanonicalDn;

/**
 * Which mailbox a software's IGC-Santé ORG authentication certificate logs into, from
 * {@code conf/certificate-logins.properties}: one line per mailbox, {@code mailbox = certificate subject DN}
 * (compared canonically: attribute order, spacing and case do not matter, so a renewed certificate with the same
 * subject keeps working). No file: no certificate login.
 */
@Singleton
public class CertificateLogins {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertificateLogins.class);
    static final String CONFIGURATION_NAME = "certificate-logins";

    private final Map<CanonicalDn, Username> mailboxBySubject;

    @Inject
    public CertificateLogins(PropertiesProvider propertiesProvider) throws ConfigurationException {
        this(read(propertiesProvider));
    }

    CertificateLogins(Map<CanonicalDn, Username> mailboxBySubject) {
        this.mailboxBySubject = Map.copyOf(mailboxBySubject);
    }

    public Optional<Username> mailboxOf(X500Principal subject) {
        return Optional.ofNullable(mailboxBySubject.get(CanonicalDn.of(subject)));
    }

    private static Map<CanonicalDn, Username> read(PropertiesProvider propertiesProvider) throws ConfigurationException {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: certificate login disabled", CONFIGURATION_NAME);
            return Map.of();
        }
        Map<CanonicalDn, Username> mailboxes = new HashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String mailbox = keys.next();
            // James's reader splits values on commas: a DN is rebuilt from its pieces.
            String subject = String.join(",", configuration.getStringArray(mailbox));
            CanonicalDn dn;
            try {
                dn = CanonicalDn.parse(subject);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(CONFIGURATION_NAME + ".properties: invalid DN for " + mailbox + ": " + subject, e);
            }
            Username previous = mailboxes.put(dn, Username.of(mailbox));
            if (previous != null) {
                throw new ConfigurationException(CONFIGURATION_NAME + ".properties: " + subject
                    + " is mapped to both " + previous.asString() + " and " + mailbox);
            }
        }
        LOGGER.info("Certificate login: {} certificate subjects mapped to mailboxes", mailboxes.size());
        return mailboxes;
    }
}
