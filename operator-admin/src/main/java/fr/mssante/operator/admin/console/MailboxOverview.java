package fr.mssante.operator.admin.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Domains and mailbox accounts as WebAdmin lists them, with the count of mailboxes per domain. A domain that only
 * appears in an address (not in {@code GET /domains}) gets a row of its own, flagged: the server would not accept
 * mail for it.
 */
public record MailboxOverview(List<DomainRow> domains, List<String> mailboxes) {

    public record DomainRow(String name, int mailboxes, boolean serverDomain) {
    }

    static MailboxOverview of(List<String> domains, List<String> mailboxes) {
        Map<String, Integer> counts = new TreeMap<>();
        domains.forEach(domain -> counts.put(domain, 0));
        for (String mailbox : mailboxes) {
            counts.merge(domainOf(mailbox), 1, Integer::sum);
        }
        List<DomainRow> rows = new ArrayList<>();
        counts.forEach((domain, count) -> rows.add(new DomainRow(domain, count, domains.contains(domain))));
        return new MailboxOverview(List.copyOf(rows), mailboxes.stream().sorted().toList());
    }

    public int mailboxCount() {
        return mailboxes.size();
    }

    public long serverDomainCount() {
        return domains.stream().filter(DomainRow::serverDomain).count();
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "(no domain)" : address.substring(at + 1);
    }
}
