package fr.mssante.operator.james.audit;

import static fr.mssante.operator.james.audit.AuditEvents.T0;
import static fr.mssante.operator.james.audit.AuditEvents.inboundAccepted;
import static fr.mssante.operator.james.audit.AuditEvents.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the audit table must do on any supported database (H2 by default, PostgreSQL). */
abstract class AuditRepositoryContract {

    private static final String DOCTOR = "medecin@demo.mssante.test";
    private static final String NURSE = "infirmier@demo.mssante.test";

    private JdbcAuditRepository repository;

    /** A database without the audit table. */
    abstract DataSource emptyDatabase() throws Exception;

    /** The same database, as a restarted server would open it. */
    abstract DataSource sameDatabaseReopened() throws Exception;

    /** A database that cannot be reached. */
    abstract DataSource unreachableDatabase();

    @BeforeEach
    void open() throws Exception {
        repository = new JdbcAuditRepository(emptyDatabase());
    }

    private static QueryBuilder query() {
        return new QueryBuilder();
    }

    @Test
    void everyFieldReadsBackAsWritten() {
        AuditEvent event = inboundAccepted(T0, DOCTOR);

        repository.append(event);

        assertThat(repository.query(AuditQuery.all())).containsExactly(event);
        assertThat(event.mailFrom()).isEqualTo("expediteur@autre-operateur.mssante.test");
        assertThat(event.enhancedStatusCode()).isEqualTo("2.6.0");
        assertThat(event.reason()).isEqualTo("Message received");
    }

    @Test
    void nullFieldsStayNull() {
        AuditEvent bare = AuditEvent.builder(T0, AuditDirection.OUTBOUND, AuditDecision.BOUNCED).build();

        repository.append(bare);

        assertThat(repository.query(AuditQuery.all())).containsExactly(bare);
        assertThat(repository.query(AuditQuery.all()).get(0).size()).isNull();
    }

    @Test
    void newestFirstAndPaged() {
        for (int i = 0; i < 5; i++) {
            repository.append(inboundAccepted(T0.plusSeconds(i), "r" + i + "@demo.mssante.test"));
        }

        assertThat(repository.query(AuditQuery.all())).extracting(AuditEvent::recipient)
            .containsExactly("r4@demo.mssante.test", "r3@demo.mssante.test", "r2@demo.mssante.test",
                "r1@demo.mssante.test", "r0@demo.mssante.test");
        assertThat(repository.query(query().offset(1).limit(2).build())).extracting(AuditEvent::recipient)
            .containsExactly("r3@demo.mssante.test", "r2@demo.mssante.test");
        assertThat(repository.query(query().offset(5).build())).isEmpty();
    }

    @Test
    void eventsOfTheSameInstantComeLatestWrittenFirst() {
        repository.appendAll(List.of(inboundAccepted(T0, "a@demo.mssante.test"), inboundAccepted(T0, "b@demo.mssante.test")));

        assertThat(repository.query(AuditQuery.all())).extracting(AuditEvent::recipient)
            .containsExactly("b@demo.mssante.test", "a@demo.mssante.test");
    }

