package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** Maximum quotas served from memory must never hide a change made through the manager. */
class CachingMaxQuotaManagerTest {
    static final Domain DOMAIN = Domain.of("demo.mssante.test");
    static final QuotaRoot MEDECIN = QuotaRoot.quotaRoot("#private&medecin@demo.mssante.test", Optional.of(DOMAIN));

    EntityManagerFactory factory;
    CachingMaxQuotaManager maximums;

    @BeforeEach
    void open() {
        factory = H2Units.inMemory();
        maximums = new CachingMaxQuotaManager(factory, new JPAPerUserMaxQuotaDAO(factory));
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void everyBlockingWriterOfMaximumsIsOverriddenToClearTheCache() {
        List<String> writers = Arrays.stream(MaxQuotaManager.class.getMethods())
            .map(Method::getName)
            .filter(name -> name.startsWith("set") || name.startsWith("remove"))
            .filter(name -> !name.endsWith("Reactive"))
            .distinct()
            .toList();
        List<String> overridden = Arrays.stream(CachingMaxQuotaManager.class.getDeclaredMethods())
            .map(Method::getName)
            .toList();

        assertThat(writers).hasSizeGreaterThanOrEqualTo(12);
        assertThat(overridden).containsAll(writers);
    }

    @Test
    void blockingWritesAtEachScopeAreSeenByTheNextRead() throws Exception {
        assertThat(maximums.getMaxStorage(MEDECIN)).isEmpty();

        maximums.setGlobalMaxStorage(QuotaSizeLimit.size(3000));
        assertThat(maximums.getMaxStorage(MEDECIN)).contains(QuotaSizeLimit.size(3000));
        maximums.setDomainMaxStorage(DOMAIN, QuotaSizeLimit.size(2000));
        assertThat(maximums.getMaxStorage(MEDECIN)).contains(QuotaSizeLimit.size(2000));
        maximums.setMaxStorage(MEDECIN, QuotaSizeLimit.size(1000));
        assertThat(maximums.listMaxStorageDetails(MEDECIN)).containsEntry(Quota.Scope.User, QuotaSizeLimit.size(1000))
            .containsEntry(Quota.Scope.Domain, QuotaSizeLimit.size(2000))
            .containsEntry(Quota.Scope.Global, QuotaSizeLimit.size(3000));

        maximums.removeMaxStorage(MEDECIN);
        maximums.removeDomainMaxStorage(DOMAIN);
        assertThat(maximums.getMaxStorage(MEDECIN)).contains(QuotaSizeLimit.size(3000));
        maximums.removeGlobalMaxStorage();
        assertThat(maximums.getMaxStorage(MEDECIN)).isEmpty();
    }

    @Test
    void reactiveWritesAreSeenByTheNextReactiveRead() throws Exception {
        assertThat(Mono.from(maximums.quotaDetailsReactive(MEDECIN)).block().getMaxMessageDetails()).isEmpty();

        Mono.from(maximums.setMaxMessageReactive(MEDECIN, QuotaCountLimit.count(10))).block();
        assertThat(Mono.from(maximums.quotaDetailsReactive(MEDECIN)).block().getMaxMessageDetails())
            .containsEntry(Quota.Scope.User, QuotaCountLimit.count(10));

        Mono.from(maximums.setDomainMaxMessageReactive(DOMAIN, QuotaCountLimit.count(20))).block();
        Mono.from(maximums.removeMaxMessageReactive(MEDECIN)).block();
        assertThat(Mono.from(maximums.quotaDetailsReactive(MEDECIN)).block().getMaxMessageDetails())
            .containsOnlyKeys(Quota.Scope.Domain);

        Mono.from(maximums.setGlobalMaxMessageReactive(QuotaCountLimit.count(30))).block();
        Mono.from(maximums.removeDomainMaxMessageReactive(DOMAIN)).block();
        assertThat(maximums.getMaxMessage(MEDECIN)).contains(QuotaCountLimit.count(30));
        Mono.from(maximums.removeGlobalMaxMessageReactive()).block();
        assertThat(maximums.getMaxMessage(MEDECIN)).isEmpty();
    }

    @Test
    void aWriteThroughAnotherManagerIsNotSeenWhichIsWhyThisOneMustBeTheOnlyWriter() throws Exception {
        maximums.getMaxStorage(MEDECIN);
        new CachingMaxQuotaManager(factory, new JPAPerUserMaxQuotaDAO(factory)).setMaxStorage(MEDECIN, QuotaSizeLimit.size(5));

        assertThat(maximums.getMaxStorage(MEDECIN)).as("served from the cache").isEmpty();
    }
}
