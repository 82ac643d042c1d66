package fr.mssante.operator.server.storage;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;

import fr.mssante.operator.james.h2.H2FileGauges;
import fr.mssante.operator.james.h2.H2FileUsage;

/** The file gauges of James's own database ({@link H2FileGauges}, database name "james"), registered at start. */
public class MailboxDatabaseGauges {
    public static final String DATABASE = "james";

    @Inject
    public MailboxDatabaseGauges(JpaConnections database, GaugeRegistry gauges) {
        H2FileGauges.register(DATABASE, () -> database.inTransaction(H2FileUsage::of), gauges);
    }
}
