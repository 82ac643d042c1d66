package fr.mssante.operator.server.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.Optional;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.exception.DuplicateException;
import org.apache.james.sieverepository.api.exception.IsActiveException;
import org.apache.james.sieverepository.api.exception.QuotaExceededException;
import org.apache.james.sieverepository.api.exception.ScriptNotFoundException;
import org.apache.james.sieverepository.api.exception.StorageException;

/**
 * James's JPA Sieve repository with each user's active script (or its absence, the common case) read from memory:
 * the Sieve mailet asks for it twice per recipient of every delivered mail. The four writers that can change which
 * script is active, or its content, clear the cache after writing.
 */
public class CachingSieveRepository extends JPASieveRepository {
    private static final long MAX_ENTRIES = 100_000;

    private record ActiveScript(byte[] content, ZonedDateTime activation) {
    }

    private final WriteClearedCache<Username, Optional<ActiveScript>> activeScripts = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public CachingSieveRepository(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    public ZonedDateTime getActivationDateForActiveScript(Username username) throws StorageException, ScriptNotFoundException {
        return activeScript(username).activation();
    }

    @Override
    public InputStream getActive(Username username) throws ScriptNotFoundException, StorageException {
        return new ByteArrayInputStream(activeScript(username).content());
    }

    private ActiveScript activeScript(Username username) throws StorageException, ScriptNotFoundException {
        Optional<ActiveScript> active = activeScripts.get(username, this::loadActiveScript);
        return active.orElseThrow(() -> new ScriptNotFoundException("Unable to find active script for user " + username.asString()));
    }

    private Optional<ActiveScript> loadActiveScript(Username username) throws StorageException {
        try (InputStream content = super.getActive(username)) {
            return Optional.of(new ActiveScript(content.readAllBytes(), super.getActivationDateForActiveScript(username)));
        } catch (ScriptNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("Unable to read the active script of " + username.asString(), e);
        }
    }

    @Override
    public void putScript(Username username, ScriptName name, ScriptContent content) throws StorageException, QuotaExceededException {
        try {
            super.putScript(username, name, content);
        } finally {
            activeScripts.clear();
        }
    }

    @Override
    public void setActive(Username username, ScriptName name) throws ScriptNotFoundException, StorageException {
        try {
            super.setActive(username, name);
        } finally {
            activeScripts.clear();
        }
    }

    @Override
    public void deleteScript(Username username, ScriptName name) throws ScriptNotFoundException, IsActiveException, StorageException {
        try {
            super.deleteScript(username, name);
        } finally {
            activeScripts.clear();
        }
    }

    @Override
    public void renameScript(Username username, ScriptName oldName, ScriptName newName)
            throws ScriptNotFoundException, DuplicateException, StorageException {
        try {
            super.renameScript(username, oldName, newName);
        } finally {
            activeScripts.clear();
        }
    }
}
