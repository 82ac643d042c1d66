package fr.mssante.operator.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxACL;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mailboxes found by path from memory, on the real mailbox table (H2, the server's persistence unit). A row changed
 * in SQL behind the cache's back tells whether a lookup read the database.
 */
class MailboxPathCachingMapperTest {
    static final Username APP = Username.of("dpi@demo.mssante.test");
    static final MailboxPath ARCHIVES = MailboxPath.forUser(APP, "Archives");
    static final MailboxPath CLASSEMENT = MailboxPath.forUser(APP, "Classement");
    static final MailboxPath BROUILLONS = MailboxPath.forUser(APP, "Brouillons");
    static final MailboxACL SECRETARIAT_READS = new MailboxACL(Map.of(
        MailboxACL.EntryKey.createUserEntryKey(Username.of("secretariat@demo.mssante.test")),
        MailboxACL.Rfc4314Rights.of(List.of(MailboxACL.Right.Lookup, MailboxACL.Right.Read))));

    EntityManagerFactory factory;
    final WriteClearedCache<MailboxPath, Mailbox> cache = new WriteClearedCache<>(100);
    Mailbox archives;

    @BeforeEach
    void open() throws Exception {
        factory = H2Units.inMemory();
        archives = create(ARCHIVES);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void aMailboxFoundOnceIsFoundAgainWithoutReadingTheDatabase() throws Exception {
        assertThat(session().findMailboxByPath(ARCHIVES).block().getMailboxId()).isEqualTo(archives.getMailboxId());

        renameInSql("Renomme en SQL");

        assertThat(inDatabase(ARCHIVES)).as("no longer in the database").isEmpty();
        assertThat(session().findMailboxByPath(ARCHIVES).block().getMailboxId()).as("from memory")
            .isEqualTo(archives.getMailboxId());

        create(BROUILLONS);

        assertThat(session().findMailboxByPath(ARCHIVES).blockOptional()).as("any mailbox write clears the cache").isEmpty();
    }

    @Test
    void aRenameIsSeenAtOnceUnderBothNames() throws Exception {
        session().findMailboxByPath(ARCHIVES).block();

        MailboxPathCachingMapper mapper = session();
        mapper.execute(() -> {
            Mailbox renamed = mapper.findMailboxByPath(ARCHIVES).block();
            renamed.setName(CLASSEMENT.getName());
            return mapper.rename(renamed).block();
        });

        assertThat(session().findMailboxByPath(ARCHIVES).blockOptional()).isEmpty();
        assertThat(session().findMailboxByPath(CLASSEMENT).block().getMailboxId()).isEqualTo(archives.getMailboxId());
    }

    @Test
    void aDeletionIsSeenAtOnce() throws Exception {
        session().findMailboxByPath(ARCHIVES).block();

        MailboxPathCachingMapper mapper = session();
        mapper.execute(() -> mapper.delete(mapper.findMailboxByPath(ARCHIVES).block()).block());

        assertThat(session().findMailboxByPath(ARCHIVES).blockOptional()).isEmpty();
        Mailbox recreated = create(ARCHIVES);
        assertThat(session().findMailboxByPath(ARCHIVES).block().getMailboxId()).as("the new mailbox under the old name")
            .isEqualTo(recreated.getMailboxId()).isNotEqualTo(archives.getMailboxId());
    }

    @Test
    void aMailboxNotFoundIsNotRemembered() throws Exception {
        assertThat(session().findMailboxByPath(BROUILLONS).blockOptional()).isEmpty();

        // Created by James's own mapper, which does not clear our cache: only a fresh read can find it.
        JPAMailboxMapper james = new JPAMailboxMapper(factory);
        james.execute(() -> james.create(BROUILLONS, UidValidity.of(43)).block());
        james.endRequest();

        assertThat(session().findMailboxByPath(BROUILLONS).blockOptional()).isPresent();
    }

    @Test
    void changingAReturnedMailboxDoesNotChangeTheCache() throws Exception {
        Mailbox returned = session().findMailboxByPath(ARCHIVES).block();
        returned.setName("Modifie par l'appelant");
        returned.setACL(SECRETARIAT_READS);

        Mailbox again = session().findMailboxByPath(ARCHIVES).block();
        assertThat(again.getName()).isEqualTo("Archives");
        assertThat(again.getACL()).as("as James's mapper reads it: 3.8.1's JPA table has no ACL column")
            .isEqualTo(MailboxACL.EMPTY);
    }

    @Test
    void aRowLoadedByAnotherSessionDuringARenameIsDroppedWhenTheRenameCommits() throws Exception {
        MailboxPathCachingMapper writer = session();
        MailboxPathCachingMapper reader = session();

        writer.execute(() -> {
            Mailbox renamed = writer.findMailboxByPath(ARCHIVES).block();
            renamed.setName(CLASSEMENT.getName());
            writer.rename(renamed).block();
            assertThat(reader.findMailboxByPath(ARCHIVES).blockOptional()).as("still the committed row").isPresent();
            return null;
        });

        assertThat(reader.findMailboxByPath(ARCHIVES).blockOptional()).isEmpty();
        assertThat(reader.findMailboxByPath(CLASSEMENT).blockOptional()).isPresent();
    }

    @Test
    void aCreationRolledBackIsNeverSeenByOtherSessions() {
        MailboxPathCachingMapper writer = session();
        MailboxPathCachingMapper reader = session();

        assertThatThrownBy(() -> writer.execute(() -> {
            writer.create(BROUILLONS, UidValidity.of(43)).block();
            assertThat(writer.findMailboxByPath(BROUILLONS).blockOptional()).as("its own write, read in its transaction")
                .isPresent();
            assertThat(reader.findMailboxByPath(BROUILLONS).blockOptional()).as("uncommitted").isEmpty();
            throw new MailboxException("refused");
        })).hasMessage("refused");

        assertThat(reader.findMailboxByPath(BROUILLONS).blockOptional()).isEmpty();
        assertThat(session().findMailboxByPath(BROUILLONS).blockOptional()).isEmpty();
    }

    /** A session's mapper: the factory creates one per mailbox session, all sharing the cache. */
    private MailboxPathCachingMapper session() {
        return new MailboxPathCachingMapper(factory, cache);
    }

    private Mailbox create(MailboxPath path) throws MailboxException {
        MailboxPathCachingMapper mapper = session();
        return mapper.execute(() -> mapper.create(path, UidValidity.of(42)).block());
    }

    private void renameInSql(String name) {
        new JpaConnections(factory).inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE JAMES_MAILBOX SET MAILBOX_NAME = ? WHERE MAILBOX_ID = ?")) {
                update.setString(1, name);
                update.setLong(2, ((JPAId) archives.getMailboxId()).getRawId());
                return update.executeUpdate();
            }
        });
    }

    private Optional<Mailbox> inDatabase(MailboxPath path) {
        JPAMailboxMapper james = new JPAMailboxMapper(factory);
        try {
            return james.findMailboxByPath(path).blockOptional();
        } finally {
            james.endRequest();
        }
    }
}
