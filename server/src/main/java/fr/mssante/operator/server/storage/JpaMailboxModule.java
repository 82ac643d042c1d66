package fr.mssante.operator.server.storage;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.ex.ConversionException;
import org.apache.james.adapter.mailbox.ACLUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.MailboxUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.QuotaUsernameChangeTaskStep;
import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.adapter.mailbox.UserRepositoryAuthorizator;
import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.CurrentQuotaCalculator;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.ListeningCurrentQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaUpdater;
import org.apache.james.mailbox.store.quota.StoreQuotaManager;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.quota.search.QuotaSearcher;
import org.apache.james.quota.search.scanning.ScanningQuotaSearcher;
import org.apache.james.user.api.UsernameChangeTaskStep;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.MailboxManagerDefinition;
import org.apache.lucene.store.Directory;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import com.google.inject.name.Names;

/**
 * Mailboxes and messages in the JPA database, per-user quotas, and a Lucene search index under
 * {@code var/lucene}. Thread ids use the naive algorithm: the search-based one scans the whole mailbox on every
 * delivery, which APP mailboxes holding tens of thousands of messages cannot afford. Several James classes are
 * replaced by subclasses that save database round trips at every delivery: docs/server-storage.md says which and why.
 */
public class JpaMailboxModule extends AbstractModule {
    static final String LUCENE_FOLDER = "var/lucene";

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());

        // James's JPA mappers; the message mapper also hands what it appends to the search index (RecentAppends).
        bind(RecentAppends.class).in(Scopes.SINGLETON);
        bind(IndexFeedingMapperFactory.class).in(Scopes.SINGLETON);
        bind(DeliveryLedger.class).in(Scopes.SINGLETON);
        // Before any protocol starts: without them every IMAP count reads the whole server's unseen messages.
        bind(MessageFlagIndexes.class).asEagerSingleton();
        bind(MailboxDatabaseGauges.class).asEagerSingleton();
        bind(JPAMailboxSessionMapperFactory.class).to(IndexFeedingMapperFactory.class);
        bind(MailboxSessionMapperFactory.class).to(IndexFeedingMapperFactory.class);
        bind(MessageMapperFactory.class).to(IndexFeedingMapperFactory.class);
        bind(MailboxMapperFactory.class).to(IndexFeedingMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(IndexFeedingMapperFactory.class);

        bind(OpenJPAMailboxManager.class).in(Scopes.SINGLETON);
        bind(MailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(StoreMailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(MailboxManager.class).annotatedWith(Names.named(MailboxManager.class.getSimpleName().toLowerCase()))
            .to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);
        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class).addBinding().to(JpaMailboxManagerDefinition.class);

        // The mapper factory asks for James's concrete JPA providers: ours reserve UIDs and mod-sequences by blocks.
        bind(ReservingModSeqProvider.class).in(Scopes.SINGLETON);
        bind(JPAModSeqProvider.class).to(ReservingModSeqProvider.class);
        bind(ModSeqProvider.class).to(ReservingModSeqProvider.class);
        bind(ReservingUidProvider.class).in(Scopes.SINGLETON);
        bind(JPAUidProvider.class).to(ReservingUidProvider.class);
        bind(UidProvider.class).to(ReservingUidProvider.class);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);

        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);
        bind(SessionProvider.class).to(SessionProviderImpl.class);
        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(UserRepositoryAuthorizator.class).in(Scopes.SINGLETON);
        bind(Authorizator.class).to(UserRepositoryAuthorizator.class);
        bind(UnionMailboxACLResolver.class).in(Scopes.SINGLETON);
        bind(MailboxACLResolver.class).to(UnionMailboxACLResolver.class);
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(ReIndexer.class).to(ReIndexerImpl.class);

        Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class)
            .addBinding().to(MailboxAnnotationListener.class);
        Multibinder<UsernameChangeTaskStep> usernameChangeSteps = Multibinder.newSetBinder(binder(), UsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(MailboxUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(ACLUsernameChangeTaskStep.class);
        usernameChangeSteps.addBinding().to(QuotaUsernameChangeTaskStep.class);

        configureQuotas();
        configureSearch();
    }

    private void configureQuotas() {
        bind(DefaultUserQuotaRootResolver.class).in(Scopes.SINGLETON);
        bind(UserQuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.class);
        bind(CachingMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(MaxQuotaManager.class).to(CachingMaxQuotaManager.class);
        bind(StoreQuotaManager.class).in(Scopes.SINGLETON);
        bind(QuotaManager.class).to(StoreQuotaManager.class);
        bind(CachedCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(CurrentQuotaManager.class).to(CachedCurrentQuotaManager.class);
        bind(SqlCurrentQuotaCalculator.class).in(Scopes.SINGLETON);
        bind(CurrentQuotaCalculator.class).to(SqlCurrentQuotaCalculator.class);
        bind(ListeningCurrentQuotaUpdater.class).in(Scopes.SINGLETON);
        bind(QuotaUpdater.class).to(ListeningCurrentQuotaUpdater.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(ListeningCurrentQuotaUpdater.class);
        bind(ScanningQuotaSearcher.class).in(Scopes.SINGLETON);
        bind(QuotaSearcher.class).to(ScanningQuotaSearcher.class);
    }

    private void configureSearch() {
        bind(StartupGate.class).in(Scopes.SINGLETON);
        bind(LuceneSearchIndex.class).in(Scopes.SINGLETON);
        bind(LuceneMessageSearchIndex.class).to(LuceneSearchIndex.class);
        bind(MessageSearchIndex.class).to(LuceneSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(LuceneSearchIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(LuceneSearchIndex.class);
    }

    @Provides
    @Singleton
    SearchIndexSettings searchIndexSettings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return SearchIndexSettings.from(propertiesProvider.getConfiguration(JpaDatabaseModule.CONFIGURATION_NAME));
        } catch (FileNotFoundException e) {
            throw new ConfigurationException("conf/" + JpaDatabaseModule.CONFIGURATION_NAME + ".properties is required", e);
        } catch (IllegalArgumentException | ConversionException e) {
            throw new ConfigurationException("conf/" + JpaDatabaseModule.CONFIGURATION_NAME + ".properties: " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    LastStop lastStop(FileSystem fileSystem) throws FileNotFoundException {
        return LastStop.take(new File(fileSystem.getBasedir(), "var").toPath());
    }

    @ProvidesIntoSet
    InitializationOperation completeStartup(CurrentQuotaRecovery quotaRecovery, LuceneSearchIndex searchIndex,
                                            StartupGate startupGate) {
        // The last start-up operation (see StartupGate): quotas are recovered while no mail is delivered (their
        // recount would race with deliveries); the search index check, which reads every message's metadata, runs
        // in the background once mail flows (LuceneSearchIndex keeps the two apart).
        return InitilizationOperationBuilder.forClass(StartupGate.Complete.class).init(() -> {
            quotaRecovery.recoverIfNeeded();
            startupGate.open();
            searchIndex.recoverInBackground();
        });
    }

    @ProvidesIntoSet
    InitializationOperation startDeliveryLedger(DeliveryLedger ledger) {
        return InitilizationOperationBuilder.forClass(DeliveryLedger.class).init(ledger::start);
    }

    @ProvidesIntoSet
    InitializationOperation startSearchIndex(LuceneSearchIndex index) {
        return InitilizationOperationBuilder.forClass(LuceneSearchIndex.class).init(index::start);
    }

    @Provides
    @Singleton
    SearchIndexFolder searchIndexFolder(FileSystem fileSystem) throws IOException {
        // A folder of its own: opened at the working directory root, Lucene would lock and litter it.
        return SearchIndexFolder.open(new File(fileSystem.getBasedir(), LUCENE_FOLDER).toPath());
    }

    @Provides
    @Singleton
    Directory luceneDirectory(SearchIndexFolder folder) {
        return folder.directory();
    }

    @Singleton
    static class JpaMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        JpaMailboxManagerDefinition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }
}
