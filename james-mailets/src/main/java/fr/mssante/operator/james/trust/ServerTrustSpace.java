package fr.mssante.operator.james.trust;

import java.io.FileNotFoundException;
import java.util.Iterator;
import java.util.Properties;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.james.audit.OutboundDeliveryAudit;
import fr.mssante.operator.trust.TrustSpace;
import fr.mssante.operator.trust.TrustSpaceConfig;
import fr.mssante.operator.trust.tls.MssanteSocketFactory;
import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * The server's one trust space (IGC-Santé anchors, CRLs, liste blanche, our SERV SSL key), started from
 * {@code conf/trust.properties} ({@code {workingDirectory}} in a value stands for James's working directory).
 * Also hands its SSLContext to the socket factory RemoteDelivery loads by class name, with the audit trail's
 * observer of outbound sessions ({@link OutboundDeliveryAudit}).
 */
@Singleton
public class ServerTrustSpace {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerTrustSpace.class);
    static final String CONFIGURATION_NAME = "trust";
    static final String WORKING_DIRECTORY_TOKEN = "{workingDirectory}";

    private final TrustSpace trustSpace;

    @Inject
    public ServerTrustSpace(PropertiesProvider propertiesProvider, JamesDirectoriesProvider directories,
                            OutboundDeliveryAudit outboundAudit) throws ConfigurationException {
        Configuration configuration;
        try {
            configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
        } catch (FileNotFoundException e) {
            throw new ConfigurationException("conf/" + CONFIGURATION_NAME + ".properties is required by the MSSanté "
                + "trust hooks (IGC-Santé anchors, liste blanche): see docs/trust-space-smtp.md", e);
        }
        this.trustSpace = TrustSpace.start(TrustSpaceConfig.from(toProperties(configuration, directories.getRootDirectory())));
        MssanteSocketFactory.install(trustSpace.sslContext(), this::currentListeBlanche, outboundAudit);
        LOGGER.info("mssante.trust.started listeBlanche={}", currentListeBlanche());
    }

    public TrustSpace trustSpace() {
        return trustSpace;
    }

    /** The liste blanche in force; empty (every lookup fails, fail closed) when none was ever accepted. */
    public ListeBlanche currentListeBlanche() {
        return trustSpace.listeBlanche() == null ? ListeBlanche.EMPTY : trustSpace.listeBlanche().current();
    }

    @PreDestroy
    public void close() {
        trustSpace.close();
    }

    static Properties toProperties(Configuration configuration, String workingDirectory) {
        Properties properties = new Properties();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            // James's reader splits values on commas: join them back (anchor lists, policy OID lists).
            String value = String.join(",", configuration.getStringArray(key));
            properties.setProperty(key, value.replace(WORKING_DIRECTORY_TOKEN, workingDirectory));
        }
        return properties;
    }
}
