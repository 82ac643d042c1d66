package fr.mssante.operator.james;

import java.sql.Connection;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;

import fr.mssante.operator.james.h2.H2FileGauges;
import fr.mssante.operator.james.h2.H2FileUsage;

/** The registry database's file gauges ({@link H2FileGauges}, database name "mssante"), registered at start. */
public class RegistryDatabaseGauges {
    public static final String DATABASE = "mssante";

    @Inject
    public RegistryDatabaseGauges(RegistryDatabase database, GaugeRegistry gauges) {
        H2FileGauges.register(DATABASE, () -> {
            try (Connection connection = database.dataSource().getConnection()) {
                return H2FileUsage.of(connection);
            }
        }, gauges);
    }
}
