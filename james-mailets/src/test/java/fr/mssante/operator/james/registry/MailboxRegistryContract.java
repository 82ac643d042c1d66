package fr.mssante.operator.james.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssante.operator.james.registry.MailboxRegistry.PutOutcome;

/**
 * What every database behind {@link JdbcMailboxRegistry} must do. Subclasses give a fresh, empty database per test
 * and a way to open a second pool on the same data.
 */
abstract class MailboxRegistryContract {

    private static final MailboxProfile DOCTOR = new MailboxProfile(BalType.PER, "Dr Jean Dupont", null, "Cardiologie",
        null, "+33 1 00 00 00 00", true, false, "810001234567", "1750000001", "20261121103000Z");

    private MutableClock clock;
    private JdbcMailboxRegistry registry;

    /** An empty database (no registry table). */
    abstract DataSource emptyDatabase() throws Exception;

    /** A new connection pool on the database {@link #emptyDatabase()} gave, as after a restart. */
    abstract DataSource sameDatabaseReopened() throws Exception;

    /** A database that cannot be reached. */
    abstract DataSource unreachableDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-21T10:30:00.123Z"));
        registry = new JdbcMailboxRegistry(emptyDatabase(), clock);
    }

    @Test
    void createdMailboxIsActiveWithItsProfileAndTimestamps() {
        assertThat(registry.put("medecin@demo.mssante.test", DOCTOR)).isEqualTo(PutOutcome.CREATED);

        Mailbox mailbox = registry.find("medecin@demo.mssante.test").orElseThrow();
        assertThat(mailbox.address()).isEqualTo("medecin@demo.mssante.test");
        assertThat(mailbox.domain()).isEqualTo("demo.mssante.test");
        assertThat(mailbox.profile()).isEqualTo(DOCTOR);
        assertThat(mailbox.status()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(mailbox.suspensionReason()).isNull();
        assertThat(mailbox.createdAt()).isEqualTo(Instant.parse("2026-11-21T10:30:00.123Z"));
        assertThat(mailbox.updatedAt()).isEqualTo(mailbox.createdAt());
    }

    @Test
    void unknownAddressIsAbsent() {
        assertThat(registry.find("nobody@demo.mssante.test")).isEmpty();
    }

    @Test
    void identicalPutChangesNothing() {
        registry.put("medecin@demo.mssante.test", DOCTOR);
        clock.advance(Duration.ofMinutes(5));

        assertThat(registry.put("medecin@demo.mssante.test", DOCTOR)).isEqualTo(PutOutcome.UNCHANGED);
        assertThat(registry.find("medecin@demo.mssante.test").orElseThrow().updatedAt())
            .isEqualTo(Instant.parse("2026-11-21T10:30:00.123Z"));
    }

    @Test
    void changedProfileIsUpdatedKeepingCreationTimeAndStatus() {
        registry.put("medecin@demo.mssante.test", DOCTOR);
        registry.suspend("medecin@demo.mssante.test", "left the hospital");
        clock.advance(Duration.ofMinutes(5));
        MailboxProfile moved = new MailboxProfile(BalType.PER, "Dr Jean Dupont", null, "Urgences", null, null,
            false, true, "810001234567", "1750000002", "20261122080000Z");

        assertThat(registry.put("medecin@demo.mssante.test", moved)).isEqualTo(PutOutcome.UPDATED);

        Mailbox mailbox = registry.find("medecin@demo.mssante.test").orElseThrow();
        assertThat(mailbox.profile()).isEqualTo(moved);
        assertThat(mailbox.status()).isEqualTo(MailboxStatus.SUSPENDED);
        assertThat(mailbox.suspensionReason()).isEqualTo("left the hospital");
        assertThat(mailbox.createdAt()).isEqualTo(Instant.parse("2026-11-21T10:30:00.123Z"));
        assertThat(mailbox.updatedAt()).isEqualTo(Instant.parse("2026-11-21T10:35:00.123Z"));
    }

    @Test
    void addressesAreCaseInsensitiveAndStoredLowerCase() {
        registry.put("Medecin@Demo.MSSante.test", DOCTOR);

        assertThat(registry.find("MEDECIN@demo.mssante.TEST")).map(Mailbox::address).contains("medecin@demo.mssante.test");
        assertThat(registry.put("medecin@DEMO.mssante.test", DOCTOR)).isEqualTo(PutOutcome.UNCHANGED);
        assertThat(registry.list(MailboxQuery.all())).hasSize(1);
        assertThat(registry.suspend("MEDECIN@DEMO.MSSANTE.TEST", "test")).isTrue();
        assertThat(registry.find("medecin@demo.mssante.test").orElseThrow().isSuspended()).isTrue();
    }

    @Test
    void suspendAndReactivateAreIdempotent() {
        registry.put("medecin@demo.mssante.test", DOCTOR);
        clock.advance(Duration.ofMinutes(1));
        assertThat(registry.suspend("medecin@demo.mssante.test", "on leave")).isTrue();
        Instant suspendedAt = registry.find("medecin@demo.mssante.test").orElseThrow().updatedAt();
        clock.advance(Duration.ofMinutes(1));

        assertThat(registry.suspend("medecin@demo.mssante.test", "on leave")).isTrue();
        Mailbox suspended = registry.find("medecin@demo.mssante.test").orElseThrow();
        assertThat(suspended.status()).isEqualTo(MailboxStatus.SUSPENDED);
        assertThat(suspended.suspensionReason()).isEqualTo("on leave");
        assertThat(suspended.updatedAt()).isEqualTo(suspendedAt);

        assertThat(registry.reactivate("medecin@demo.mssante.test")).isTrue();
        Instant reactivatedAt = registry.find("medecin@demo.mssante.test").orElseThrow().updatedAt();
        clock.advance(Duration.ofMinutes(1));
        assertThat(registry.reactivate("medecin@demo.mssante.test")).isTrue();

        Mailbox active = registry.find("medecin@demo.mssante.test").orElseThrow();
        assertThat(active.status()).isEqualTo(MailboxStatus.ACTIVE);
        assertThat(active.suspensionReason()).isNull();
        assertThat(active.updatedAt()).isEqualTo(reactivatedAt).isAfter(suspendedAt);
    }

    @Test
    void suspendingAgainWithAnotherReasonRecordsTheNewReason() {
        registry.put("medecin@demo.mssante.test", DOCTOR);
        registry.suspend("medecin@demo.mssante.test", "on leave");

        registry.suspend("medecin@demo.mssante.test", "struck off");

        assertThat(registry.find("medecin@demo.mssante.test").orElseThrow().suspensionReason()).isEqualTo("struck off");
    }

    @Test
    void statusChangesOfUnknownAddressReportAbsence() {
        assertThat(registry.suspend("nobody@demo.mssante.test", "x")).isFalse();
        assertThat(registry.reactivate("nobody@demo.mssante.test")).isFalse();
        assertThat(registry.find("nobody@demo.mssante.test")).isEmpty();
    }

    @Test
    void listPagesInAddressOrderWithFilters() {
        for (int i = 9; i >= 0; i--) {
            registry.put("per" + i + "@a.test", MailboxProfile.of(BalType.PER));
        }
        registry.put("secretariat@a.test", MailboxProfile.of(BalType.ORG));
        registry.put("other@b.test", MailboxProfile.of(BalType.PER));
        registry.suspend("per3@a.test", "x");

        assertThat(addresses(page(Optional.empty(), Optional.empty(), Optional.empty(), 0, 4)))
            .containsExactly("other@b.test", "per0@a.test", "per1@a.test", "per2@a.test");
        assertThat(addresses(page(Optional.empty(), Optional.empty(), Optional.empty(), 4, 4)))
            .containsExactly("per3@a.test", "per4@a.test", "per5@a.test", "per6@a.test");
        assertThat(addresses(page(Optional.empty(), Optional.empty(), Optional.empty(), 12, 4))).isEmpty();
        assertThat(addresses(page(Optional.of("A.TEST"), Optional.of(BalType.ORG), Optional.empty(), 0, 100)))
            .containsExactly("secretariat@a.test");
        assertThat(addresses(page(Optional.of("b.test"), Optional.empty(), Optional.empty(), 0, 100)))
            .containsExactly("other@b.test");
        assertThat(addresses(page(Optional.empty(), Optional.of(BalType.PER), Optional.of(MailboxStatus.SUSPENDED), 0, 100)))
            .containsExactly("per3@a.test");
        assertThat(registry.list(MailboxQuery.all())).hasSize(12);
    }

    @Test
    void dataSurvivesReopeningTheDatabase() throws Exception {
        registry.put("medecin@demo.mssante.test", DOCTOR);
        registry.suspend("medecin@demo.mssante.test", "on leave");

        JdbcMailboxRegistry reopened = new JdbcMailboxRegistry(sameDatabaseReopened(), clock);

        Mailbox mailbox = reopened.find("medecin@demo.mssante.test").orElseThrow();
        assertThat(mailbox.profile()).isEqualTo(DOCTOR);
        assertThat(mailbox.suspensionReason()).isEqualTo("on leave");
        assertThat(reopened.put("medecin@demo.mssante.test", DOCTOR)).isEqualTo(PutOutcome.UNCHANGED);
    }

    @Test
    void invalidInputIsRejectedWithAPreciseMessage() {
        assertThatThrownBy(() -> registry.put("not-an-address", DOCTOR))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not-an-address' is not a mail address");
        assertThatThrownBy(() -> MailboxProfile.of(null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mailbox type is required");
        assertThatThrownBy(() -> new MailboxProfile(BalType.PER, null, null, null, null, "0".repeat(65),
            false, false, null, null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("phone is 65 characters long, at most 64 allowed");
        assertThatThrownBy(() -> new MailboxQuery(Optional.empty(), Optional.empty(), Optional.empty(), 0, 1001))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be between 1 and 1000, got 1001");
        assertThatThrownBy(() -> BalType.parse("XYZ"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown mailbox type 'XYZ', expected one of PER, ORG, APP, CAB");
        assertThat(registry.list(MailboxQuery.all())).isEmpty();
    }

    @Test
    void storageFailureIsARegistryException() throws Exception {
        DataSource unreachable = unreachableDatabase();

        assertThatThrownBy(() -> new JdbcMailboxRegistry(unreachable, clock))
            .isInstanceOf(RegistryException.class).hasMessageContaining("cannot create the mailbox registry table");
    }

    private List<Mailbox> page(Optional<String> domain, Optional<BalType> type, Optional<MailboxStatus> status, int offset, int limit) {
        return registry.list(new MailboxQuery(domain, type, status, offset, limit));
    }

    private static List<String> addresses(List<Mailbox> mailboxes) {
        return mailboxes.stream().map(Mailbox::address).toList();
    }

    /** A clock the test moves forward, to tell "updated now" from "left alone". */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
