package fr.mssante.operator.trust.tls;

/**
 * The remote side of an outbound TLS session: the MX host JavaMail connected to, its IP address, the subject DN
 * (RFC 2253) of its certificate, and the negotiated protocol and cipher suite.
 */
public record OutboundPeer(String host, String address, String certificateDn, String tlsProtocol, String tlsCipherSuite) {
}
