package fr.mssante.operator.server.storage;

import java.util.Map;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Maximum quotas read from memory: James asks for them (user, domain and global, six queries) at RCPT, in the
 * over-quota matcher and at every delivery, while they change only through this manager (WebAdmin, the directory
 * sync). Every write clears the whole cache, after the database write; James's reactive writers call the blocking
 * ones overridden here.
 */
public class CachingMaxQuotaManager extends JPAPerUserMaxQuotaManager {
    private static final long MAX_ENTRIES = 100_000;

    private final WriteClearedCache<QuotaRoot, QuotaDetails> details = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public CachingMaxQuotaManager(EntityManagerFactory entityManagerFactory, JPAPerUserMaxQuotaDAO dao) {
        super(entityManagerFactory, dao);
    }

    @Override
    public QuotaDetails quotaDetails(QuotaRoot quotaRoot) {
        return details.get(quotaRoot,
            root -> new QuotaDetails(super.listMaxMessagesDetails(root), super.listMaxStorageDetails(root)));
    }

    @Override
    public Publisher<QuotaDetails> quotaDetailsReactive(QuotaRoot quotaRoot) {
        QuotaDetails cached = details.getIfPresent(quotaRoot);
        return cached != null ? Mono.just(cached)
            : Mono.fromCallable(() -> quotaDetails(quotaRoot)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Map<Quota.Scope, QuotaCountLimit> listMaxMessagesDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxMessageDetails();
    }

    @Override
    public Map<Quota.Scope, QuotaSizeLimit> listMaxStorageDetails(QuotaRoot quotaRoot) {
        return quotaDetails(quotaRoot).getMaxStorageDetails();
    }

    @Override
    public void setMaxStorage(QuotaRoot quotaRoot, QuotaSizeLimit maxStorageQuota) {
        super.setMaxStorage(quotaRoot, maxStorageQuota);
        invalidate();
    }

    @Override
    public void setMaxMessage(QuotaRoot quotaRoot, QuotaCountLimit maxMessageCount) {
        super.setMaxMessage(quotaRoot, maxMessageCount);
        invalidate();
    }

    @Override
    public void removeMaxMessage(QuotaRoot quotaRoot) {
        super.removeMaxMessage(quotaRoot);
        invalidate();
    }

    @Override
    public void removeMaxStorage(QuotaRoot quotaRoot) {
        super.removeMaxStorage(quotaRoot);
        invalidate();
    }

    @Override
    public void setDomainMaxMessage(Domain domain, QuotaCountLimit count) {
        super.setDomainMaxMessage(domain, count);
        invalidate();
    }

    @Override
    public void setDomainMaxStorage(Domain domain, QuotaSizeLimit size) {
        super.setDomainMaxStorage(domain, size);
        invalidate();
    }

    @Override
    public void removeDomainMaxMessage(Domain domain) {
        super.removeDomainMaxMessage(domain);
        invalidate();
    }

    @Override
    public void removeDomainMaxStorage(Domain domain) {
        super.removeDomainMaxStorage(domain);
        invalidate();
    }

    @Override
    public void setGlobalMaxStorage(QuotaSizeLimit globalMaxStorage) {
        super.setGlobalMaxStorage(globalMaxStorage);
        invalidate();
    }

    @Override
    public void removeGlobalMaxStorage() {
        super.removeGlobalMaxStorage();
        invalidate();
    }

    @Override
    public void setGlobalMaxMessage(QuotaCountLimit globalMaxMessageCount) {
        super.setGlobalMaxMessage(globalMaxMessageCount);
        invalidate();
    }

    @Override
    public void removeGlobalMaxMessage() {
        super.removeGlobalMaxMessage();
        invalidate();
    }

    private void invalidate() {
        details.clear();
    }
}
