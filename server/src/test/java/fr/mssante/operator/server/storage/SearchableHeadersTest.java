package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SearchableHeadersTest {

    private static String rewrite(String message, java.nio.charset.Charset charset) throws Exception {
        return new String(SearchableHeaders.rewrite(new ByteArrayInputStream(message.getBytes(charset))).readAllBytes(),
            StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodedWordsAreDecodedAndFoldedFieldsUnfolded() throws Exception {
        assertThat(rewrite("Subject: =?UTF-8?Q?Compte_rendu_:_s=C3=A9jour_?=\r\n =?ISO-8859-1?B?4A==?= revoir\r\n"
            + "From: =?UTF-8?B?SMO0cGl0YWw=?= <dpi@a.test>\r\n\r\nbody =?UTF-8?Q?s=C3=A9jour?=\r\n", StandardCharsets.US_ASCII))
            .isEqualTo("Subject: Compte rendu : séjour à revoir\r\nFrom: Hôpital <dpi@a.test>\r\n\r\n"
                + "body =?UTF-8?Q?s=C3=A9jour?=\r\n");
    }

    @Test
    void rawUtf8IsReadAsUtf8AndCharactersOutsideLatin1BecomeQuestionMarks() throws Exception {
        assertThat(rewrite("Subject: séjour – cœur\r\n\r\nx", StandardCharsets.UTF_8))
            .isEqualTo("Subject: séjour ? c?ur\r\n\r\nx");
    }

    @Test
    void aMessageWithoutBodyOrWithoutHeadersIsReadWhole() throws Exception {
        assertThat(rewrite("Subject: =?UTF-8?Q?=C3=A0?=\r\n", StandardCharsets.US_ASCII)).isEqualTo("Subject: à\r\n");
        assertThat(rewrite("\r\nSubject: =?UTF-8?Q?=C3=A0?=\r\n", StandardCharsets.US_ASCII))
            .isEqualTo("\r\nSubject: =?UTF-8?Q?=C3=A0?=\r\n");
    }
}
