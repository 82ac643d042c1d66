package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.TrustSpace;
import fr.mssante.operator.trust.TrustSpaceConfig;
import fr.mssante.operator.trust.whitelist.ListeBlanche;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * SSL socket factory for JavaMail ({@code mail.smtp.ssl.socketFactory.class}), as James RemoteDelivery
 * uses it: JavaMail calls the static {@link #getDefault()} by reflection, then
 * {@code createSocket(socket, mxHost, port, true)} for STARTTLS. Sockets present our SERV SSL certificate
 * and check the MX's certificate with the trust space (see {@link TrustSpaceTrustManager}); with a liste
 * blanche, each {@code RCPT TO} is then checked against the DNs listed for the recipient's domain
 * ({@link RecipientDomainCheck}), which the handshake alone cannot know. An {@link OutboundSmtpObserver}, when
 * installed, is told each transaction's outcome and each failed handshake (the audit trail's view of deliveries).
 *
 * <p>The SSLContext is the one {@link #install installed} by the server, else one built once from
 * {@link TrustSpaceConfig#fromSystem()} (file named by {@code -Dmssante.trust.config}, overlaid by
 * {@code -Dmssante.*} properties).
 */
public class MssanteSocketFactory extends SSLSocketFactory {
    private static volatile SSLContext installed;
    private static volatile Supplier<ListeBlanche> installedListeBlanche;
    private static volatile OutboundSmtpObserver installedObserver;
    private static final OutboundSmtpObserver NO_OBSERVER = new OutboundSmtpObserver() {
        @Override
        public void transactionEnded(OutboundTransaction transaction) {
        }

        @Override
        public void handshakeFailed(OutboundHandshakeFailure failure) {
        }
    };
    private static MssanteSocketFactory instance;
    private static TrustSpace ownTrustSpace;

    private final SSLSocketFactory delegate;
    private final Supplier<ListeBlanche> listeBlanche;
    private final OutboundSmtpObserver observer;

    public MssanteSocketFactory(SSLContext context) {
        this(context, null);
    }

    /**
     * With a liste blanche, every {@code RCPT TO} sent on a socket of this factory is checked: the peer's
     * certificate must be listed for the recipient's domain ({@link RecipientDomainCheck}).
     */
    public MssanteSocketFactory(SSLContext context, Supplier<ListeBlanche> listeBlanche) {
        this(context, listeBlanche, null);
    }

    /** As above; {@code observer} (may be null) is told the outcome of each transaction and each failed handshake. */
    public MssanteSocketFactory(SSLContext context, Supplier<ListeBlanche> listeBlanche, OutboundSmtpObserver observer) {
        this.delegate = context.getSocketFactory();
        this.listeBlanche = listeBlanche;
        this.observer = observer;
    }

    /** Lets the server share its own trust space (CRL cache, liste blanche) with JavaMail. */
    public static synchronized void install(SSLContext context) {
        install(context, null);
    }

    /** As {@link #install(SSLContext)}, and checks each recipient's domain against {@code listeBlanche}. */
    public static synchronized void install(SSLContext context, Supplier<ListeBlanche> listeBlanche) {
        install(context, listeBlanche, null);
    }

    /** As {@link #install(SSLContext, Supplier)}, and reports to {@code observer} what happens on each session. */
    public static synchronized void install(SSLContext context, Supplier<ListeBlanche> listeBlanche,
                                            OutboundSmtpObserver observer) {
        installed = context;
        installedListeBlanche = listeBlanche;
        installedObserver = observer;
        instance = null;
    }

    public static synchronized SocketFactory getDefault() {
        if (instance == null) {
            SSLContext ctx = installed;
            Supplier<ListeBlanche> listeBlanche = installedListeBlanche;
            if (ctx == null) {
                if (ownTrustSpace == null) {
                    ownTrustSpace = TrustSpace.start(TrustSpaceConfig.fromSystem()); // lives as long as the JVM
                }
                ctx = ownTrustSpace.sslContext();
                if (ownTrustSpace.listeBlanche() != null) {
                    listeBlanche = ownTrustSpace.listeBlanche()::current;
                }
            }
            instance = new MssanteSocketFactory(ctx, listeBlanche, installedObserver);
        }
        return instance;
    }

    private Socket configure(Socket s, String host) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(TrustSpaceSsl.PROTOCOLS);
            if (listeBlanche != null || observer != null) {
                return new RecipientCheckingSocket(ssl, host, listeBlanche, observer == null ? NO_OBSERVER : observer);
            }
        }
        return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
        return configure(delegate.createSocket(s, host, port, autoClose), host);
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket(), null);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port), String.valueOf(host));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort), String.valueOf(host));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port), String.valueOf(host));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort), String.valueOf(address));
    }
}
