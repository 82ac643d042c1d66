package fr.mssante.operator.server.storage;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.ex.ConversionException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mail spool: an embedded ActiveMQ broker persisting to KahaDB under {@code var/store/activemq}. KahaDB syncs
 * its journal before the enqueue returns, so an SMTP "250" is only sent for mail that is on disk. Each queue is
 * written through several sessions ({@link SpoolQueueFactory}) so that concurrent mails share a journal sync.
 */
public class ActiveMqSpoolModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ActiveMqSpoolModule.class);
    private static final String CONFIGURATION_NAME = "activemq";

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(SpoolQueueFactory.class).in(Scopes.SINGLETON);
        // In place of James's RawPostDequeueDecoratorModule: a processed mail is forgotten once its delivery is on disk.
        bind(MailQueueItemDecoratorFactory.class).to(DurableAcknowledgement.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    /**
     * KahaDB, with a queued mail handed to the spooler only once it is in the journal. By default KahaDB hands it over
     * while writing it: when the write failed (disk full) the sender got {@code 451} but the mail was delivered all the
     * same, and stored twice when the sender tried again.
     */
    @Provides
    @Singleton
    KahaDBPersistenceAdapter kahaDb() {
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        kahaDb.setConcurrentStoreAndDispatchQueues(false);
        return kahaDb;
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(SpoolQueueFactory factory) {
        factory.setUseJMX(true);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> typedQueues(SpoolQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    ActiveMQConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfigurations(CONFIGURATION_NAME));
        } catch (FileNotFoundException e) {
            LOGGER.info("No {}.properties: ActiveMQ spool uses its defaults", CONFIGURATION_NAME);
            return ActiveMQConfiguration.getDefault();
        }
    }

    @Provides
    @Singleton
    SpoolSettings spoolSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return SpoolSettings.from(propertiesProvider.getConfigurations(CONFIGURATION_NAME));
        } catch (FileNotFoundException e) {
            return SpoolSettings.defaults();
        } catch (IllegalArgumentException | ConversionException e) {
            throw new ConfigurationException("conf/" + CONFIGURATION_NAME + ".properties: " + e.getMessage(), e);
        }
    }

    @ProvidesIntoSet
    InitializationOperation startMetricCollector(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
