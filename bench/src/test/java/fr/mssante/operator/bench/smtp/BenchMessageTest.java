package fr.mssante.operator.bench.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchMessageTest {

    @Test
    void theBodyHasTheAskedSizeInLinesThatNeedNoDotStuffing() {
        byte[] body = BenchMessage.body(10_240);
        String text = new String(body, StandardCharsets.US_ASCII);

        assertThat(body.length).isBetween(10_240, 10_240 + 78);
        assertThat(text).endsWith("\r\n").doesNotContain("\r\n.").doesNotStartWith(".");
        assertThat(text.split("\r\n")).allSatisfy(line -> assertThat(line).hasSize(76));
        assertThat(BenchMessage.body(10_240)).as("one body per size, shared").isEqualTo(body);
    }

    @Test
    void everyMessageHasItsOwnMessageIdAndTheHeaderEndsBeforeTheBody() throws Exception {
        byte[] body = BenchMessage.body(1024);
        List<String> messages = List.of(write(BenchMessage.of("a@x.test", "b@x.test", "one", body)),
            write(BenchMessage.of("a@x.test", "b@x.test", "two", body)));

        assertThat(messages).allSatisfy(message -> assertThat(message)
            .contains("From: <a@x.test>\r\n", "To: <b@x.test>\r\n", "MIME-Version: 1.0\r\n")
            .endsWith("\r\n\r\n" + new String(body, StandardCharsets.US_ASCII)));
        assertThat(messageId(messages.get(0))).isNotEqualTo(messageId(messages.get(1)));
    }

    private static String write(BenchMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String messageId(String message) {
        return message.lines().filter(line -> line.startsWith("Message-ID: ")).findFirst().orElseThrow();
    }
}
