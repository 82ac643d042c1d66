package fr.mssante.operator.trust.tls;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TLS handshake over a real loopback socket: the server requires a client certificate, the client
 * connects in plain TCP and then layers TLS with {@code createSocket(socket, host, port, true)}, as JavaMail
 * does for STARTTLS. The server sends one byte after its handshake so that a client certificate refused by
 * the server surfaces on the client too (in TLS 1.3 the client finishes first).
 */
record Handshake(Throwable serverError, Throwable clientError) {

    boolean succeeded() {
        return serverError == null && clientError == null;
    }

    static Handshake run(SSLContext serverContext, SSLContext clientContext, String serverHostName) throws Exception {
        return run(serverContext, new MssanteSocketFactory(clientContext), serverHostName);
    }

    static Handshake run(SSLContext serverContext, SSLSocketFactory clientFactory, String serverHostName) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TrustSpaceSsl.serverParameters(serverContext));
            CompletableFuture<Throwable> server = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            Throwable clientError = null;
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket tls = (SSLSocket) clientFactory.createSocket(plain, serverHostName, listener.getLocalPort(), true)) {
                tls.setSoTimeout(10_000);
                tls.startHandshake();
                InputStream in = tls.getInputStream();
                if (in.read() != 1) {
                    throw new IllegalStateException("server closed without its byte");
                }
            } catch (Exception e) {
                clientError = e;
            }
            return new Handshake(server.get(20, TimeUnit.SECONDS), clientError);
        }
    }
}
