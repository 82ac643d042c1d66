package fr.mssante.operator.bench.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import fr.mssante.operator.bench.smtp.ImapInbox;

/**
 * Delivered = visible to the mailbox owner: one logged-in IMAPS connection per mailbox of B ({@link ImapInbox},
 * an indexed {@code STATUS INBOX (MESSAGES)} count, no message fetched), so polling costs B little.
 */
final class Inboxes implements AutoCloseable {
    private final List<ImapInbox> inboxes = new ArrayList<>();

    Inboxes(int imapsPort, List<String> mailboxes, String password) throws IOException {
        try {
            for (String mailbox : mailboxes) {
                inboxes.add(new ImapInbox(imapsPort, mailbox, password));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Messages in all the INBOXes now. */
    long count() throws IOException {
        long total = 0;
        for (ImapInbox inbox : inboxes) {
            total += inbox.count();
        }
        return total;
    }

    @Override
    public void close() {
        for (ImapInbox inbox : inboxes) {
            try {
                inbox.close();
            } catch (IOException alreadyGone) {
                // closing the others anyway
            }
        }
    }
}
