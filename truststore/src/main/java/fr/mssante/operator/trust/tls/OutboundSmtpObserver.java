package fr.mssante.operator.trust.tls;

/**
 * Told what happens on the outbound TLS sessions of {@link MssanteSocketFactory} (James RemoteDelivery has no
 * callback of its own): each mail transaction once its outcome is known, and each refused TLS handshake. Called
 * on the delivery thread; an implementation must be quick and must not throw (what it throws is logged and
 * dropped: the delivery goes on).
 */
public interface OutboundSmtpObserver {

    /** A transaction ended: after the reply to the end of DATA, or at RSET / QUIT / close when DATA never ended. */
    void transactionEnded(OutboundTransaction transaction);

    /** The TLS handshake with a peer failed (our trust check refused its certificate, or any other TLS error). */
    void handshakeFailed(OutboundHandshakeFailure failure);
}
