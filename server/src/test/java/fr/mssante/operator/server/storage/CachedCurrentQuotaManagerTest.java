package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Usage written through to James's table (read back by James's own JPA manager) and served from memory. */
class CachedCurrentQuotaManagerTest {
    static final QuotaRoot APP = QuotaRoot.quotaRoot("#private&dpi@demo.mssante.test", Optional.of(Domain.of("demo.mssante.test")));

    EntityManagerFactory factory;
    CachedCurrentQuotaManager usage;

    @BeforeEach
    void open() {
        factory = H2Units.inMemory();
        usage = new CachedCurrentQuotaManager(new JpaConnections(factory));
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void increasesAndDecreasesAreStoredAndSeenAtOnce() {
        assertThat(usage.getCurrentQuotas(APP).block()).isEqualTo(CurrentQuotas.emptyQuotas());

        usage.increase(operation(1, 10_000)).block();
        usage.increase(operation(2, 500)).block();
        usage.decrease(operation(1, 200)).block();

        CurrentQuotas expected = new CurrentQuotas(QuotaCountUsage.count(2), QuotaSizeUsage.size(10_300));
        assertThat(usage.getCurrentQuotas(APP).block()).isEqualTo(expected);
        assertThat(usage.getCurrentMessageCount(APP).block()).isEqualTo(QuotaCountUsage.count(2));
        assertThat(usage.getCurrentStorage(APP).block()).isEqualTo(QuotaSizeUsage.size(10_300));
        assertThat(storedByJames()).as("the row James's JPA manager reads").isEqualTo(expected);
        assertThat(new CachedCurrentQuotaManager(new JpaConnections(factory)).getCurrentQuotas(APP).block())
            .as("after a restart").isEqualTo(expected);
    }

    @Test
    void deliveriesAndExpungesDoNotWaitForTheDiskARecomputationDoes(@TempDir Path directory) {
        EntityManagerFactory durable = H2Units.durableFile(directory);
        try {
            JpaConnections connections = new JpaConnections(durable);
            CachedCurrentQuotaManager quotas = new CachedCurrentQuotaManager(connections);
            quotas.getCurrentQuotas(APP).block();
            long before = H2Units.syncs(directory);

            quotas.increase(operation(2, 20_000)).block();
            quotas.decrease(operation(1, 10_000)).block();
            assertThat(H2Units.syncs(directory)).as("changes under the mailbox lock commit without an fsync wait")
                .isEqualTo(before);
            assertThat(new CachedCurrentQuotaManager(connections).getCurrentQuotas(APP).block()).as("committed")
                .isEqualTo(new CurrentQuotas(QuotaCountUsage.count(1), QuotaSizeUsage.size(10_000)));

            quotas.setCurrentQuotas(operation(1, 10_000)).block();
            assertThat(H2Units.syncs(directory)).as("a recomputation is durable when it returns").isGreaterThan(before);
        } finally {
            durable.close();
        }
    }

    @Test
    void aRecomputationReplacesTheUsage() {
        usage.increase(operation(5, 5_000)).block();

        usage.setCurrentQuotas(operation(3, 1_234)).block();

        CurrentQuotas expected = new CurrentQuotas(QuotaCountUsage.count(3), QuotaSizeUsage.size(1_234));
        assertThat(usage.getCurrentQuotas(APP).block()).isEqualTo(expected);
        assertThat(storedByJames()).isEqualTo(expected);
    }

    @Test
    void concurrentDeliveriesForOneMailboxLoseNoIncrement() {
        usage.getCurrentQuotas(APP).block();
        List<Mono<Void>> deliveries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            deliveries.add(usage.increase(operation(1, 100)));
        }

        Flux.merge(deliveries).blockLast();

        CurrentQuotas expected = new CurrentQuotas(QuotaCountUsage.count(200), QuotaSizeUsage.size(20_000));
        assertThat(usage.getCurrentQuotas(APP).block()).isEqualTo(expected);
        assertThat(storedByJames()).isEqualTo(expected);
    }

    private CurrentQuotas storedByJames() {
        return new JpaCurrentQuotaManager(factory).getCurrentQuotas(APP).block();
    }

    private static QuotaOperation operation(long count, long size) {
        return new QuotaOperation(APP, QuotaCountUsage.count(count), QuotaSizeUsage.size(size));
    }
}
