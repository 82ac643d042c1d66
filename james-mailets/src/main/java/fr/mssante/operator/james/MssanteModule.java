package fr.mssante.operator.james;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Clock;

import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import fr.mssante.operator.james.audit.AuditModule;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import fr.mssante.operator.james.registry.MailboxRegistry;

/**
 * Bindings for the MSSanté extension classes (WebAdmin routes, SMTP hooks). James installs it in the
 * injector it uses for extensions when {@code conf/extensions.properties} lists it:
 * {@code guice.extension.module=fr.mssante.operator.james.MssanteModule}.
 * No DataSource is bound as such, so it cannot collide with a DataSource of the James composition.
 */
public class MssanteModule extends AbstractModule {

    private static final Logger LOGGER = LoggerFactory.getLogger(MssanteModule.class);
    static final String PROPERTIES_FILE = "mssante";

    @Override
    protected void configure() {
        bind(RegistryDatabase.class).in(Scopes.SINGLETON);
        bind(RegistryDatabaseGauges.class).asEagerSingleton();
        install(new AuditModule());
    }

    @Provides
    @Singleton
    RegistryDatabaseConfiguration registryDatabaseConfiguration(PropertiesProvider propertiesProvider,
                                                                JamesDirectoriesProvider directories) throws ConfigurationException {
        Path varDirectory = Path.of(directories.getVarDirectory());
        try {
            RegistryDatabaseConfiguration configuration = RegistryDatabaseConfiguration.from(
                propertiesProvider.getConfiguration(PROPERTIES_FILE), varDirectory);
            LOGGER.info("mailbox registry configured from {}.properties: {}", PROPERTIES_FILE, configuration);
            return configuration;
        } catch (FileNotFoundException e) {
            RegistryDatabaseConfiguration configuration = RegistryDatabaseConfiguration.defaults(varDirectory);
            LOGGER.info("no {}.properties: mailbox registry uses the default {}", PROPERTIES_FILE, configuration);
            return configuration;
        }
    }

    @Provides
    @Singleton
    MailboxRegistry mailboxRegistry(RegistryDatabase database, Clock clock) {
        return new JdbcMailboxRegistry(database.dataSource(), clock);
    }
}
