package fr.mssante.operator.directory.sync;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.util.StaticUtils;
import fr.mssante.operator.directory.mirror.DirectoryMailbox;
import fr.mssante.operator.directory.mirror.MirrorLayout;
import fr.mssante.operator.directory.mirror.MirrorReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One sync run: read the mirror for our domains (all of it, or what changed since the last marker), compare with
 * the server's registry, plan, check the suspension guardrail, then apply through WebAdmin.
 *
 * <p>Consistency: the plan is complete before anything is applied, so an LDAP outage while reading changes
 * nothing. Every WebAdmin call is idempotent; if the server fails mid-apply the run stops, the marker does not
 * move, and the next run recomputes the plan from both sides and finishes the job.
 */
public final class SyncEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Mailboxes per WebAdmin listing request (the server may answer fewer). */
    static final int REGISTRY_PAGE_SIZE = 500;

    private final LDAPInterface mirror;
    private final MirrorLayout layout;
    private final MailboxRegistryClient registry;
    private final Path stateDir;
    private final SyncProgress progress;
    private final SyncPlanner planner = new SyncPlanner();

    public SyncEngine(LDAPInterface mirror, MirrorLayout layout, MailboxRegistryClient registry, Path stateDir,
                      SyncProgress progress) {
        this.mirror = mirror;
        this.layout = layout;
        this.registry = registry;
        this.stateDir = stateDir;
        this.progress = progress;
    }

    /** Runs once and stores the report; never throws for an outage (the report says FAILED). */
    public SyncRunReport run(SyncOptions options) throws IOException {
        SyncState state = SyncState.load(stateDir);
        boolean full = options.full() || state.marker() == null || !state.domains().equals(options.domains());
        SyncRunReport report = new SyncRunReport();
        report.mode = full ? "FULL" : "INCREMENTAL";
        report.dryRun = options.dryRun();
        report.domains = options.domains();
        report.markerFrom = full ? null : state.marker();
        Instant runStart = Instant.now();
        try {
            Plan plan = full ? planFull(options, report) : planIncremental(options, state.marker(), report);
            plan.actions.sort(Comparator.comparing((PlannedAction a) -> a.kind().ordinal())
                    .thenComparing(PlannedAction::address));
            plan.actions.forEach(a -> report.planned.merge(a.kind(), 1, Integer::sum));
            plan.actions.forEach(a -> report.actions.add(new SyncRunReport.ActionResult(a.kind(), a.address(),
                    detail(a), SyncRunReport.Outcome.NOT_APPLIED, null)));
            if (options.dryRun()) {
                report.status = SyncRunReport.Status.DRY_RUN;
            } else if (guardrailBlocks(options, plan, report)) {
                report.status = SyncRunReport.Status.BLOCKED_BY_GUARDRAIL;
            } else {
                apply(plan.actions, report);
                if (report.status == SyncRunReport.Status.SUCCESS) {
                    report.markerTo = nextMarker(plan.maxMarker, full ? null : state.marker(), runStart, options);
                    new SyncState(report.markerTo, options.domains(), runStart.toString()).save(stateDir);
                }
            }
        } catch (LDAPException e) {
            report.status = SyncRunReport.Status.FAILED;
            report.error = "LDAP mirror unavailable while reading (nothing applied): " + e.getMessage();
        } catch (RegistryUnavailableException e) {
            report.status = SyncRunReport.Status.FAILED;
            report.error = "server unavailable while planning (nothing applied): " + e.getMessage();
        } catch (RegistryRejectedException e) {
            report.status = SyncRunReport.Status.FAILED;
            report.error = "server refused a read while planning (nothing applied): " + e.getMessage();
        }
        report.finishedAt = Instant.now().toString();
        Path file = report.write(stateDir);
        LOG.info("{} (report {})", report.summary(), file);
        return report;
    }

    private static final class Plan {
        final List<PlannedAction> actions = new ArrayList<>();
        String maxMarker;
        long activeOnServer = -1;
    }

    private Plan planFull(SyncOptions options, SyncRunReport report)
            throws LDAPException, RegistryUnavailableException, RegistryRejectedException {
        Map<String, RegistryMailbox> server = new HashMap<>();
        for (String domain : options.domains()) {
            report.serverMailboxesRead += registry.forEachInDomain(domain, REGISTRY_PAGE_SIZE,
                    m -> server.put(m.address().toLowerCase(Locale.ROOT), m));
        }
        Plan plan = new Plan();
        plan.activeOnServer = server.values().stream().filter(RegistryMailbox::active).count();
        report.activeOnServer = plan.activeOnServer;
        long[] read = {0};
        report.mirrorEntriesRead = new MirrorReader(mirror, layout, options.pageSize())
                .forEachMailbox(options.domains(), null, published -> {
                    plan.actions.addAll(planner.plan(published, server.remove(published.address())));
                    plan.maxMarker = later(plan.maxMarker, published.changeMarker());
                    progress.mirrorEntryRead(++read[0]);
                });
        for (RegistryMailbox unpublished : server.values()) {
            plan.actions.addAll(planner.plan(null, unpublished));
        }
        return plan;
    }

    private Plan planIncremental(SyncOptions options, String marker, SyncRunReport report)
            throws LDAPException, RegistryUnavailableException, RegistryRejectedException {
        List<DirectoryMailbox> changed = new ArrayList<>();
        report.mirrorEntriesRead = new MirrorReader(mirror, layout, options.pageSize())
                .forEachMailbox(options.domains(), marker, published -> {
                    changed.add(published);
                    progress.mirrorEntryRead(changed.size());
                });
        Plan plan = new Plan();
        for (DirectoryMailbox published : changed) {
            Optional<RegistryMailbox> current = registry.get(published.address());
            report.serverMailboxesRead += current.isPresent() ? 1 : 0;
            plan.actions.addAll(planner.plan(published, current.orElse(null)));
            plan.maxMarker = later(plan.maxMarker, published.changeMarker());
        }
        return plan;
    }

    private boolean guardrailBlocks(SyncOptions options, Plan plan, SyncRunReport report)
            throws RegistryUnavailableException, RegistryRejectedException {
        long suspensions = plan.actions.stream().filter(a -> a.kind() == PlannedAction.Kind.SUSPEND).count();
        if (suspensions == 0) {
            return false;
        }
        if (plan.activeOnServer < 0) {
            plan.activeOnServer = countActive(options);
            report.activeOnServer = plan.activeOnServer;
        }
        double share = plan.activeOnServer == 0 ? 1 : (double) suspensions / plan.activeOnServer;
        if (share <= options.maxSuspensionShare() || options.confirmSuspensions()) {
            return false;
        }
        report.error = String.format(Locale.ROOT, "the plan suspends %d of %d active mailboxes (%.1f %% > %.1f %%):"
                        + " nothing applied; check the mirror, then rerun with --confirm-suspensions", suspensions,
                plan.activeOnServer, share * 100, options.maxSuspensionShare() * 100);
        LOG.warn(report.error);
        return true;
    }

    private long countActive(SyncOptions options) throws RegistryUnavailableException, RegistryRejectedException {
        long[] active = {0};
        for (String domain : options.domains()) {
            registry.forEachInDomain(domain, REGISTRY_PAGE_SIZE, m -> active[0] += m.active() ? 1 : 0);
        }
        return active[0];
    }

    private void apply(List<PlannedAction> actions, SyncRunReport report) {
        report.status = SyncRunReport.Status.SUCCESS;
        for (int i = 0; i < actions.size(); i++) {
            PlannedAction action = actions.get(i);
            SyncRunReport.ActionResult planned = report.actions.get(i);
            try {
                switch (action.kind()) {
                    case CREATE, UPDATE -> registry.put(action.desired());
                    case SUSPEND -> registry.suspend(action.address(), action.reason());
                    case REACTIVATE -> registry.reactivate(action.address());
                }
                report.actions.set(i, withOutcome(planned, SyncRunReport.Outcome.APPLIED, null));
            } catch (RegistryRejectedException e) {
                LOG.warn("{} {} refused: {}", action.kind(), action.address(), e.getMessage());
                report.actions.set(i, withOutcome(planned, SyncRunReport.Outcome.REJECTED, e.getMessage()));
                report.status = SyncRunReport.Status.PARTIAL;
            } catch (RegistryUnavailableException e) {
                report.status = SyncRunReport.Status.FAILED;
                report.error = "server unavailable after " + i + " of " + actions.size()
                        + " actions; the next run resumes: " + e.getMessage();
                LOG.error(report.error);
                break;
            }
            progress.actionDone(i + 1, actions.size());
        }
        report.actions.forEach(a -> report.outcomes.merge(a.outcome(), 1, Integer::sum));
    }

    private static SyncRunReport.ActionResult withOutcome(SyncRunReport.ActionResult a, SyncRunReport.Outcome outcome,
                                                          String error) {
        return new SyncRunReport.ActionResult(a.kind(), a.address(), a.detail(), outcome, error);
    }

    private static String detail(PlannedAction action) {
        return switch (action.kind()) {
            case CREATE -> action.desired().type() + " " + action.desired().displayName();
            case UPDATE -> String.join("; ", action.changes());
            case SUSPEND -> action.reason();
            case REACTIVATE -> null;
        };
    }

    /**
     * The marker the next incremental run starts from: the newest change this run saw, but never later than this
     * run's start minus the clock skew allowance, so changes made while we were reading are read again.
     */
    static String nextMarker(String maxSeen, String previous, Instant runStart, SyncOptions options) {
        String ceiling = StaticUtils.encodeGeneralizedTime(Date.from(runStart.minus(options.clockSkew())));
        if (maxSeen == null) {
            return previous != null ? previous : ceiling;
        }
        return toInstant(maxSeen).isBefore(toInstant(ceiling)) ? maxSeen : ceiling;
    }

    private static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return toInstant(b).isAfter(toInstant(a)) ? b : a;
    }

    private static Instant toInstant(String generalizedTime) {
        try {
            return StaticUtils.decodeGeneralizedTime(generalizedTime).toInstant();
        } catch (ParseException e) {
            throw new UncheckedIOException(new IOException("invalid change marker '" + generalizedTime + "'", e));
        }
    }
}
