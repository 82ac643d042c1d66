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
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.queue.api.MailQueue.MailQueueItem;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool forgets (or retries) a processed mail only once what its processing committed asynchronously is on disk. */
class DurableAcknowledgementTest {
    static final QuotaRoot ROOT = QuotaRoot.quotaRoot("#private&dpi@demo.mssante.test", Optional.of(Domain.of("demo.mssante.test")));

    @TempDir
    Path directory;
    EntityManagerFactory factory;
    JpaConnections database;
    List<String> events = new ArrayList<>();
    long before;

    @BeforeEach
    void open() {
        factory = H2Units.durableFile(directory);
        database = new JpaConnections(factory);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void theAcknowledgementWaitsForTheAsynchronousCommitsOfTheProcessing() throws Exception {
        before = syncs();
        quotas().increase(operation()).block(); // commits without waiting for the disk, as a delivery does
        events.add("processed after " + syncsSinceStart() + " sync");

        new DurableAcknowledgement(database).decorate(item(), MailQueueName.of("spool"))
            .done(MailQueueItem.CompletionStatus.SUCCESS);

        assertThat(events).containsExactly("processed after 0 sync", "done(SUCCESS) after 1 sync");
    }

    @Test
    void nothingCommittedAsynchronouslyNothingToWaitFor() throws Exception {
        quotas().setCurrentQuotas(operation()).block(); // durable when it returns
        before = syncs();

        new DurableAcknowledgement(database).decorate(item(), MailQueueName.of("spool"))
            .done(MailQueueItem.CompletionStatus.RETRY);

        assertThat(events).containsExactly("done(RETRY) after 0 sync");
    }

    private CachedCurrentQuotaManager quotas() {
        return new CachedCurrentQuotaManager(database);
    }

    private static QuotaOperation operation() {
        return new QuotaOperation(ROOT, QuotaCountUsage.count(1), QuotaSizeUsage.size(10_000));
    }

    private long syncs() {
        return H2Units.syncs(directory);
    }

    private long syncsSinceStart() {
        return syncs() - before;
    }

    private MailQueueItem item() {
        return new MailQueueItem() {
            @Override
            public Mail getMail() {
                return null;
            }

            @Override
            public void done(CompletionStatus status) {
                events.add("done(" + status + ") after " + syncsSinceStart() + " sync");
            }
        };
    }
}
