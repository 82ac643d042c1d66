package fr.mssante.operator.james.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.onami.lifecycle.PreDestroyModule;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.ClassName;
import org.apache.james.utils.ExtensionConfiguration;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.WebAdminUtils;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;

import fr.mssante.operator.james.MssanteModule;
import fr.mssante.operator.james.RegistryDatabase;
import fr.mssante.operator.james.RegistryDatabaseConfiguration;
import io.restassured.RestAssured;

/**
 * The audit classes loaded the way James loads extensions (MssanteModule from the extension configuration,
 * GuiceGenericLoader), sharing one audit trail in the registry database, closed by James's PreDestroy stager.
 */
class AuditModuleTest {

    @TempDir
    Path workingDirectory;
    private final PreDestroyModule preDestroy = new PreDestroyModule();
    private WebAdminServer webAdmin;

    @AfterEach
    void stop() {
        if (webAdmin != null) {
            webAdmin.destroy();
        }
        preDestroy.getStager().stage();
    }

    private GuiceGenericLoader james() {
        Configuration configuration = Configuration.builder().workingDirectory(workingDirectory.toFile()).build();
        FileSystem fileSystem = new FileSystemImpl(configuration.directories());
        Injector root = Guice.createInjector(preDestroy, new AbstractModule() {
            @Override
            protected void configure() {
                bind(FileSystem.class).toInstance(fileSystem);
                bind(JamesDirectoriesProvider.class).toInstance(configuration.directories());
                bind(PropertiesProvider.class).toInstance(new PropertiesProvider(fileSystem, configuration.configurationPath()));
                bind(Clock.class).toInstance(Clock.systemUTC());
                bind(GaugeRegistry.class).to(NoopGaugeRegistry.class);
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

    private static AuditMailet mailet(GuiceGenericLoader loader) throws Exception {
        AuditMailet mailet = loader.instantiate(new ClassName(AuditMailet.class.getName()));
        mailet.init(FakeMailetConfig.builder().mailetName("AuditMailet").mailetContext(FakeMailContext.defaultContext())
            .setProperty("direction", "LOCAL_DELIVERY").setProperty("decision", "DELIVERED").build());
        return mailet;
    }

    @Test
    void mailetHookAndRouteShareOneAuditTrail() throws Exception {
        GuiceGenericLoader loader = james();
        AuditMailet mailet = mailet(loader);
        AuditSmtpHook hook = loader.instantiate(new ClassName(AuditSmtpHook.class.getName()));
        AuditRoutes routes = loader.instantiate(new ClassName(AuditRoutes.class.getName()));
        assertThat(hook).isNotNull();
        webAdmin = WebAdminUtils.createWebAdminServer(routes).start();
        RestAssured.requestSpecification = WebAdminUtils.buildRequestSpecification(webAdmin).build();

        mailet.service(FakeMail.builder().name("m1").sender("a@demo.mssante.test").recipients("b@demo.mssante.test").build());

        RestAssured.when().get(AuditRoutes.BASE_PATH).then().statusCode(200)
            .body("recipient", contains("b@demo.mssante.test"))
            .body("decision", contains("DELIVERED"));
    }

    @Test
    void jamesShutdownWritesWhatIsQueuedIntoTheRegistryDatabase() throws Exception {
        GuiceGenericLoader loader = james();
        AuditMailet mailet = mailet(loader);
        for (int i = 0; i < 200; i++) {
            mailet.service(FakeMail.builder().name("m" + i).sender("a@demo.mssante.test").recipients("r" + i + "@demo.mssante.test").build());
        }

        preDestroy.getStager().stage();

        Path var = workingDirectory.resolve("var");
        try (RegistryDatabase database = new RegistryDatabase(RegistryDatabaseConfiguration.defaults(var))) {
            assertThat(new JdbcAuditRepository(database.dataSource()).query(new QueryBuilder().limit(1000).build())).hasSize(200);
        }
    }

    @Test
    void aBadRetentionStopsTheStartWithTheKeyInTheMessage() throws Exception {
        properties(AuditConfiguration.RETENTION + "=one year\n");

        // The trail is an eager singleton: the start fails as the extension injector is built.
        assertThatThrownBy(() -> james().instantiate(new ClassName(AuditRoutes.class.getName())))
            .hasMessageContaining("mssante.audit.retention must be an ISO-8601 duration such as P365D or PT12H, got 'one year'");
    }
}
