package fr.mssante.operator.james.audit;

import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/** Audit trail bindings, installed by {@code MssanteModule}: one {@link AuditTrail} shared by hooks, mailets, route. */
public class AuditModule extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditModule.class);
    private static final String PROPERTIES_FILE = "mssante";

    @Override
    protected void configure() {
        // Eager: created (and so disposed, first in last out) before the mail spooler, which still delivers, and
        // audits, mails in flight while James stops.
        bind(AuditTrail.class).asEagerSingleton();
        bind(AuditRepository.class).to(AuditTrail.class);
    }

    @Provides
    @Singleton
    AuditConfiguration auditConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return AuditConfiguration.from(propertiesProvider.getConfiguration(PROPERTIES_FILE));
        } catch (FileNotFoundException e) {
            LOGGER.info("no {}.properties: audit retention is the default {}", PROPERTIES_FILE, AuditConfiguration.DEFAULT_RETENTION);
            return AuditConfiguration.defaults();
        }
    }
}
