package fr.mssante.operator.james.trust;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * The trust space for the SMTP hooks and the WebAdmin route, one per server. Listed in
 * {@code conf/extensions.properties} beside {@code MssanteModule}.
 */
public class TrustSpaceModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(ServerTrustSpace.class).in(Scopes.SINGLETON);
    }
}
