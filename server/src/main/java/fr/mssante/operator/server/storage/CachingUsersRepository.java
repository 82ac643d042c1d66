package fr.mssante.operator.server.storage;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * James's JPA users repository answering "does this mailbox exist?" from memory: it is asked at RCPT and again at
 * local delivery for every recipient. Adding, updating or removing a user clears the answers after the write.
 * Passwords are always checked against the database.
 */
public class CachingUsersRepository extends JPAUsersRepository {
    private static final long MAX_ENTRIES = 100_000;

    private final WriteClearedCache<Username, Boolean> existing = new WriteClearedCache<>(MAX_ENTRIES);

    @Inject
    public CachingUsersRepository(DomainList domainList) {
        super(domainList);
    }

    @Override
    public boolean contains(Username name) throws UsersRepositoryException {
        return existing.get(name, super::contains);
    }

    @Override
    public Publisher<Boolean> containsReactive(Username name) {
        Boolean known = existing.getIfPresent(name);
        return known != null ? Mono.just(known)
            : Mono.fromCallable(() -> contains(name)).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        try {
            super.addUser(username, password);
        } finally {
            existing.clear();
        }
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        try {
            super.updateUser(user);
        } finally {
            existing.clear();
        }
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        try {
            super.removeUser(name);
        } finally {
            existing.clear();
        }
    }
}
