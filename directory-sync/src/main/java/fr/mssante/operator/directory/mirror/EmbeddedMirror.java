package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An UnboundID in-memory LDAP server holding the mirror schema, listening on loopback: the demo's mirror
 * (port 10389) and the tests' "LDAP server on a port".
 *
 * <pre>
 * try (EmbeddedMirror mirror = EmbeddedMirror.startDemo(10389)) { ... }            // schema + sample LDIF
 * EmbeddedMirror mirror = EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of(ldif)); // any port
 * </pre>
 */
public final class EmbeddedMirror implements AutoCloseable {
    public static final String SAMPLE_RESOURCE = "/ldap/mssante-mirror-sample.ldif";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMirror.class);

    private final InMemoryDirectoryServer server;
    private final MirrorLayout layout;

    private EmbeddedMirror(InMemoryDirectoryServer server, MirrorLayout layout) {
        this.server = server;
        this.layout = layout;
    }

    /** Starts on {@code port} (0 = any free port) with the demo sample LDIF shipped in conf/ldap. */
    public static EmbeddedMirror startDemo(int port) throws LDAPException, IOException {
        EmbeddedMirror mirror = start(port, MirrorLayout.defaults(), List.of());
        try (InputStream in = EmbeddedMirror.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("sample LDIF " + SAMPLE_RESOURCE + " missing from the classpath");
            }
            mirror.importLdif(new LDIFReader(in));
        } catch (LDAPException | IOException | RuntimeException e) {
            mirror.close();
            throw e;
        }
        return mirror;
    }

    /** Starts on {@code port} (0 = any free port), creates the skeleton, then imports each LDIF file in order. */
    public static EmbeddedMirror start(int port, MirrorLayout layout, List<Path> ldifFiles)
            throws LDAPException, IOException {
        // A fixed port even when any port was asked, so stopListening/resumeListening keep the same address.
        int listenPort = port == 0 ? freePort() : port;
        return start(layout, ldifFiles, List.of(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getLoopbackAddress(), listenPort, null)));
    }

    /**
     * Starts with these listeners (e.g. LDAPS or StartTLS ones; {@link #port()} is the first one's), creates the
     * skeleton, then imports each LDIF file in order.
     */
    public static EmbeddedMirror start(MirrorLayout layout, List<Path> ldifFiles, List<InMemoryListenerConfig> listeners)
            throws LDAPException, IOException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(layout.base());
        config.setSchema(MirrorSchema.withStandard());
        config.setListenerConfigs(listeners);
        config.setEqualityIndexAttributes(MirrorAttributes.DOMAIN, MirrorAttributes.SOURCE_REF);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        EmbeddedMirror mirror = new EmbeddedMirror(server, layout);
        try {
            for (Entry entry : layout.skeleton()) {
                server.add(entry);
            }
            for (Path file : ldifFiles) {
                try (LDIFReader reader = new LDIFReader(Files.newInputStream(file))) {
                    mirror.importLdif(reader);
                }
            }
            server.startListening();
        } catch (LDAPException | IOException | RuntimeException e) {
            server.shutDown(true);
            throw e;
        }
        for (InMemoryListenerConfig listener : listeners) {
            LOG.info("embedded LDAP mirror listening on 127.0.0.1:{} ({}) base {}",
                    server.getListenPort(listener.getListenerName()), listener.getListenerName(), layout.base());
        }
        return mirror;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Adds the entries of an LDIF, skipping the skeleton entries that already exist. */
    private void importLdif(LDIFReader reader) throws LDAPException, IOException {
        int added = 0;
        try {
            Entry entry;
            while ((entry = reader.readEntry()) != null) {
                if (server.getEntry(entry.getDN()) != null) {
                    continue;
                }
                server.add(entry);
                added++;
            }
        } catch (com.unboundid.ldif.LDIFException e) {
            throw new IOException("invalid LDIF at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        }
        LOG.info("imported {} entries into the mirror", added);
    }

    public int port() {
        return server.getListenPort();
    }

    public String ldapUrl() {
        return "ldap://127.0.0.1:" + port();
    }

    public MirrorLayout layout() {
        return layout;
    }

    public LDAPConnection connect() throws LDAPException {
        return server.getConnection();
    }

    /** Stops answering (connections are closed) but keeps the data, so a test can simulate an outage. */
    public void stopListening() {
        server.shutDown("ldap", true);
    }

    public void resumeListening() throws LDAPException {
        server.startListening("ldap");
    }

    /** The underlying server, for tests and the benchmark (direct entry counts). */
    public InMemoryDirectoryServer server() {
        return server;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
