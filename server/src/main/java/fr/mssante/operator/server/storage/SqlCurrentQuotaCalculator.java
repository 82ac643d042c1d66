package fr.mssante.operator.server.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.quota.QuotaCountUsage;
import org.apache.james.core.quota.QuotaSizeUsage;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.model.CurrentQuotas;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.quota.CurrentQuotaCalculator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A quota root's current usage counted by the database in one aggregate over its mailboxes, where James loads every
 * message's metadata through JPA to add them up (about 150 µs a message: minutes for a large server). Used by the
 * recovery after a crash, which holds delivery back while it runs, and by WebAdmin's RecomputeCurrentQuotas task.
 */
public class SqlCurrentQuotaCalculator extends CurrentQuotaCalculator {
    private final QuotaRootResolver quotaRoots;
    private final JpaConnections connections;

    @Inject
    public SqlCurrentQuotaCalculator(MailboxSessionMapperFactory factory, QuotaRootResolver quotaRoots,
                                     JpaConnections connections) {
        super(factory, quotaRoots);
        this.quotaRoots = quotaRoots;
        this.connections = connections;
    }

    @Override
    public Mono<CurrentQuotas> recalculateCurrentQuotas(QuotaRoot quotaRoot, MailboxSession session) {
        return Flux.from(quotaRoots.retrieveAssociatedMailboxes(quotaRoot, session))
            .map(mailbox -> ((JPAId) mailbox.getMailboxId()).getRawId())
            .collectList()
            .publishOn(Schedulers.boundedElastic())
            .map(this::count);
    }

    private CurrentQuotas count(List<Long> mailboxIds) {
        if (mailboxIds.isEmpty()) {
            return CurrentQuotas.emptyQuotas();
        }
        String placeholders = String.join(", ", Collections.nCopies(mailboxIds.size(), "?"));
        return connections.inTransaction(connection -> {
            try (PreparedStatement sum = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(MAIL_CONTENT_OCTETS_COUNT), 0)"
                + " FROM JAMES_MAIL WHERE MAILBOX_ID IN (" + placeholders + ")")) {
                for (int i = 0; i < mailboxIds.size(); i++) {
                    sum.setLong(i + 1, mailboxIds.get(i));
                }
                try (ResultSet row = sum.executeQuery()) {
                    row.next();
                    return new CurrentQuotas(QuotaCountUsage.count(row.getLong(1)), QuotaSizeUsage.size(row.getLong(2)));
                }
            }
        });
    }
}
