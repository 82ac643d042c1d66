package fr.mssante.operator.admin.console;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import fr.mssante.operator.admin.webadmin.WebAdminApi;
import fr.mssante.operator.admin.webadmin.WebAdminException;

/**
 * The console's pages, read-only: server status (WebAdmin reachable, James health checks) and the domains and
 * mailboxes WebAdmin lists. Every page asks WebAdmin afresh; a failure shows the problem, never a stack trace.
 */
@Controller
class ConsoleController {
    private static final DateTimeFormatter CHECKED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final WebAdminApi webAdmin;

    ConsoleController(WebAdminApi webAdmin) {
        this.webAdmin = webAdmin;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/status";
    }

    @GetMapping("/status")
    String status(Model model) {
        describeServer(model);
        try {
            model.addAttribute("health", webAdmin.health());
        } catch (WebAdminException e) {
            model.addAttribute("problem", e.problem());
            return "status";
        }
        // James serves /healthcheck without authentication: only an authenticated route proves the token.
        try {
            webAdmin.domains();
            model.addAttribute("tokenAccepted", true);
        } catch (WebAdminException e) {
            model.addAttribute("tokenProblem", e.problem());
        }
        return "status";
    }

    @GetMapping("/mailboxes")
    String mailboxes(Model model) {
        describeServer(model);
        try {
            model.addAttribute("overview", MailboxOverview.of(webAdmin.domains(), webAdmin.users()));
        } catch (WebAdminException e) {
            model.addAttribute("problem", e.problem());
        }
        return "mailboxes";
    }

    private void describeServer(Model model) {
        model.addAttribute("webAdminUrl", webAdmin.base());
        model.addAttribute("credentials", webAdmin.credentials());
        model.addAttribute("checkedAt", ZonedDateTime.now().format(CHECKED_AT));
    }
}
