package fr.mssante.operator.james.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.mail.MessagingException;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;

/** The mailet with James's FakeMail / FakeMailContext, writing to the audit table on H2. */
class AuditMailetTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:30:00Z");

    @TempDir
    Path var;
    private RegistryDatabase database;
    private JdbcAuditRepository repository;

    @BeforeEach
    void open() {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var));
        repository = new JdbcAuditRepository(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AuditMailet mailet(String direction, String decision, String reason) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder()
            .mailetName("AuditMailet")
            .mailetContext(FakeMailContext.defaultContext());
        if (direction != null) {
            config.setProperty("direction", direction);
        }
        if (decision != null) {
            config.setProperty("decision", decision);
        }
        if (reason != null) {
            config.setProperty("reason", reason);
        }
        AuditMailet mailet = new AuditMailet(repository, Clock.fixed(NOW, ZoneOffset.UTC));
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail.Builder mail() throws MessagingException {
        return FakeMail.builder()
            .name("Mail1700000000000-abc")
            .sender("expediteur@autre-operateur.mssante.test")
            .size(4242)
            .remoteAddr("192.0.2.10")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("Message-ID", "<20261121.1@autre-operateur.mssante.test>")
                .setSubject("Compte rendu confidentiel")
                .setText("SECRET-BODY-TEXT"));
    }

    @Test
    void deliveredRecordsOneEventPerRecipientAndLeavesTheMailAsItWas() throws Exception {
        FakeMail mail = mail().state("transport")
            .recipients("medecin@demo.mssante.test", "secretariat@demo.mssante.test")
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("Expediteur@autre-operateur.mssante.test")))
            .build();

        mailet("LOCAL_DELIVERY", "DELIVERED", null).service(mail);

        assertThat(repository.query(AuditQuery.all()))
            .extracting(AuditEvent::recipient)
            .containsExactly("secretariat@demo.mssante.test", "medecin@demo.mssante.test");
        AuditEvent event = repository.query(AuditQuery.all()).get(0);
        assertThat(event.time()).isEqualTo(NOW);
        assertThat(event.direction()).isEqualTo(AuditDirection.LOCAL_DELIVERY);
        assertThat(event.decision()).isEqualTo(AuditDecision.DELIVERED);
        assertThat(event.mailId()).isEqualTo("Mail1700000000000-abc");
        assertThat(event.listener()).isEqualTo("mailet:transport");
        assertThat(event.peerIp()).isEqualTo("192.0.2.10");
        assertThat(event.authenticatedUser()).isEqualTo("expediteur@autre-operateur.mssante.test");
        assertThat(event.mailFrom()).isEqualTo("expediteur@autre-operateur.mssante.test");
        assertThat(event.messageId()).isEqualTo("<20261121.1@autre-operateur.mssante.test>");
        assertThat(event.size()).isEqualTo(4242L);
        assertThat(event.smtpCode()).isNull();
        assertThat(event.reason()).isNull();
        assertThat(event.toString()).doesNotContain("SECRET-BODY", "confidentiel");
        assertThat(mail.getState()).isEqualTo("transport");
        assertThat(mail.getRecipients()).hasSize(2);
    }

    @Test
    void aRemoteDeliveryBounceKeepsTheRemoteReply() throws Exception {
        FakeMail mail = mail().state("bounces")
            .recipients("inconnu@autre-operateur.mssante.test")
            .attribute(new Attribute(AuditMailet.DELIVERY_ERROR,
                AttributeValue.of("550 5.1.1 <inconnu@autre-operateur.mssante.test>: Recipient address rejected")))
            .attribute(new Attribute(AuditMailet.DELIVERY_ERROR_CODE, AttributeValue.of(550)))
            .build();

        mailet("OUTBOUND", "BOUNCED", null).service(mail);

        AuditEvent event = repository.query(AuditQuery.all()).get(0);
        assertThat(event.direction()).isEqualTo(AuditDirection.OUTBOUND);
        assertThat(event.decision()).isEqualTo(AuditDecision.BOUNCED);
        assertThat(event.recipient()).isEqualTo("inconnu@autre-operateur.mssante.test");
        assertThat(event.smtpCode()).isEqualTo("550");
        assertThat(event.enhancedStatusCode()).isEqualTo("5.1.1");
        assertThat(event.reason()).isEqualTo("<inconnu@autre-operateur.mssante.test>: Recipient address rejected");
    }

    @Test
    void aProcessorNoticeIsTheReason() throws Exception {
        FakeMail mail = mail().state("local-address-error").recipients("nobody@demo.mssante.test")
            .errorMessage("550 5.1.1 No such mailbox here").build();

        mailet("LOCAL_DELIVERY", "BOUNCED", null).service(mail);

        assertThat(repository.query(AuditQuery.all()))
            .extracting(AuditEvent::smtpCode, AuditEvent::enhancedStatusCode, AuditEvent::reason, AuditEvent::listener)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("550", "5.1.1", "No such mailbox here", "mailet:local-address-error"));
    }

    @Test
    void aFixedReasonAndTheNullSender() throws Exception {
        FakeMail mail = mail().state("relay").sender(MaybeSender.nullSender()).recipients("secretariat@autre-operateur.mssante.test").build();

        mailet("OUTBOUND", "ACCEPTED", "handed to remote delivery").service(mail);

        assertThat(repository.query(AuditQuery.all()))
            .extracting(AuditEvent::mailFrom, AuditEvent::reason, AuditEvent::smtpCode)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("<>", "handed to remote delivery", null));
    }

    @Test
    void aStorageFailureNeverStopsTheMail() throws Exception {
        AuditMailet mailet = mailet("LOCAL_DELIVERY", "DELIVERED", null);
        database.close();
        FakeMail mail = mail().state("transport").recipients("medecin@demo.mssante.test").build();

        mailet.service(mail);

        assertThat(mail.getState()).isEqualTo("transport");
    }

    @Test
    void parametersAreRequiredAndChecked() {
        assertThatThrownBy(() -> mailet(null, "DELIVERED", null)).hasMessage("AuditMailet needs the parameter <direction>");
        assertThatThrownBy(() -> mailet("LOCAL_DELIVERY", null, null)).hasMessage("AuditMailet needs the parameter <decision>");
        assertThatThrownBy(() -> mailet("LOCAL", "DELIVERED", null))
            .hasMessage("AuditMailet <direction>: unknown direction 'LOCAL', expected one of INBOUND, SUBMISSION, OUTBOUND, LOCAL_DELIVERY");
        assertThatThrownBy(() -> mailet("OUTBOUND", "SENT", null))
            .hasMessage("AuditMailet <decision>: unknown decision 'SENT', expected one of ACCEPTED, REFUSED, DEFERRED, DELIVERED, BOUNCED");
    }
}
