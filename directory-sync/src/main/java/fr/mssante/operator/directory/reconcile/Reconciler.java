package fr.mssante.operator.directory.reconcile;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import fr.mssante.operator.directory.reconcile.ReconciliationReport.Category;
import fr.mssante.operator.directory.reconcile.ReconciliationReport.Finding;
import fr.mssante.operator.directory.sync.MailboxRegistryClient;
import fr.mssante.operator.directory.sync.RegistryMailbox;
import fr.mssante.operator.directory.sync.RegistryRejectedException;
import fr.mssante.operator.directory.sync.RegistryUnavailableException;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares the mirror and the server for our domains; read-only on both sides. */
public final class Reconciler {
    private final LDAPInterface mirror;
    private final MirrorLayout layout;
    private final MailboxRegistryClient registry;
    private final int pageSize;

    /** {@code pageSize}: LDAP paged results size, 0 for one unpaged streamed search. */
    public Reconciler(LDAPInterface mirror, MirrorLayout layout, MailboxRegistryClient registry, int pageSize) {
        this.mirror = mirror;
        this.layout = layout;
        this.registry = registry;
        this.pageSize = pageSize;
    }

    public ReconciliationReport reconcile(List<String> domains)
            throws LDAPException, RegistryUnavailableException, RegistryRejectedException {
        ReconciliationReport report = new ReconciliationReport(domains);
        Map<String, RegistryMailbox> server = new HashMap<>();
        for (String domain : domains) {
            registry.forEachInDomain(domain.toLowerCase(Locale.ROOT), 500,
                    m -> server.put(m.address().toLowerCase(Locale.ROOT), m));
        }
        report.activeOnServer = server.values().stream().filter(RegistryMailbox::active).count();
        new MirrorReader(mirror, layout, pageSize).forEachMailbox(domains, null, published -> {
            RegistryMailbox here = server.remove(published.address());
            String type = published.type().name();
            if (published.published()) {
                report.publishedInDirectory++;
                if (here == null) {
                    report.add(new Finding(Category.PUBLISHED_MISSING, published.address(), type, "published",
                            "absent", published.listeRouge(), null));
                } else if (!here.active()) {
                    report.add(new Finding(Category.PUBLISHED_INACTIVE, published.address(), type, "published",
                            here.status(), published.listeRouge(), here.suspensionReason()));
                }
            } else if (here != null && here.active()) {
                report.add(new Finding(Category.ACTIVE_NOT_PUBLISHED, published.address(), type, "withdrawn",
                        here.status(), published.listeRouge(), null));
            }
        });
        server.values().stream().filter(RegistryMailbox::active).forEach(here -> report.add(new Finding(
                Category.ACTIVE_NOT_PUBLISHED, here.address(), here.type(), "absent", here.status(),
                Boolean.TRUE.equals(here.listeRouge()), null)));
        report.findings.sort(Comparator.comparing(Finding::category).thenComparing(Finding::address));
        return report;
    }
}
