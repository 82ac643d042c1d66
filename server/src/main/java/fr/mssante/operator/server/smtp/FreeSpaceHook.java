package fr.mssante.operator.server.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssante.operator.server.storage.FreeSpace;

/**
 * Refuses new mail at {@code MAIL} with {@code 452 4.3.1} while the storage volume is below its minimum free space
 * ({@link FreeSpace}), as Postfix does with {@code queue_minfree}: the sender keeps the mail and retries, instead of
 * the spool failing the write at the end of DATA.
 */
public class FreeSpaceHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(FreeSpaceHook.class);
    private static final HookResult INSUFFICIENT_STORAGE = HookResult.builder()
        .hookReturnCode(HookReturnCode.denySoft())
        .smtpReturnCode("452")
        .smtpDescription("4.3.1 Insufficient system storage, try again later")
        .build();

    private final FreeSpace freeSpace;

    @Inject
    public FreeSpaceHook(FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (freeSpace.isLow()) {
            LOGGER.warn("mssante.smtp.refused session={} reason=LOW_FREE_SPACE {}", session.getSessionID(),
                freeSpace.describe());
            return INSUFFICIENT_STORAGE;
        }
        return HookResult.DECLINED;
    }
}
