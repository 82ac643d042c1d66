package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {
    static final String NAME = "Mail1764800000000-7f1c2d3e-0000-4000-8000-00000000d0ce";

    @Test
    void aMailAndTheCopiesJamesSplitsFromItShareOneDeliveryId() {
        assertThat(DeliveryLedger.deliveryId(NAME)).isEqualTo(NAME);
        assertThat(DeliveryLedger.deliveryId(NAME + "-!1234567")).isEqualTo(NAME);
        assertThat(DeliveryLedger.deliveryId(NAME + "-!1234567-!7654321")).isEqualTo(NAME);
    }

    @Test
    void theStampIsReadFromTheHeaderBlockOnly() throws Exception {
        assertThat(stamp("Subject: x\r\nx-mssante-delivery-id:  " + NAME + " \r\nTo: a@b\r\n\r\n")).contains(NAME);
        assertThat(stamp("Subject: x\r\n\r\nX-MSSante-Delivery-Id: in-the-body\r\n")).isEmpty();
        assertThat(stamp("Subject: x\r\nX-MSSante-Delivery-Id:\r\n\r\n")).as("empty").isEmpty();
        assertThat(stamp("X-MSSante-Delivery-Identity: other\r\n\r\n")).as("another header").isEmpty();
        assertThat(stamp("X-MSSante-Delivery-Id: first\r\nSubject: x\r\nX-MSSante-Delivery-Id: " + NAME + "\r\n\r\n"))
            .as("the last one, appended by local delivery").contains(NAME);
    }

    private static Optional<String> stamp(String headers) throws Exception {
        return DeliveryLedger.stampedIn(new ByteArrayInputStream(headers.getBytes(StandardCharsets.US_ASCII)));
    }
}
