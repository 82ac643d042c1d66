package fr.mssante.operator.server.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The field encodings alone; {@code MalformedMimeTest} sends such messages through the server. */
class EightBitHeadersHookTest {

    /** A header line as Jakarta Mail reads it from the wire: one char per byte. */
    private static String wire(String line, Charset charset) {
        return new String(line.getBytes(charset), StandardCharsets.ISO_8859_1);
    }

    @Test
    void rawUtf8SubjectBecomesAnEncodedWord() throws Exception {
        assertThat(EightBitHeadersHook.encode(wire("Subject: Compte rendu : séjour", StandardCharsets.UTF_8)))
            .isEqualTo("Subject: =?UTF-8?Q?Compte_rendu_:_s=C3=A9jour?=");
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsWindows1252() throws Exception {
        assertThat(EightBitHeadersHook.encode(wire("X-Note: résumé €", Charset.forName("windows-1252"))))
            .isEqualTo("X-Note: =?UTF-8?Q?r=C3=A9sum=C3=A9_=E2=82=AC?=");
    }

    @Test
    void onlyTheDisplayNamesOfAddressFieldsAreEncoded() throws Exception {
        assertThat(EightBitHeadersHook.encode(wire("To: \"Dr Médecin, cardiologie\" <medecin@a.test>, b@a.test",
            StandardCharsets.UTF_8)))
            .isEqualTo("To: =?UTF-8?Q?Dr_M=C3=A9decin=2C_cardiologie?= <medecin@a.test>, b@a.test");
    }

    @Test
    void parametersOfContentTypeAndDispositionUseRfc2231() throws Exception {
        assertThat(EightBitHeadersHook.encode(wire("Content-Disposition: attachment; filename=\"séjour.pdf\"",
            StandardCharsets.UTF_8)))
            .isEqualTo("Content-Disposition: attachment; filename*=UTF-8''s%C3%A9jour.pdf");
        assertThat(EightBitHeadersHook.encode(wire("Content-Type: application/pdf; name=\"séjour.pdf\"",
            StandardCharsets.UTF_8)))
            .isEqualTo("Content-Type: application/pdf; name*=UTF-8''s%C3%A9jour.pdf");
    }

    @Test
    void whatNoEncodingCanCarryIsRefusedWithTheFieldName() {
        assertThatThrownBy(() -> EightBitHeadersHook.encode(wire("Cc: médecin@a.test", StandardCharsets.UTF_8)))
            .hasMessage("Header Cc holds 8-bit characters this server cannot keep (an address in it is not ASCII;"
                + " it does not offer SMTPUTF8)");
        assertThatThrownBy(() -> EightBitHeadersHook.encode(wire("Message-ID: <séjour@a.test>", StandardCharsets.UTF_8)))
            .hasMessageStartingWith("Header Message-ID holds 8-bit characters this server cannot keep (no encoding");
        assertThatThrownBy(() -> EightBitHeadersHook.encode(wire("séjour sans deux-points", StandardCharsets.UTF_8)))
            .hasMessageStartingWith("A header line without a field name holds 8-bit characters");
    }
}
