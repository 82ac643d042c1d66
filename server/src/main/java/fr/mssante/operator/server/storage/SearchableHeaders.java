package fr.mssante.operator.server.storage;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.util.MimeUtil;

import fr.mssante.operator.server.HeaderBytes;

/**
 * A message's header section as the search index should read it. James 3.8.1 indexes header fields as they are
 * written, RFC 2047 encoded-words included, so {@code SEARCH SUBJECT "séjour"} never matched a subject sent as
 * {@code =?UTF-8?Q?s=C3=A9jour?=} (what every compliant client sends), nor did an ASCII word inside such a word.
 * Here each field is unfolded and its encoded-words decoded (raw 8-bit bytes read by {@link HeaderBytes}), then
 * written in ISO-8859-1, the charset mime4j reads header bytes in; characters outside it, rare in
 * French (œ, €, typographic quotes), become '?' and stay unsearchable. The body is passed through untouched.
 */
final class SearchableHeaders {
    private static final int CR = '\r';
    private static final int LF = '\n';

    private SearchableHeaders() {
    }

    static InputStream rewrite(InputStream content) throws IOException {
        // read a byte at a time up to the empty line, then handed on: buffered, not one call per byte on the source
        InputStream message = new BufferedInputStream(content);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        boolean ended = false;
        int lineLength = 0; // CR not counted
        int b;
        while ((b = message.read()) >= 0) {
            header.write(b);
            if (b == LF) {
                if (lineLength == 0) {
                    ended = true; // the empty line that ends the header section
                    break;
                }
                lineLength = 0;
            } else if (b != CR) {
                lineLength++;
            }
        }
        byte[] decoded = decode(header.toByteArray(), ended);
        return new SequenceInputStream(new ByteArrayInputStream(decoded), message);
    }

    static byte[] decode(byte[] headerSection, boolean ended) {
        String text = HeaderBytes.asText(headerSection);
        StringBuilder out = new StringBuilder(text.length());
        String fields = text.strip();
        // one field per line: a line break followed by a space or a tab folds a field, others end it
        for (String folded : fields.isEmpty() ? new String[0] : fields.split("\r?\n(?![ \t])")) {
            String field = MimeUtil.unfold(folded);
            int colon = field.indexOf(':');
            if (colon < 0) {
                out.append(field);
            } else {
                String value = DecoderUtil.decodeEncodedWords(field.substring(colon + 1), DecodeMonitor.SILENT);
                out.append(field, 0, colon + 1).append(value.replace('\r', ' ').replace('\n', ' '));
            }
            out.append("\r\n");
        }
        if (ended) {
            out.append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