    @Test
    void eachFilterSelectsItsEvents() {
        AuditEvent accepted = inboundAccepted(T0, DOCTOR);
        AuditEvent submissionRefused = refused(T0.plusSeconds(10), AuditDirection.SUBMISSION, NURSE, "x@gmail.test");
        AuditEvent inboundRefused = refused(T0.plusSeconds(20), AuditDirection.INBOUND, "spoof@demo.mssante.test", NURSE);
        repository.appendAll(List.of(accepted, submissionRefused, inboundRefused));

        assertThat(repository.query(query().from(T0.plusSeconds(10)).build())).containsExactly(inboundRefused, submissionRefused);
        assertThat(repository.query(query().to(T0.plusSeconds(10)).build())).containsExactly(accepted);
        assertThat(repository.query(query().from(T0.plusSeconds(5)).to(T0.plusSeconds(15)).build())).containsExactly(submissionRefused);
        assertThat(repository.query(query().direction(AuditDirection.SUBMISSION).build())).containsExactly(submissionRefused);
        assertThat(repository.query(query().decision(AuditDecision.REFUSED).build())).containsExactly(inboundRefused, submissionRefused);
        assertThat(repository.query(query().sender("INFIRMIER@demo.mssante.test").build())).containsExactly(submissionRefused);
        assertThat(repository.query(query().recipient("Medecin@Demo.mssante.test").build())).containsExactly(accepted);
        assertThat(repository.query(query().peerIp("192.0.2.10").build())).containsExactly(accepted);
        assertThat(repository.query(query().messageId("<20261121.1@autre-operateur.mssante.test>").build())).containsExactly(accepted);
        assertThat(repository.query(query().user(NURSE).build())).containsExactly(submissionRefused);
        assertThat(repository.query(query().direction(AuditDirection.INBOUND).decision(AuditDecision.REFUSED).recipient(NURSE).build()))
            .containsExactly(inboundRefused);
        assertThat(repository.query(query().sender("nobody@demo.mssante.test").build())).isEmpty();
    }

    @Test
    void purgeDeletesOnlyOlderEvents() {
        AuditEvent old = inboundAccepted(T0, DOCTOR);
        AuditEvent boundary = inboundAccepted(T0.plusSeconds(60), NURSE);
        repository.appendAll(List.of(old, boundary));

        assertThat(repository.purgeBefore(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(repository.query(AuditQuery.all())).containsExactly(boundary);
        assertThat(repository.purgeBefore(T0.plusSeconds(60))).isZero();
    }

    @Test
    void eventsSurviveReopeningTheDatabase() throws Exception {
        AuditEvent event = inboundAccepted(T0, DOCTOR);
        repository.append(event);

        repository = new JdbcAuditRepository(sameDatabaseReopened());

        assertThat(repository.query(AuditQuery.all())).containsExactly(event);
    }

    @Test
    void longValuesAreClippedNotRefused() {
        String longReason = "x".repeat(5000);
        AuditEvent event = AuditEvent.builder(T0, AuditDirection.INBOUND, AuditDecision.REFUSED)
            .reason(longReason)
            .recipient("a".repeat(400) + "@demo.mssante.test")
            .build();

        repository.append(event);

        AuditEvent stored = repository.query(AuditQuery.all()).get(0);
        assertThat(stored.reason()).hasSize(AuditEvent.MAX_TEXT).startsWith("xxx").endsWith("…");
        assertThat(stored.recipient()).hasSize(AuditEvent.MAX_ADDRESS);
    }

    @Test
    void anUnreachableDatabaseIsAStorageError() {
        assertThatThrownBy(() -> new JdbcAuditRepository(unreachableDatabase()))
            .isInstanceOf(AuditStorageException.class)
            .hasMessage("cannot create the audit table mssante_audit");
    }

    @Test
    void aDatabaseLostAfterStartIsAStorageError() throws Exception {
        repository = new JdbcAuditRepository(sameDatabaseReopened());
        loseTheDatabase();

        assertThatThrownBy(() -> repository.append(inboundAccepted(T0, DOCTOR)))
            .isInstanceOf(AuditStorageException.class)
            .hasMessage("cannot write 1 audit event(s)");
        assertThatThrownBy(() -> repository.query(AuditQuery.all())).isInstanceOf(AuditStorageException.class);
        assertThatThrownBy(() -> repository.purgeBefore(T0)).isInstanceOf(AuditStorageException.class);
    }

    /** Makes the database of the last {@link #sameDatabaseReopened()} unusable. */
    abstract void loseTheDatabase() throws Exception;

    @Test
    void badQueriesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> query().limit(0).build()).hasMessage("limit must be between 1 and 1000, got 0");
        assertThatThrownBy(() -> query().offset(-1).build()).hasMessage("offset must be >= 0, got -1");
        assertThatThrownBy(() -> query().from(T0).to(T0).build())
            .hasMessage("from (2026-11-21T10:30:00.123456Z) must be before to (2026-11-21T10:30:00.123456Z)");
    }
}
