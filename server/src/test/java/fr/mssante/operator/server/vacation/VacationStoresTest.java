package fr.mssante.operator.server.vacation;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.internet.AddressException;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.MailAddress;
import org.apache.james.vacation.api.AccountId;
import org.apache.james.vacation.api.RecipientId;
import org.apache.james.vacation.api.Vacation;
import org.apache.james.vacation.api.VacationPatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssante.operator.server.storage.H2Units;
import fr.mssante.operator.server.storage.JpaConnections;

/**
 * The auto-reply settings and the "already answered" registry on the server's database (H2), read from memory: a row
 * changed in SQL behind their back tells whether a read went to the database.
 */
class VacationStoresTest {
    static final AccountId CARDIOLOGIE = AccountId.fromString("cardiologie@demo.mssante.test");
    static final AccountId MEDECIN = AccountId.fromString("medecin@demo.mssante.test");
    static final RecipientId CORRESPONDANT = RecipientId.fromMailAddress(mailAddress("correspondant@hopital.mssante.test"));
    static final ZonedDateTime NOW = ZonedDateTime.parse("2026-12-04T08:00:00Z");

    EntityManagerFactory factory;
    JpaConnections connections;
    final AtomicReference<ZonedDateTime> clock = new AtomicReference<>(NOW);
    JdbcVacationRepository vacations;
    JdbcNotificationRegistry registry;

    @BeforeEach
    void open() {
        factory = H2Units.inMemory();
        connections = new JpaConnections(factory);
        vacations = new JdbcVacationRepository(connections);
        registry = new JdbcNotificationRegistry(connections, clock::get);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void settingsAreReadOnceAndEveryChangeIsSeenAtOnce() {
        assertThat(vacations.retrieveVacation(CARDIOLOGIE).block().isEnabled()).isFalse();
        enable("Absent");
        assertThat(vacations.retrieveVacation(CARDIOLOGIE).block().getSubject()).contains("Absent");

        sql("UPDATE MSSANTE_VACATION SET SUBJECT = 'Change en SQL'");
        assertThat(vacations.retrieveVacation(CARDIOLOGIE).block().getSubject()).as("from memory").contains("Absent");

        enable("Conges");
        Vacation after = vacations.retrieveVacation(CARDIOLOGIE).block();
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.getSubject()).as("the change, read again").contains("Conges");
    }

    @Test
    void anAccountWithoutRegistrationIsAnsweredWithoutQuery() {
        assertThat(registry.isRegistered(MEDECIN, CORRESPONDANT).block()).isFalse();

        sql("INSERT INTO MSSANTE_VACATION_NOTIFICATION (ACCOUNT_ID, RECIPIENT_ID, EXPIRY) "
            + "VALUES ('medecin@demo.mssante.test', 'correspondant@hopital.mssante.test', NULL)");
        assertThat(registry.isRegistered(MEDECIN, CORRESPONDANT).block()).as("from memory: none").isFalse();

        registry.register(CARDIOLOGIE, CORRESPONDANT, Optional.empty()).block();
        assertThat(registry.isRegistered(MEDECIN, CORRESPONDANT).block()).as("any registration clears it").isTrue();
    }

    @Test
    void registrationsExpireAndAreFlushed() {
        registry.register(CARDIOLOGIE, CORRESPONDANT, Optional.of(NOW.plusDays(1))).block();
        assertThat(registry.isRegistered(CARDIOLOGIE, CORRESPONDANT).block()).isTrue();
        assertThat(registry.isRegistered(CARDIOLOGIE, RecipientId.fromMailAddress(mailAddress("autre@hopital.mssante.test")))
            .block()).as("another correspondent").isFalse();

        clock.set(NOW.plusDays(2));
        assertThat(registry.isRegistered(CARDIOLOGIE, CORRESPONDANT).block()).as("expired").isFalse();

        clock.set(NOW);
        registry.flush(CARDIOLOGIE).block();
        assertThat(registry.isRegistered(CARDIOLOGIE, CORRESPONDANT).block()).as("flushed").isFalse();
        registry.register(CARDIOLOGIE, CORRESPONDANT, Optional.empty()).block();
        assertThat(registry.isRegistered(CARDIOLOGIE, CORRESPONDANT).block()).as("registered again").isTrue();
    }

    private void enable(String subject) {
        vacations.modifyVacation(CARDIOLOGIE, VacationPatch.builder()
            .isEnabled(true)
            .subject(subject)
            .build()).block();
    }

    private void sql(String statement) {
        connections.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(statement)) {
                return update.executeUpdate();
            }
        });
    }

    private static MailAddress mailAddress(String address) {
        try {
            return new MailAddress(address);
        } catch (AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
