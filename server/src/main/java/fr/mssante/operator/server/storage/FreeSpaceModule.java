package fr.mssante.operator.server.storage;

import java.io.File;
import java.io.FileNotFoundException;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.util.Size;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

/** The storage volume's free space ({@link FreeSpace}), with its minimum from conf/mssante.properties. */
public class FreeSpaceModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(FreeSpace.class);
    }

    @Provides
    @Singleton
    FreeSpace freeSpace(FileSystem fileSystem, PropertiesProvider propertiesProvider) throws ConfigurationException {
        String minFree;
        try {
            Configuration configuration = propertiesProvider.getConfiguration("mssante");
            minFree = configuration.getString(FreeSpace.MIN_FREE, FreeSpace.DEFAULT_MIN_FREE);
        } catch (FileNotFoundException e) {
            minFree = FreeSpace.DEFAULT_MIN_FREE;
        }
        try {
            return new FreeSpace(new File(fileSystem.getBasedir(), "var").toPath(), Size.parse(minFree).asBytes());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("conf/mssante.properties: " + FreeSpace.MIN_FREE + "=" + minFree
                + " is not a size (e.g. 512M, 2G): " + e.getMessage(), e);
        } catch (FileNotFoundException e) {
            throw new ConfigurationException("cannot find the working directory", e);
        }
    }
}
