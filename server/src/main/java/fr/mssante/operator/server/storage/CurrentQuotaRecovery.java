package fr.mssante.operator.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.QuotaOperation;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.quota.CurrentQuotaCalculator;
import org.apache.james.user.api.UsersRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * After a run that did not stop cleanly, recomputes every user's current quota from the mailboxes before mail flows.
 * James counts a delivery in the quota after the message is committed, from an event: a crash in between leaves the
 * message stored and uncounted (or an expunge counted), and a quota off by that much refuses or admits mail wrongly.
 */
public final class CurrentQuotaRecovery {
    private static final Logger LOGGER = LoggerFactory.getLogger(CurrentQuotaRecovery.class);
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final LastStop lastStop;
    private final UsersRepository users;
    private final UserQuotaRootResolver quotaRoots;
    private final CurrentQuotaCalculator calculator;
    private final CurrentQuotaManager currentQuotas;
    private final SessionProvider sessions;
    private final MailboxSessionMapperFactory mappers;

    @Inject
    public CurrentQuotaRecovery(LastStop lastStop, UsersRepository users, UserQuotaRootResolver quotaRoots,
                                CurrentQuotaCalculator calculator, CurrentQuotaManager currentQuotas, SessionProvider sessions,
                                MailboxSessionMapperFactory mappers) {
        this.lastStop = lastStop;
        this.users = users;
        this.quotaRoots = quotaRoots;
        this.calculator = calculator;
        this.currentQuotas = currentQuotas;
        this.sessions = sessions;
        this.mappers = mappers;
    }

    public void recoverIfNeeded() {
        if (lastStop.wasClean()) {
            return;
        }
        long started = System.nanoTime();
        List<Username> all = Flux.from(users.listReactive()).collectList().block();
        if (all.isEmpty()) {
            // A first start: no user, so no quota to recompute and nothing to warn about.
            LOGGER.info("quota recovery: no clean-stop mark and no user yet (a first start): nothing to recompute");
            return;
        }
        LOGGER.warn("quota recovery: no clean-stop mark (the last run was killed, or this is the first start);"
            + " recomputing every user's current quota from the mailboxes before mail is delivered");
        List<String> failed = new ArrayList<>();
        long lastProgress = started;
        int done = 0;
        for (Username user : all) {
            QuotaRoot root = quotaRoots.forUser(user);
            try {
                recompute(user, root);
            } catch (RuntimeException e) {
                failed.add(root.getValue());
                LOGGER.error("quota recovery: current quota of {} could not be recomputed ({})", root.getValue(), e.toString());
            }
            done++;
            if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
                lastProgress = System.nanoTime();
                LOGGER.info("quota recovery: {}/{} users", done, all.size());
            }
        }
        if (failed.isEmpty()) {
            LOGGER.info("quota recovery done in {} ms: {} users recomputed",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), all.size());
        } else {
            LOGGER.error("quota recovery: {} of {} users failed: {}; fix the cause, then run"
                + " POST /quota/users?task=RecomputeCurrentQuotas on WebAdmin", failed.size(), all.size(), failed);
        }
    }

    private void recompute(Username user, QuotaRoot root) {
        MailboxSession session = sessions.createSystemSession(user);
        try {
            calculator.recalculateCurrentQuotas(root, session)
                .flatMap(quotas -> Mono.from(currentQuotas.setCurrentQuotas(QuotaOperation.from(root, quotas))))
                .block();
        } finally {
            mappers.endProcessingRequest(session);
        }
    }
}
