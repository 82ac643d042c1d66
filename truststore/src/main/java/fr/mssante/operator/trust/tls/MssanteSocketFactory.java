package fr.mssante.operator.trust.tls;

import fr.mssante.operator.trust.TrustSpace;
import fr.mssante.operator.trust.TrustSpaceConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * SSL socket factory for JavaMail ({@code mail.smtp.ssl.socketFactory.class}), as James RemoteDelivery
 * uses it: JavaMail calls the static {@link #getDefault()} by reflection, then
 * {@code createSocket(socket, mxHost, port, true)} for STARTTLS. Sockets present our SERV SSL certificate
 * and check the MX's certificate with the trust space (see {@link TrustSpaceTrustManager} for the checks and
 * docs/truststore.md for what the factory cannot know: the recipient domain).
 *
 * <p>The SSLContext is the one {@link #install installed} by the server, else one built once from
 * {@link TrustSpaceConfig#fromSystem()} (file named by {@code -Dmssante.trust.config}, overlaid by
 * {@code -Dmssante.*} properties).
 */
public class MssanteSocketFactory extends SSLSocketFactory {
    private static volatile SSLContext installed;
    private static MssanteSocketFactory instance;
    private static TrustSpace ownTrustSpace;

    private final SSLSocketFactory delegate;

    public MssanteSocketFactory(SSLContext context) {
        this.delegate = context.getSocketFactory();
    }

    /** Lets the server share its own trust space (CRL cache, liste blanche) with JavaMail. */
    public static synchronized void install(SSLContext context) {
        installed = context;
        instance = null;
    }

    public static synchronized SocketFactory getDefault() {
        if (instance == null) {
            SSLContext ctx = installed;
            if (ctx == null) {
                if (ownTrustSpace == null) {
                    ownTrustSpace = TrustSpace.start(TrustSpaceConfig.fromSystem()); // lives as long as the JVM
                }
                ctx = ownTrustSpace.sslContext();
            }
            instance = new MssanteSocketFactory(ctx);
        }
        return instance;
    }

    private static Socket configure(Socket s) {
        if (s instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(TrustSpaceSsl.PROTOCOLS);
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
        return configure(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }
}
