package fr.mssante.operator.server;

import org.apache.james.GuiceJamesServer;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.VacationRoutesModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.Configuration;

import com.google.inject.Module;
import com.google.inject.util.Modules;

import fr.mssante.operator.server.smtp.TrustSpaceSmtpModule;
import fr.mssante.operator.server.storage.ActiveMqSpoolModule;
import fr.mssante.operator.server.storage.FreeSpaceModule;
import fr.mssante.operator.server.storage.JpaDataModule;
import fr.mssante.operator.server.storage.JpaDatabaseModule;
import fr.mssante.operator.server.storage.JpaMailboxModule;
import fr.mssante.operator.server.vacation.JdbcVacationModule;

/**
 * The durable single-node MSSanté server: James 3.8.1 on JPA (embedded H2 by default) with a persistent ActiveMQ
 * spool and file mail repositories. Our trust-space extension is loaded the James way, from conf/extensions.properties;
 * James's SMTP listeners are replaced by ours so that client certificates are judged by the SMTP hooks
 * ({@link TrustSpaceSmtpModule}).
 */
public final class MssanteServer {
    private static final Module STORAGE = Modules.combine(
        new JpaDatabaseModule(),
        new JpaDataModule(),
        new JpaMailboxModule(),
        new JdbcVacationModule(),
        new ActiveMqSpoolModule(),
        new FreeSpaceModule());

    private static final Module MAIL_PROCESSING = Modules.combine(
        new MailetProcessingModule(),
        new MailboxModule(),
        new NaiveDelegationStoreModule(),
        new DefaultProcessorsConfigurationProviderModule(),
        new DefaultEventModule(),
        new TaskManagerModule(),
        new MemoryDeadLetterModule());

    private static final Module PROTOCOLS = Modules.combine(
        new ProtocolHandlerModule(),
        TrustSpaceSmtpModule.overridingJames(),
        new IMAPServerModule());

    private static final Module WEBADMIN = Modules.combine(
        new WebAdminServerModule(),
        new NoJwtModule(),
        new DataRoutesModules(),
        new VacationRoutesModule(),
        new MailboxRoutesModule(),
        new InconsistencyQuotasSolvingRoutesModule(),
        new MailQueueRoutesModule(),
        new MailRepositoriesRoutesModule(),
        new ReIndexingModule(),
        new SieveRoutesModule(),
        new WebAdminReIndexingTaskSerializationModule());

    private MssanteServer() {
    }

    public static GuiceJamesServer create(Configuration configuration) {
        return GuiceJamesServer.forConfiguration(configuration)
            .combineWith(STORAGE, MAIL_PROCESSING, PROTOCOLS, WEBADMIN);
    }
}
