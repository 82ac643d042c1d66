package fr.mssante.operator.server.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.persistence.EntityManager;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which mail was already stored in which user's mailboxes, so that mail the spool hands over again after a crash
 * (stored, but killed before the spool's acknowledgement) is not stored twice.
 * <p>
 * The pipeline stamps each mail with {@link #HEADER} before local delivery ({@code DeliverOnce}); the message
 * mapper records (delivery id, mailbox owner) in the transaction that stores the message, so the record exists if and
 * only if the message does; {@code DeliverOnce} drops the recipients recorded for a mail before delivering it.
 * Records are kept {@link #RETENTION}: a mail the spool holds longer than that across a crash may be stored twice.
 */
public class DeliveryLedger implements Startable {
    public static final String HEADER = "X-MSSante-Delivery-Id";
    static final Duration RETENTION = Duration.ofDays(7);
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS MSSANTE_DELIVERED ("
        + "DELIVERY_ID VARCHAR(255) NOT NULL, USERNAME VARCHAR(320) NOT NULL, DELIVERED_AT BIGINT NOT NULL, "
        + "PRIMARY KEY (DELIVERY_ID, USERNAME))";
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryLedger.class);
    private static final String HEADER_PREFIX = HEADER.toLowerCase(Locale.ROOT) + ":";
    private static final String SPLIT_SUFFIX = "-!";

    private final JpaConnections connections;
    private final Clock clock;
    private final ScheduledExecutorService forgetting = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "delivery-ledger");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public DeliveryLedger(JpaConnections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
        connections.inTransaction(connection -> connection.createStatement().execute(CREATE_TABLE));
    }

    /**
     * The id shared by a mail and the copies James splits from it (their names add "-!" and digits, random, so a
     * mail handed over again after a crash is split under other names), with the recipients as the rest of the key.
     */
    public static String deliveryId(String mailName) {
        int split = mailName.indexOf(SPLIT_SUFFIX);
        return split < 0 ? mailName : mailName.substring(0, split);
    }

    /** Those of {@code usernames} that already hold the mail {@code deliveryId}. */
    public Set<String> alreadyDelivered(String deliveryId, Set<String> usernames) {
        return connections.inTransaction(connection -> {
            Set<String> delivered = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT USERNAME FROM MSSANTE_DELIVERED WHERE DELIVERY_ID = ?")) {
                select.setString(1, deliveryId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        delivered.add(rows.getString(1));
                    }
                }
            }
            delivered.retainAll(usernames);
            return delivered;
        });
    }

    /**
     * Records that {@code owner} holds the mail {@code deliveryId}, in the transaction of {@code entityManager} (the one
     * storing the message). Idempotent: the same message appended again (a client re-uploading it) records nothing new.
     */
    void record(EntityManager entityManager, String deliveryId, String owner) {
        entityManager.createNativeQuery("INSERT INTO MSSANTE_DELIVERED (DELIVERY_ID, USERNAME, DELIVERED_AT) "
                + "SELECT ?1, ?2, ?3 WHERE NOT EXISTS "
                + "(SELECT 1 FROM MSSANTE_DELIVERED WHERE DELIVERY_ID = ?4 AND USERNAME = ?5)")
            .setParameter(1, deliveryId)
            .setParameter(2, owner)
            .setParameter(3, clock.millis())
            .setParameter(4, deliveryId)
            .setParameter(5, owner)
            .executeUpdate();
    }

    /** Forgets old records now and then every day. */
    public void start() {
        forgetting.scheduleAtFixedRate(this::forgetOldQuietly, 0, 1, TimeUnit.DAYS);
    }

    private void forgetOldQuietly() {
        try {
            forgetOld();
        } catch (RuntimeException e) {
            LOGGER.error("delivery ledger: old records could not be forgotten ({}); tried again in a day", e.toString());
        }
    }

    /** Forgets the records older than {@link #RETENTION}; returns how many. */
    public int forgetOld() {
        int forgotten = connections.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM MSSANTE_DELIVERED WHERE DELIVERED_AT < ?")) {
                delete.setLong(1, clock.millis() - RETENTION.toMillis());
                return delete.executeUpdate();
            }
        });
        LOGGER.info("delivery ledger: {} records older than {} days forgotten", forgotten, RETENTION.toDays());
        return forgotten;
    }

    /**
     * The delivery id stamped in a message's header block, if any (read up to the blank line): the last one, since
     * local delivery appends it after the headers the message came with.
     */
    static Optional<String> stampedIn(InputStream headers) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(headers, StandardCharsets.US_ASCII));
        Optional<String> stamp = Optional.empty();
        for (String line = lines.readLine(); line != null && !line.isEmpty(); line = lines.readLine()) {
            if (line.regionMatches(true, 0, HEADER_PREFIX, 0, HEADER_PREFIX.length())) {
                String id = line.substring(HEADER_PREFIX.length()).strip();
                stamp = id.isEmpty() ? Optional.empty() : Optional.of(id);
            }
        }
        return stamp;
    }
}
