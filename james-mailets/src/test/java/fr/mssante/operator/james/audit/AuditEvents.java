package fr.mssante.operator.james.audit;

import java.time.Instant;

/** Sample events for the audit tests. */
final class AuditEvents {

    static final Instant T0 = Instant.parse("2026-11-21T10:30:00.123456Z");

    private AuditEvents() {
    }

    /** A fully populated inbound acceptance, as the SMTP capture records it over mutual TLS. */
    static AuditEvent inboundAccepted(Instant time, String recipient) {
        return AuditEvent.builder(time, AuditDirection.INBOUND, AuditDecision.ACCEPTED)
            .sessionId("3f2a9c1b")
            .mailId("Mail1700000000000-abc")
            .listener("smtp:25")
            .peerIp("192.0.2.10")
            .tls(new TlsFacts("TLSv1.3", "TLS_AES_256_GCM_SHA384",
                "CN=mail.autre-operateur.mssante.test,OU=1234567890,O=Autre Operateur,C=FR"))
            .mailFrom("Expediteur@Autre-Operateur.mssante.test")
            .recipient(recipient)
            .messageId("<20261121.1@autre-operateur.mssante.test>")
            .size(4242L)
            .reply(SmtpReply.of("250", "2.6.0 Message received"))
            .build();
    }

    static AuditEvent refused(Instant time, AuditDirection direction, String sender, String recipient) {
        return AuditEvent.builder(time, direction, AuditDecision.REFUSED)
            .peerIp("198.51.100.7")
            .authenticatedUser(direction == AuditDirection.SUBMISSION ? sender : null)
            .mailFrom(sender)
            .recipient(recipient)
            .reply(SmtpReply.of("550", "5.7.1 recipient outside the MSSanté trust space"))
            .build();
    }
}
