package fr.mssante.operator.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import fr.mssante.operator.james.registry.MailboxProfile;

class ActiveMailboxRcptHookTest {

    private static final MaybeSender SENDER = MaybeSender.getMailSender("expediteur@autre-operateur.test");

    @TempDir
    Path dir;
    private RegistryDatabase database;
    private JdbcMailboxRegistry registry;
    private ActiveMailboxRcptHook hook;

    @BeforeEach
    void open() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(dir));
        registry = new JdbcMailboxRegistry(database.dataSource(), Clock.systemUTC());
        hook = new ActiveMailboxRcptHook(registry);
        registry.put("medecin@demo.mssante.test", MailboxProfile.of(BalType.PER));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private HookResult rcpt(String address) throws Exception {
        return hook.doRcpt(new BaseFakeSMTPSession(), SENDER, new MailAddress(address), Map.of());
    }

    @Test
    void suspendedMailboxIsRefusedWith550And521() throws Exception {
        registry.suspend("medecin@demo.mssante.test", "left the hospital");

        HookResult result = rcpt("medecin@demo.mssante.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).isEqualTo("5.2.1 mailbox <medecin@demo.mssante.test> is suspended");
    }

    @Test
    void suspensionIsFoundWhateverTheCaseOfTheRecipient() throws Exception {
        registry.suspend("medecin@demo.mssante.test", null);

        assertThat(rcpt("Medecin@DEMO.mssante.test").getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void activeMailboxIsLeftToJamesChecks() throws Exception {
        assertThat(rcpt("medecin@demo.mssante.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void reactivatedMailboxIsLeftToJamesChecks() throws Exception {
        registry.suspend("medecin@demo.mssante.test", "on leave");
        registry.reactivate("medecin@demo.mssante.test");

        assertThat(rcpt("medecin@demo.mssante.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void unregisteredAddressIsLeftToJamesChecks() throws Exception {
        assertThat(rcpt("inconnu@demo.mssante.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("someone@elsewhere.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void addressTooLongToBeRegisteredIsLeftToJamesChecks() throws Exception {
        assertThat(rcpt("a".repeat(320) + "@demo.mssante.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void unreadableRegistryIsATemporaryFailure() throws Exception {
        database.close();

        HookResult result = rcpt("medecin@demo.mssante.test");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).startsWith("4.3.0 mailbox registry temporarily unavailable");
    }
}
