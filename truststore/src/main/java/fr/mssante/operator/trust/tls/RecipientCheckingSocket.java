package fr.mssante.operator.trust.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import fr.mssante.operator.trust.whitelist.ListeBlanche;

/**
 * An outbound TLS socket whose output runs through {@link RecipientDomainCheck} and whose conversation is followed
 * by a {@link SmtpTranscript} reporting to an {@link OutboundSmtpObserver}, which is also told of a failed
 * handshake; everything else is delegated.
 */
final class RecipientCheckingSocket extends SSLSocket {
    private final SSLSocket delegate;
    private final String host;
    private final Supplier<ListeBlanche> listeBlanche;
    private final OutboundSmtpObserver observer;
    private final SmtpTranscript transcript;
    private OutputStream output;
    private LocalReplies input;

    /** @param listeBlanche null: recipients are not checked */
    RecipientCheckingSocket(SSLSocket delegate, String host, Supplier<ListeBlanche> listeBlanche, OutboundSmtpObserver observer) {
        this.delegate = delegate;
        this.host = host;
        this.listeBlanche = listeBlanche;
        this.observer = observer;
        this.transcript = new SmtpTranscript(observer, this::peer);
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new RecipientDomainCheck(delegate.getOutputStream(), delegate, host, listeBlanche, replies(), transcript);
        }
        return output;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        return replies();
    }

    private LocalReplies replies() throws IOException {
        if (input == null) {
            input = new LocalReplies(delegate.getInputStream(), transcript);
        }
        return input;
    }

    @Override
    public void startHandshake() throws IOException {
        try {
            delegate.startHandshake();
        } catch (IOException e) {
            TrustSpaceCertificateException refusal = TrustSpaceCertificateException.in(e);
            OutboundHandshakeFailure failure = new OutboundHandshakeFailure(host, address(),
                refusal == null ? null : refusal.certificateDn(),
                refusal == null ? e.getClass().getSimpleName() + ": " + e.getMessage() : refusal.getMessage());
            try {
                observer.handshakeFailed(failure);
            } catch (RuntimeException observerError) {
                e.addSuppressed(observerError);
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        transcript.closed();
        delegate.close();
    }

    private OutboundPeer peer() {
        SSLSession session = delegate.getSession();
        String dn = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                dn = leaf.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // no verified certificate: the DN stays unknown
        }
        return new OutboundPeer(host, address(), dn, session.getProtocol(), session.getCipherSuite());
    }

    private String address() {
        return delegate.getInetAddress() == null ? null : delegate.getInetAddress().getHostAddress();
    }

    // ---- SSLSocket ----
    @Override public String[] getSupportedCipherSuites() { return delegate.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return delegate.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { delegate.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return delegate.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return delegate.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { delegate.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return delegate.getSession(); }
    @Override public SSLSession getHandshakeSession() { return delegate.getHandshakeSession(); }
    @Override public void addHandshakeCompletedListener(HandshakeCompletedListener l) { delegate.addHandshakeCompletedListener(l); }
    @Override public void removeHandshakeCompletedListener(HandshakeCompletedListener l) { delegate.removeHandshakeCompletedListener(l); }
    @Override public void setUseClientMode(boolean mode) { delegate.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return delegate.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { delegate.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return delegate.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { delegate.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return delegate.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { delegate.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return delegate.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return delegate.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters parameters) { delegate.setSSLParameters(parameters); }
    @Override public String getApplicationProtocol() { return delegate.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return delegate.getHandshakeApplicationProtocol(); }

    // ---- Socket ----
    @Override public void connect(SocketAddress endpoint) throws IOException { delegate.connect(endpoint); }
    @Override public void connect(SocketAddress endpoint, int timeout) throws IOException { delegate.connect(endpoint, timeout); }
    @Override public void bind(SocketAddress local) throws IOException { delegate.bind(local); }
    @Override public InetAddress getInetAddress() { return delegate.getInetAddress(); }
    @Override public InetAddress getLocalAddress() { return delegate.getLocalAddress(); }
    @Override public int getPort() { return delegate.getPort(); }
    @Override public int getLocalPort() { return delegate.getLocalPort(); }
    @Override public SocketAddress getRemoteSocketAddress() { return delegate.getRemoteSocketAddress(); }
    @Override public SocketAddress getLocalSocketAddress() { return delegate.getLocalSocketAddress(); }
    @Override public void setTcpNoDelay(boolean on) throws SocketException { delegate.setTcpNoDelay(on); }
    @Override public boolean getTcpNoDelay() throws SocketException { return delegate.getTcpNoDelay(); }
    @Override public void setSoLinger(boolean on, int linger) throws SocketException { delegate.setSoLinger(on, linger); }
    @Override public int getSoLinger() throws SocketException { return delegate.getSoLinger(); }
    @Override public void setSoTimeout(int timeout) throws SocketException { delegate.setSoTimeout(timeout); }
    @Override public int getSoTimeout() throws SocketException { return delegate.getSoTimeout(); }
    @Override public void setSendBufferSize(int size) throws SocketException { delegate.setSendBufferSize(size); }
    @Override public int getSendBufferSize() throws SocketException { return delegate.getSendBufferSize(); }
    @Override public void setReceiveBufferSize(int size) throws SocketException { delegate.setReceiveBufferSize(size); }
    @Override public int getReceiveBufferSize() throws SocketException { return delegate.getReceiveBufferSize(); }
    @Override public void setKeepAlive(boolean on) throws SocketException { delegate.setKeepAlive(on); }
    @Override public boolean getKeepAlive() throws SocketException { return delegate.getKeepAlive(); }
    @Override public void setReuseAddress(boolean on) throws SocketException { delegate.setReuseAddress(on); }
    @Override public boolean getReuseAddress() throws SocketException { return delegate.getReuseAddress(); }
    @Override public void shutdownInput() throws IOException { delegate.shutdownInput(); }
    @Override public void shutdownOutput() throws IOException { delegate.shutdownOutput(); }
    @Override public boolean isConnected() { return delegate.isConnected(); }
    @Override public boolean isBound() { return delegate.isBound(); }
    @Override public boolean isClosed() { return delegate.isClosed(); }
    @Override public boolean isInputShutdown() { return delegate.isInputShutdown(); }
    @Override public boolean isOutputShutdown() { return delegate.isOutputShutdown(); }
    @Override public String toString() { return "RecipientChecking" + delegate; }
}
