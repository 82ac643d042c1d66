package fr.mssante.operator.james.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssante.operator.trust.tls.OutboundHandshakeFailure;
import fr.mssante.operator.trust.tls.OutboundPeer;
import fr.mssante.operator.trust.tls.OutboundReply;
import fr.mssante.operator.trust.tls.OutboundTransaction;
import fr.mssante.operator.trust.tls.OutboundTransaction.RecipientReply;

/** Which row each recipient of an outbound transaction gets (the session side is tested over TLS in the truststore). */
class OutboundDeliveryAuditTest {
    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final OutboundPeer PEER = new OutboundPeer("mx.operateur-b.mssante.test", "192.0.2.25",
        "CN=mx.operateur-b.mssante.test,O=OPERATEUR B,C=FR", "TLSv1.3", "TLS_AES_256_GCM_SHA384");
    private static final OutboundReply OK = new OutboundReply(250, "2.1.5 Ok", false);

    private final List<AuditEvent> rows = new ArrayList<>();
    private final OutboundDeliveryAudit audit = new OutboundDeliveryAudit(new AuditRepository() {
        @Override
        public void append(AuditEvent event) {
            rows.add(event);
        }

        @Override
        public List<AuditEvent> query(AuditQuery query) {
            throw new UnsupportedOperationException("this test reads the appended rows directly");
        }

        @Override
        public int purgeBefore(Instant limit) {
            throw new UnsupportedOperationException("the observer never purges");
        }
    }, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void eachRecipientGetsTheReplyThatDecidedIt() {
        audit.transactionEnded(new OutboundTransaction(PEER, "dpi@operateur-a.mssante.test", List.of(
            new RecipientReply("secretariat@operateur-b.mssante.test", OK),
            new RecipientReply("inconnu@operateur-b.mssante.test", new OutboundReply(550, "5.1.1 unknown mailbox", false)),
            new RecipientReply("accueil@operateur-c.mssante.test", new OutboundReply(550,
                "5.7.1 MSSante trust space: certificate 'CN=x' of mx is not listed for recipient domain operateur-c.mssante.test", true))),
            "<1@operateur-a.mssante.test>", 4242, new OutboundReply(250, "2.6.0 Message received", false)));

        assertThat(rows).extracting(AuditEvent::recipient, AuditEvent::decision, AuditEvent::smtpCode, AuditEvent::reason)
            .containsExactly(
                tuple("secretariat@operateur-b.mssante.test", AuditDecision.DELIVERED, "250",
                    "accepted by mx.operateur-b.mssante.test: Message received"),
                tuple("inconnu@operateur-b.mssante.test", AuditDecision.REFUSED, "550",
                    "answered by mx.operateur-b.mssante.test: unknown mailbox"),
                tuple("accueil@operateur-c.mssante.test", AuditDecision.REFUSED, "550",
                    "not sent to mx.operateur-b.mssante.test: MSSante trust space: certificate 'CN=x' of mx is not listed for recipient domain operateur-c.mssante.test"));
        AuditEvent delivered = rows.get(0);
        assertThat(delivered.direction()).isEqualTo(AuditDirection.OUTBOUND);
        assertThat(delivered.listener()).isEqualTo("remote-delivery");
        assertThat(delivered.time()).isEqualTo(NOW);
        assertThat(delivered.peerIp()).isEqualTo("192.0.2.25");
        assertThat(delivered.peerCertificateDn()).isEqualTo(PEER.certificateDn());
        assertThat(delivered.tlsProtocol()).isEqualTo("TLSv1.3");
        assertThat(delivered.tlsCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(delivered.mailFrom()).isEqualTo("dpi@operateur-a.mssante.test");
        assertThat(delivered.messageId()).isEqualTo("<1@operateur-a.mssante.test>");
        assertThat(delivered.size()).isEqualTo(4242L);
        assertThat(delivered.enhancedStatusCode()).isEqualTo("2.6.0");
    }

    @Test
    void aTemporaryRefusalOfTheMessageDefersItsAcceptedRecipients() {
        audit.transactionEnded(new OutboundTransaction(PEER, "dpi@operateur-a.mssante.test",
            List.of(new RecipientReply("secretariat@operateur-b.mssante.test", OK)), "<2@operateur-a.mssante.test>", 10,
            new OutboundReply(451, "4.3.0 spool full, try later", false)));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.decision()).isEqualTo(AuditDecision.DEFERRED);
            assertThat(row.smtpCode()).isEqualTo("451");
            assertThat(row.enhancedStatusCode()).isEqualTo("4.3.0");
        });
    }

    @Test
    void anAcceptedRecipientWhoseMessageNeverEndedGetsNoRow() {
        audit.transactionEnded(new OutboundTransaction(PEER, "dpi@operateur-a.mssante.test", List.of(
            new RecipientReply("secretariat@operateur-b.mssante.test", OK),
            new RecipientReply("inconnu@operateur-b.mssante.test", new OutboundReply(550, "5.1.1 unknown mailbox", false))),
            null, 0, null));

        assertThat(rows).extracting(AuditEvent::recipient, AuditEvent::size)
            .containsExactly(tuple("inconnu@operateur-b.mssante.test", null));
    }

    @Test
    void aRefusedHandshakeIsOneRowWithTheCertificateAndTheReason() {
        audit.handshakeFailed(new OutboundHandshakeFailure("mx.tiers.mssante.test", "192.0.2.99", "CN=mx.tiers.mssante.test",
            "NOT_LISTED: 'CN=mx.tiers.mssante.test' is not listed in the liste blanche for any domain"));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.direction()).isEqualTo(AuditDirection.OUTBOUND);
            assertThat(row.decision()).isEqualTo(AuditDecision.REFUSED);
            assertThat(row.peerIp()).isEqualTo("192.0.2.99");
            assertThat(row.peerCertificateDn()).isEqualTo("CN=mx.tiers.mssante.test");
            assertThat(row.reason()).isEqualTo("TLS handshake with mx.tiers.mssante.test failed: NOT_LISTED: "
                + "'CN=mx.tiers.mssante.test' is not listed in the liste blanche for any domain");
            assertThat(row.mailFrom()).isNull();
        });
    }
}
