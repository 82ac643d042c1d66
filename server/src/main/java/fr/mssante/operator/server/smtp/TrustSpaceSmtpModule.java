package fr.mssante.operator.server.smtp;

import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.util.Modules;

/**
 * James's SMTP module with our server factory: everything that asks for James's {@link SMTPServerFactory}
 * (start-up, certificate reload, probes) gets {@link TrustSpaceSmtpServerFactory}.
 */
public final class TrustSpaceSmtpModule extends AbstractModule {
    public static Module overridingJames() {
        return Modules.override(new SMTPServerModule()).with(new TrustSpaceSmtpModule());
    }

    @Override
    protected void configure() {
        bind(TrustSpaceSmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(SMTPServerFactory.class).to(TrustSpaceSmtpServerFactory.class);
    }
}
