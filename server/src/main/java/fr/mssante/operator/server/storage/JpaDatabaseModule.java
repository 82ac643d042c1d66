package fr.mssante.operator.server.storage;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The one JPA persistence unit ("Global", declared in our META-INF/persistence.xml) shared by every James JPA store.
 * Connection settings come from {@code conf/james-database.properties}: {@code database.driverClassName},
 * {@code database.url} (where {@code {workingDirectory}} stands for the server's working directory), optional {@code database.username}/{@code database.password}; any {@code openjpa.*} key is
 * handed to OpenJPA unchanged (that is how H2's dictionary settings are given).
 */
public class JpaDatabaseModule extends AbstractModule {
    static final String CONFIGURATION_NAME = "james-database";
    static final String WORKING_DIRECTORY_TOKEN = "{workingDirectory}";

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(PropertiesProvider propertiesProvider, JamesDirectoriesProvider directories)
            throws FileNotFoundException, ConfigurationException {
        Configuration database = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
        Map<String, String> properties = new HashMap<>();
        properties.put("openjpa.ConnectionDriverName", required(database, "database.driverClassName"));
        properties.put("openjpa.ConnectionURL", jdbcUrl(database, directories.getRootDirectory()));
        String username = database.getString("database.username", "");
        if (!username.isBlank()) {
            properties.put("openjpa.ConnectionUserName", username);
            properties.put("openjpa.ConnectionPassword", database.getString("database.password", ""));
        }
        properties.put("openjpa.Multithreaded", "true");
        Iterator<String> openJpaKeys = database.getKeys("openjpa");
        while (openJpaKeys.hasNext()) {
            String key = openJpaKeys.next();
            // James's properties reader splits values on commas; join them back for OpenJPA plugin strings.
            properties.put(key, String.join(",", database.getStringArray(key)));
        }
        return Persistence.createEntityManagerFactory("Global", properties);
    }

    /** {@code database.url} with {@code {workingDirectory}} replaced. */
    public static String jdbcUrl(Configuration database, String workingDirectory) throws ConfigurationException {
        return required(database, "database.url").replace(WORKING_DIRECTORY_TOKEN, workingDirectory);
    }

    private static String required(Configuration configuration, String key) throws ConfigurationException {
        String value = configuration.getString(key, null);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(CONFIGURATION_NAME + ".properties: '" + key + "' is required");
        }
        return value;
    }
}
