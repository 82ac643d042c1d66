package fr.mssante.operator.james.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import fr.mssante.operator.james.registry.BalType;
import fr.mssante.operator.james.registry.JdbcMailboxRegistry;
import fr.mssante.operator.james.registry.MailboxProfile;

/** The hook in James's SMTP protocol stack, spoken to over a socket, as a remote operator would. */
class ActiveMailboxRcptHookSmtpTest {

    @TempDir
    Path dir;
    private RegistryDatabase database;
    private NettyServer server;

    @BeforeEach
    void start() throws Exception {
        database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(dir));
        JdbcMailboxRegistry registry = new JdbcMailboxRegistry(database.dataSource(), Clock.systemUTC());
        registry.put("medecin@demo.mssante.test", MailboxProfile.of(BalType.PER));
        registry.put("secretariat@demo.mssante.test", MailboxProfile.of(BalType.ORG));
        registry.suspend("medecin@demo.mssante.test", "left the hospital");

        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(new RecordingMetricFactory());
        chain.add(0, new ActiveMailboxRcptHook(registry));
        chain.wireExtensibleHandlers();
        server = new NettyServer.Factory().protocol(new SMTPProtocol(chain, new SMTPConfigurationImpl())).build();
        server.setListenAddresses(new InetSocketAddress("127.0.0.1", 0));
        server.bind();
    }

    @AfterEach
    void stop() {
        server.unbind();
        database.close();
    }

    @Test
    void rcptToSuspendedMailboxIsRefusedOthersAccepted() throws Exception {
        InetSocketAddress address = server.getListenAddresses().get(0);
        try (Socket socket = new Socket(address.getAddress(), address.getPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
            assertThat(reply(in)).startsWith("220");
            assertThat(command(out, in, "HELO autre-operateur.test")).startsWith("250");
            assertThat(command(out, in, "MAIL FROM:<expediteur@autre-operateur.test>")).startsWith("250");

            assertThat(command(out, in, "RCPT TO:<Medecin@demo.mssante.test>"))
                .isEqualTo("550 5.2.1 mailbox <Medecin@demo.mssante.test> is suspended");
            assertThat(command(out, in, "RCPT TO:<secretariat@demo.mssante.test>")).startsWith("250");

            command(out, in, "QUIT");
        }
    }

    private static String command(PrintWriter out, BufferedReader in, String line) throws Exception {
        out.print(line + "\r\n");
        out.flush();
        return reply(in);
    }

    /** The last line of a possibly multi-line SMTP reply. */
    private static String reply(BufferedReader in) throws Exception {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }
}
