package fr.mssante.operator.james.audit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.net.ssl.SSLSession;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.AbstractHookableCmdHandler;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every MAIL FROM, RCPT TO and end-of-DATA decision of an SMTP server in the audit trail, whoever took
 * it (our hooks, James's core hooks such as ValidRcptHandler or AuthRequiredToRelayRcptHook, syntax and
 * sequence checks), with the session's TLS facts and authenticated user. Goes FIRST in every
 * {@code <handlerchain>}, with the listener's direction:
 * {@code <handler class="fr.mssante.operator.james.audit.AuditSmtpHook"><direction>INBOUND</direction></handler>}.
 * <ul>
 * <li>MAIL, RCPT, DATA commands: as the first command handler it notes the command's argument and answers
 * nothing; as a result handler it then sees James's final reply to that command.</li>
 * <li>End of DATA: as the first message hook it reads the Message-ID and size (headers only); as a hook-result
 * hook it sees the first message hook that decides (James's SendMailHandler: 250 once spooled).</li>
 * <li>Disconnection: a session that started TLS (STARTTLS, or the implicit TLS of 465) and ended on a fatal TLS
 * error without a verified client certificate is recorded as a refused handshake: that is how a client certificate
 * refused by {@code <clientAuth>} looks from here (James keeps the TLS error to its log).</li>
 * </ul>
 */
public class AuditSmtpHook implements CommandHandler<SMTPSession>, ProtocolHandlerResultHandler<Response, SMTPSession>,
    MessageHook, HookResultHook, DisconnectHandler<SMTPSession> {

    private static final Logger LOGGER = LoggerFactory.getLogger(AuditSmtpHook.class);
    static final String DIRECTION = "direction";
    private static final List<String> COMMANDS = List.of("MAIL", "RCPT", "DATA");
    private static final AttachmentKey<Command> COMMAND = AttachmentKey.of("mssante.audit.command", Command.class);
    static final String HANDSHAKE_FAILED = "TLS handshake failed (fatal TLS alert, no verified client certificate): "
        + "no client certificate, a chain to none of the listener's <clientAuth> anchors, or no common protocol or "
        + "cipher (dates, key usage and revocation are refused later with 550 5.7.1); the TLS error is in the log";
    private static final AttachmentKey<MessageFacts> MESSAGE = AttachmentKey.of("mssante.audit.message", MessageFacts.class);

    private record Command(String name, String argument) {
    }

    private record MessageFacts(String messageId, long size, MaybeSender sender, List<MailAddress> recipients) {
    }

    private final AuditRepository audit;
    private final Clock clock;
    private AuditDirection direction;

    @Inject
    public AuditSmtpHook(AuditRepository audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String value = config.getString(DIRECTION, null);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(getClass().getName() + " needs <" + DIRECTION
                + "> (INBOUND on port 25, SUBMISSION on 587/465)");
        }
        try {
            direction = AuditDirection.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(getClass().getName() + ": " + e.getMessage(), e);
        }
        if (direction != AuditDirection.INBOUND && direction != AuditDirection.SUBMISSION) {
            throw new ConfigurationException(getClass().getName() + ": <" + DIRECTION
                + "> of an SMTP server must be INBOUND or SUBMISSION, got " + direction);
        }
    }

    @Override
    public Collection<String> getImplCommands() {
        return COMMANDS;
    }

    /** Notes the argument for {@link #onResponse}, and lets the next handler answer. */
    @Override
    public Response onCommand(SMTPSession session, Request request) {
        session.setAttachment(COMMAND, new Command(request.getCommand().toUpperCase(Locale.ROOT), request.getArgument()),
            State.Connection);
        return null;
    }

    @Override
    public Response onResponse(ProtocolSession protocolSession, Response response, long executionTime, ProtocolHandler handler) {
        Optional<Command> noted = protocolSession.removeAttachment(COMMAND, State.Connection);
        if (noted.isEmpty() || !(handler instanceof CommandHandler<?> commandHandler)
            || !commandHandler.getImplCommands().contains(noted.get().name())
            || !(protocolSession instanceof SMTPSession session)) {
            return response;
        }
        try {
            record(session, noted.get(), response);
        } catch (RuntimeException e) {
            // The reply goes out whatever happens to its audit record.
            LOGGER.error("audit: cannot record {} reply {} of session {}", noted.get().name(), response.getRetCode(),
                session.getSessionID(), e);
        }
        return response;
    }

    private void record(SMTPSession session, Command command, Response response) {
        SmtpReply reply = SmtpReply.of(response.getRetCode(), text(response));
        AuditDecision decision = AuditDecision.ofSmtpCode(reply.code());
        switch (command.name()) {
            case "MAIL" -> audit.append(event(session, decision, reply).mailFrom(path(command.argument())).build());
            case "RCPT" -> audit.append(event(session, decision, reply)
                .mailFrom(sender(session))
                .recipient(path(command.argument()))
                .build());
            default -> {
                // DATA: 354 only invites the message, whose decision comes at its end; record refusals only.
                if (!reply.code().startsWith("3")) {
                    appendPerRecipient(event(session, decision, reply).mailFrom(sender(session)).build(),
                        session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of()));
                }
            }
        }
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        if (!session.isTLSStarted()) {
            return;
        }
        // JSSE invalidates the session on a fatal alert; a completed handshake on a <clientAuth> listener has a
        // verified client certificate. (The cipher suite is no sign: TLS 1.3 sets it before the client certificate.)
        Optional<SSLSession> tls = session.getSSLSession();
        if (tls.isEmpty() || tls.get().isValid() || TlsFacts.of(tls.get()).peerCertificateDn() != null) {
            return;
        }
        try {
            audit.append(AuditEvent.builder(clock.instant(), direction, AuditDecision.REFUSED)
                .sessionId(session.getSessionID())
                .listener(listener(session.getLocalAddress()))
                .peerIp(Optional.ofNullable(session.getRemoteAddress()).map(a -> a.getAddress().getHostAddress()).orElse(null))
                .reason(HANDSHAKE_FAILED)
                .build());
        } catch (RuntimeException e) {
            LOGGER.error("audit: cannot record the failed TLS handshake of session {}", session.getSessionID(), e);
        }
    }

    /** Notes what the end-of-DATA decision will be recorded with; decides nothing. */
    @Override
    public HookResult onMessage(SMTPSession session, MailEnvelope envelope) {
        session.setAttachment(MESSAGE, new MessageFacts(messageId(envelope), envelope.getSize(), envelope.getMaybeSender(),
            List.copyOf(envelope.getRecipients())), State.Transaction);
        return HookResult.DECLINED;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        if (hook == this || !AbstractHookableCmdHandler.canBeConvertedToSmtpAnswer(result.getResult())) {
            return result;
        }
        // Only the end-of-DATA hooks run while the message facts are in the transaction (reset after DATA).
        session.removeAttachment(MESSAGE, State.Transaction).ifPresent(facts -> {
            try {
                SMTPResponse response = AbstractHookableCmdHandler.calcDefaultSMTPResponse(result);
                SmtpReply reply = SmtpReply.of(response.getRetCode(), text(response));
                appendPerRecipient(event(session, AuditDecision.ofSmtpCode(reply.code()), reply)
                    .mailFrom(facts.sender().asString("<>"))
                    .messageId(facts.messageId())
                    .size(facts.size())
                    .build(), facts.recipients());
            } catch (RuntimeException e) {
                LOGGER.error("audit: cannot record the end-of-DATA decision of session {}", session.getSessionID(), e);
            }
        });
        return result;
    }

    private void appendPerRecipient(AuditEvent event, List<MailAddress> recipients) {
        if (recipients.isEmpty()) {
            audit.append(event);
        }
        recipients.forEach(recipient -> audit.append(event.withRecipient(recipient.asString())));
    }

    private AuditEvent.Builder event(SMTPSession session, AuditDecision decision, SmtpReply reply) {
        return AuditEvent.builder(clock.instant(), direction, decision)
            .sessionId(session.getSessionID())
            .listener(listener(session.getLocalAddress()))
            .peerIp(Optional.ofNullable(session.getRemoteAddress()).map(a -> a.getAddress().getHostAddress()).orElse(null))
            .tls(TlsFacts.of(session.getSSLSession()))
            .authenticatedUser(session.getUsername() == null ? null : session.getUsername().asString())
            .reply(reply);
    }

    private static String listener(InetSocketAddress local) {
        return local == null ? null : "smtp:" + local.getPort();
    }

    private static String sender(SMTPSession session) {
        return session.getAttachment(SMTPSession.SENDER, State.Transaction).map(s -> s.asString("<>")).orElse(null);
    }

    /** The text of a reply without its code, lines joined. */
    private static String text(Response response) {
        return response.getLines().stream()
            .map(CharSequence::toString)
            .map(line -> line.length() > 4 ? line.substring(4) : "")
            .collect(Collectors.joining(" "));
    }

    /** The address of {@code FROM:<a@b> SIZE=1} or {@code TO:<a@b>}: {@code <>} for the null sender, the raw argument when unparsable. */
    static String path(String argument) {
        if (argument == null) {
            return null;
        }
        int open = argument.indexOf('<');
        int close = open < 0 ? -1 : argument.indexOf('>', open);
        if (open >= 0 && close > open) {
            String address = argument.substring(open + 1, close).trim();
            return address.isEmpty() ? "<>" : address;
        }
        return argument.trim();
    }

    /** Message-ID from the header section only; never reads the body. */
    private static String messageId(MailEnvelope envelope) {
        try (InputStream message = envelope.getMessageInputStream()) {
            String value = new InternetHeaders(message).getHeader("Message-ID", null);
            return value == null ? null : value.trim();
        } catch (IOException | MessagingException | RuntimeException e) {
            LOGGER.debug("audit: no readable Message-ID", e);
            return null;
        }
    }
}
