package fr.mssante.operator.james.registry;

import java.util.List;
import java.util.Optional;

/**
 * The MSSanté facts James does not keep: mailbox type, directory metadata, ACTIVE/SUSPENDED status.
 * Addresses are case-insensitive. Nothing here ever deletes mail or a James user.
 * Storage failures surface as {@link RegistryException}.
 */
public interface MailboxRegistry {

    enum PutOutcome { CREATED, UPDATED, UNCHANGED }

    /**
     * Creates the mailbox (ACTIVE) or replaces its profile. Status, suspension reason and creation time
     * are kept on update; an identical profile changes nothing, not even {@code updatedAt}.
     */
    PutOutcome put(String address, MailboxProfile profile);

    Optional<Mailbox> find(String address);

    List<Mailbox> list(MailboxQuery query);

    /** Marks the mailbox SUSPENDED with this reason. Returns false when the address is not registered. */
    boolean suspend(String address, String reason);

    /** Marks the mailbox ACTIVE and clears the reason. Returns false when the address is not registered. */
    boolean reactivate(String address);
}
