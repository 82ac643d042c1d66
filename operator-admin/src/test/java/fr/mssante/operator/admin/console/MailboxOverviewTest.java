package fr.mssante.operator.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssante.operator.admin.console.MailboxOverview.DomainRow;

class MailboxOverviewTest {

    @Test
    void mailboxesAreCountedPerDomainAndSorted() {
        MailboxOverview overview = MailboxOverview.of(List.of("demo.mssante.test", "localhost"),
            List.of("medecin@demo.mssante.test", "dpi@demo.mssante.test", "cardiologie@demo.mssante.test"));

        assertThat(overview.domains()).containsExactly(
            new DomainRow("demo.mssante.test", 3, true),
            new DomainRow("localhost", 0, true));
        assertThat(overview.mailboxes()).containsExactly(
            "cardiologie@demo.mssante.test", "dpi@demo.mssante.test", "medecin@demo.mssante.test");
        assertThat(overview.mailboxCount()).isEqualTo(3);
        assertThat(overview.serverDomainCount()).isEqualTo(2);
    }

    @Test
    void aDomainKnownOnlyFromAnAddressIsFlagged() {
        MailboxOverview overview = MailboxOverview.of(List.of("demo.mssante.test"),
            List.of("medecin@demo.mssante.test", "ancien@retire.mssante.test", "admin"));

        assertThat(overview.domains()).containsExactly(
            new DomainRow("(no domain)", 1, false),
            new DomainRow("demo.mssante.test", 1, true),
            new DomainRow("retire.mssante.test", 1, false));
        assertThat(overview.serverDomainCount()).isEqualTo(1);
    }
}
