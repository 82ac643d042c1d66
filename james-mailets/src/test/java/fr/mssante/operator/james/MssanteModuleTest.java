package fr.mssante.operator.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.dnsservice.api.InMemoryDNSService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.metrics.api.Gauge;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.onami.lifecycle.PreDestroyModule;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.apache.james.utils.ClassName;
import org.apache.james.utils.ExtensionConfiguration;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Providers;

import fr.mssante.operator.james.h2.H2FileGauges;
import fr.mssante.operator.james.smtp.ActiveMailboxRcptHook;
import fr.mssante.operator.james.webadmin.MailboxRoutes;
import io.restassured.RestAssured;

/**
 * Loads the extension the way James does: a root injector with James's services, MssanteModule listed in
 * the extension configuration, routes and hook instantiated by James's GuiceGenericLoader, shutdown by
 * James's PreDestroy stager.
 */
class MssanteModuleTest {

    @TempDir
    Path workingDirectory;
    private final PreDestroyModule preDestroy = new PreDestroyModule();
    private WebAdminServer webAdmin;
    private final Map<String, Gauge<?>> registered = new ConcurrentHashMap<>();
    private final GaugeRegistry gauges = new GaugeRegistry() {
        @Override
        public <T> GaugeRegistry register(String name, Gauge<T> gauge) {
            registered.put(name, gauge);
            return this;
        }

        // The extension registers read-on-scrape gauges only: a settable one would be a change to notice here.
        @Override
        public <T> SettableGauge<T> settableGauge(String name) {
            throw new UnsupportedOperationException(name);
        }
    };

    @AfterEach
    void stop() {
        if (webAdmin != null) {
            webAdmin.destroy();
        }
        preDestroy.getStager().stage();
    }

    private GuiceGenericLoader james() throws Exception {
        Configuration configuration = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        FileSystem fileSystem = new FileSystemImpl(configuration.directories());
        MemoryDomainList domains = new MemoryDomainList(new InMemoryDNSService());
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(Domain.of("demo.mssante.test"));
        Injector root = Guice.createInjector(preDestroy, new AbstractModule() {
            @Override
            protected void configure() {
                bind(FileSystem.class).toInstance(fileSystem);
                bind(JamesDirectoriesProvider.class).toInstance(configuration.directories());
                bind(PropertiesProvider.class).toInstance(new PropertiesProvider(fileSystem, configuration.configurationPath()));
                bind(Clock.class).toInstance(Clock.systemUTC());
                bind(GaugeRegistry.class).toInstance(gauges);
                // Providers, not instances: Guice would otherwise inject the memory classes' optional setters.
                bind(DomainList.class).toProvider(Providers.of(domains));
                bind(UsersRepository.class).toProvider(Providers.of(MemoryUsersRepository.withVirtualHosting(domains)));
                bind(ExtensionConfiguration.class).toInstance(new ExtensionConfiguration(
                    List.of(new ClassName(MssanteModule.class.getName())), List.of()));
            }
        });
        return root.getInstance(GuiceGenericLoader.class);
    }

    private void properties(String content) throws Exception {
        Files.createDirectories(workingDirectory.resolve("conf"));
        Files.writeString(workingDirectory.resolve("conf/mssante.properties"), content);
    }

    private static HookResult rcpt(ActiveMailboxRcptHook hook, String address) throws Exception {
        return hook.doRcpt(new BaseFakeSMTPSession(), MaybeSender.nullSender(), new MailAddress(address), Map.of());
    }

    @Test
    void routesAndHookShareTheRegistryConfiguredInMssanteProperties() throws Exception {
        Path database = workingDirectory.resolve("custom").resolve("registry");
        properties(RegistryDatabaseConfiguration.URL + "=jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE\n");
        GuiceGenericLoader loader = james();

        MailboxRoutes routes = loader.instantiate(new ClassName(MailboxRoutes.class.getName()));
        ActiveMailboxRcptHook hook = loader.instantiate(new ClassName(ActiveMailboxRcptHook.class.getName()));
        webAdmin = WebAdminUtils.createWebAdminServer(routes).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdmin).build();

        RestAssured.given().body("{\"type\": \"PER\"}").put(MailboxRoutes.BASE_PATH + "/medecin@demo.mssante.test")
            .then().statusCode(201);
        RestAssured.given().body("{\"reason\": \"test\"}").post(MailboxRoutes.BASE_PATH + "/medecin@demo.mssante.test?action=suspend")
            .then().statusCode(204);

        assertThat(rcpt(hook, "medecin@demo.mssante.test").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(database.resolveSibling("registry.mv.db")).exists();
        assertThat(workingDirectory.resolve("var/mssante")).doesNotExist();
    }

    @Test
    void withoutPropertiesTheRegistryIsAnH2FileUnderVar() throws Exception {
        GuiceGenericLoader loader = james();

        ActiveMailboxRcptHook hook = loader.instantiate(new ClassName(ActiveMailboxRcptHook.class.getName()));

        assertThat(rcpt(hook, "medecin@demo.mssante.test")).isEqualTo(HookResult.DECLINED);
        assertThat(workingDirectory.resolve("var/mssante/mssante.mv.db")).exists();
    }

    @Test
    void theRegistryFileGaugesAreRegisteredAtStart() throws Exception {
        james();

        Path file = workingDirectory.resolve("var/mssante/mssante.mv.db");
        long fileBytes = (Long) registered.get(H2FileGauges.FILE_BYTES + RegistryDatabaseGauges.DATABASE).get();
        long reclaimable = (Long) registered.get(H2FileGauges.RECLAIMABLE_BYTES + RegistryDatabaseGauges.DATABASE).get();
        assertThat(fileBytes).isPositive().isEqualTo(Files.size(file));
        assertThat(reclaimable).isBetween(0L, fileBytes);
    }

    @Test
    void jamesShutdownClosesTheRegistryDatabase() throws Exception {
        ActiveMailboxRcptHook hook = james().instantiate(new ClassName(ActiveMailboxRcptHook.class.getName()));

        preDestroy.getStager().stage();

        assertThat(rcpt(hook, "medecin@demo.mssante.test").getResult()).isEqualTo(HookReturnCode.denySoft());
    }

    @Test
    void wrongUrlStopsTheStartWithTheKeyInTheMessage() throws Exception {
        properties(RegistryDatabaseConfiguration.URL + "=postgres://db/mssante\n");

        // The audit trail is an eager singleton on the same database: the extension fails as soon as it is built.
        assertThatThrownBy(() -> james().instantiate(new ClassName(ActiveMailboxRcptHook.class.getName())))
            .hasMessageContaining("mssante.jdbc.url must be a JDBC URL (jdbc:...), got 'postgres://db/mssante'");
    }
}
