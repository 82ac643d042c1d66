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
import fr.mssante.operator.server.storage.WriteClearedCache;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Who already got an auto-reply during the current absence: durable, so a restart does not make the server answer
 * every correspondent a second time. James's vacation mailet asks for every recipient of every mail, absent or not:
 * whether an account has any registration at all is kept in memory (for most accounts, none: no query), cleared
 * after each {@link #register} and {@link #flush}, the only writers.
 */
public class JdbcNotificationRegistry implements NotificationRegistry {
    private static final long MAX_ENTRIES = 100_000;

    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS MSSANTE_VACATION_NOTIFICATION ("
        + "ACCOUNT_ID VARCHAR(255) NOT NULL, RECIPIENT_ID VARCHAR(320) NOT NULL, EXPIRY VARCHAR(64), "
        + "PRIMARY KEY (ACCOUNT_ID, RECIPIENT_ID))";

    private final JpaConnections connections;
    private final ZonedDateTimeProvider clock;
    private final WriteClearedCache<AccountId, Boolean> anyRegistration = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public JdbcNotificationRegistry(JpaConnections connections, ZonedDateTimeProvider clock) {
        this.connections = connections;
        this.clock = clock;
        connections.inTransaction(connection -> connection.createStatement().execute(CREATE_TABLE));
    }

    @Override
    public Mono<Void> register(AccountId accountId, RecipientId recipientId, Optional<ZonedDateTime> expiryDate) {
        return Mono.fromRunnable(() -> clearingAfter(() -> connections.inTransaction(connection -> {
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
        }))).subscribeOn(Schedulers.boundedElastic()).then();
    }

    @Override
    public Mono<Boolean> isRegistered(AccountId accountId, RecipientId recipientId) {
        return Mono.defer(() -> Boolean.FALSE.equals(anyRegistration.getIfPresent(accountId))
            ? Mono.just(false)
            : Mono.fromCallable(() -> anyRegistration.get(accountId, this::hasAnyRegistration)
                    && isRegistered(accountId.getIdentifier(), recipientId.getAsString()))
                .subscribeOn(Schedulers.boundedElastic()));
    }

    private boolean hasAnyRegistration(AccountId accountId) {
        return connections.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ? FETCH FIRST 1 ROWS ONLY")) {
                select.setString(1, accountId.getIdentifier());
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private boolean isRegistered(String accountId, String recipientId) {
        return connections.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT EXPIRY FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ? AND RECIPIENT_ID = ?")) {
                select.setString(1, accountId);
                select.setString(2, recipientId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    String expiry = row.getString(1);
                    return expiry == null || !clock.get().isAfter(ZonedDateTime.parse(expiry));
                }
            }
        });
    }

    @Override
    public Mono<Void> flush(AccountId accountId) {
        return Mono.fromRunnable(() -> clearingAfter(() -> connections.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM MSSANTE_VACATION_NOTIFICATION WHERE ACCOUNT_ID = ?")) {
                delete.setString(1, accountId.getIdentifier());
                return delete.executeUpdate();
            }
        }))).subscribeOn(Schedulers.boundedElastic()).then();
    }

    /** After the commit, so that a read of the old rows cannot be kept (WriteClearedCache). */
    private void clearingAfter(Runnable write) {
        try {
            write.run();
        } finally {
            anyRegistration.clear();
        }
    }
}
