package fr.mssante.operator.trust.tls;

/**
 * A failed outbound TLS handshake: the MX host and its IP address, the subject DN of the certificate it presented
 * when our trust check refused it ({@code null} otherwise), and the reason: the trust space's
 * {@code REASON: detail} for our refusals, else the TLS error's message.
 */
public record OutboundHandshakeFailure(String host, String address, String certificateDn, String reason) {
}
