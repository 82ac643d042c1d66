package fr.mssante.operator.directory.mirror;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SingleServerSet;
import fr.mssante.operator.directory.mirror.MirrorWriter.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipelined writes: many in flight, refused ones reported one by one, a lost mirror stops the writer. */
class MirrorWriterTest {
    private EmbeddedMirror mirror;
    private LDAPConnectionPool pool;

    @BeforeEach
    void start() throws Exception {
        mirror = EmbeddedMirror.start(0, MirrorLayout.defaults(), List.of());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setResponseTimeoutMillis(10_000);
        pool = new LDAPConnectionPool(new SingleServerSet("127.0.0.1", mirror.port(), options), null, 1, 3);
    }

    @AfterEach
    void stop() {
        pool.close();
        mirror.close();
    }

    private Entry mailbox(int i) {
        DirectoryMailbox mailbox = new DirectoryMailbox("bal" + i + "@ch.mssante.fr", BalType.ORG, "BAL " + i, null,
                null, null, null, null, false, null, null, true, null);
        return MailboxEntryMapper.toEntry(mirror.layout(), mailbox);
    }

    @Test
    void manyWritesInFlightAllLandAndARefusedOneIsReportedWithItsOrigin() throws Exception {
        int count = 3 * 2 * MirrorWriter.WINDOW_PER_CONNECTION + 7; // more than the window: the sender must wait
        try (MirrorWriter writer = new MirrorWriter(pool, mirror.layout(), 2, 0)) {
            writer.prefetch();
            for (int i = 0; i < count; i++) {
                Entry entry = mailbox(i);
                if (i == 100) {
                    entry.removeAttribute(MirrorAttributes.TYPE); // schema: MUST mssMailboxType
                }
                writer.upsert(Kind.MAILBOX, entry, "line " + (i + 2));
            }
            writer.flush();
            List<MirrorWriter.WriteFailure> failures = writer.drainFailures();
            assertThat(failures).singleElement().satisfies(f -> {
                assertThat(f.origin()).isEqualTo("line 102");
                assertThat(f.dn()).isEqualTo(mirror.layout().mailboxDn("bal100@ch.mssante.fr").toString());
                assertThat(f.message()).contains("object class violation").contains("mssMailboxType");
            });
        }
        // the container itself plus every mailbox but the refused one
        assertThat(mirror.server().countEntriesBelow(mirror.layout().mailboxes().toString())).isEqualTo(1 + count - 1);
    }

    @Test
    void aMirrorLostMidLoadMakesTheWriterFailInsteadOfDroppingWritesSilently() throws Exception {
        try (MirrorWriter writer = new MirrorWriter(pool, mirror.layout(), 2, 0)) {
            writer.prefetch();
            for (int i = 0; i < 50; i++) {
                writer.upsert(Kind.MAILBOX, mailbox(i), "line " + (i + 2));
            }
            writer.flush();
            mirror.stopListening(); // closes the writer's connections
            assertThatThrownBy(() -> {
                for (int i = 50; i < 5_000; i++) {
                    writer.upsert(Kind.MAILBOX, mailbox(i), "line " + (i + 2));
                }
                writer.flush();
            }).isInstanceOf(LDAPException.class).hasMessageContaining("the LDAP mirror became unreachable");
        }
    }
}
