package fr.mssante.operator.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The production conf/smtpserver.xml: what must hold on every SMTP listener, whoever edits the file next. */
class SmtpListenersConfigurationTest {
    private static final Path SMTP_SERVER_XML = Path.of("..", "conf", "smtpserver.xml");

    @Test
    void everyListenerAuditsKeepsHeaderBytesAndGuardsFreeSpace() throws Exception {
        NodeList servers = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(SMTP_SERVER_XML.toFile())
            .getElementsByTagName("smtpserver");
        assertThat(servers.getLength()).isEqualTo(4);
        for (int i = 0; i < servers.getLength(); i++) {
            Element server = (Element) servers.item(i);
            String name = server.getElementsByTagName("jmxName").item(0).getTextContent();
            assertThat(handlers(server)).as(name)
                .contains("fr.mssante.operator.james.audit.AuditSmtpHook",
                    FreeSpaceHook.class.getName(),
                    EightBitHeadersHook.class.getName())
                .last().isEqualTo("org.apache.james.smtpserver.CoreCmdHandlerLoader");
        }
    }

    private static List<String> handlers(Element server) {
        NodeList handlers = server.getElementsByTagName("handler");
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < handlers.getLength(); i++) {
            classes.add(((Element) handlers.item(i)).getAttribute("class"));
        }
        return classes;
    }
}
