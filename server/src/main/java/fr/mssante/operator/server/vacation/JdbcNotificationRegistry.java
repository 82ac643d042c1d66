package fr.mssante.operator.server.vacation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZonedDateTime;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.util.date.ZonedDateTimeProvider;
import org.apache.james.vacation.api.AccountId;
import org.apache.james.vacation.api.NotificationRegistry;
import org.apache.james.vacation.api.RecipientId;

import fr.mssante.operator.server.storage.JpaConnections;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Who already got an auto-reply during the current absence: durable, so a restart does not make the server answer
 * every correspondent a second time.
 */
public class JdbcNotificationRegistry implements NotificationRegistry {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS MSSANTE_VACATION_NOTIFICATION ("
        + "ACCOUNT_ID VARCHAR(255) NOT NULL, RECIPIENT_ID VARCHAR(320) NOT NULL, EXPIRY VARCHAR(64), "
        + "PRIMARY KEY (ACCOUNT_ID, RECIPIENT_ID))";

    private final JpaConnections connections;
    private final ZonedDateTimeProvider clock;

    @Inject
    public JdbcNotificationRegistry(JpaConnections connections, ZonedDateTimeProvider clock) {
        this.connections = connections;
        this.clock = clock;
        connections.inTransaction(connection -> connection.createStatement().execute(CREATE_TABLE));
    }

    @Override
    public Mono<Void> register(AccountId accountId, RecipientId recipientId, Optional<ZonedDateTime> expiryDate) {
        return Mono.fromRunnable(() -> connections.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ? AND RECIPIENT_ID = ?")) {
                delete.setString(1, accountId.getIdentifier());
                delete.setString(2, recipientId.getAsString());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO MSSANTE_VACATION_NOTIFICATION (ACCOUNT_ID, RECIPIENT_ID, EXPIRY) VALUES (?, ?, ?)")) {
                insert.setString(1, accountId.getIdentifier());
                insert.setString(2, recipientId.getAsString());
                insert.setString(3, expiryDate.map(ZonedDateTime::toString).orElse(null));
                insert.executeUpdate();
            }
            return null;
        })).subscribeOn(Schedulers.boundedElastic()).then();
    }

    @Override
    public Mono<Boolean> isRegistered(AccountId accountId, RecipientId recipientId) {
        return Mono.fromCallable(() -> connections.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT EXPIRY FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ? AND RECIPIENT_ID = ?")) {
                select.setString(1, accountId.getIdentifier());
                select.setString(2, recipientId.getAsString());
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    String expiry = row.getString(1);
                    return expiry == null || !clock.get().isAfter(ZonedDateTime.parse(expiry));
                }
            }
        })).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Void> flush(AccountId accountId) {
        return Mono.fromRunnable(() -> connections.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ?")) {
                delete.setString(1, accountId.getIdentifier());
                return delete.executeUpdate();
            }
        })).subscribeOn(Schedulers.boundedElastic()).then();
    }
}
