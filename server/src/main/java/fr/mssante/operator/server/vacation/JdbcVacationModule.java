package fr.mssante.operator.server.vacation;

import org.apache.james.DefaultVacationService;
import org.apache.james.util.date.DefaultZonedDateTimeProvider;
import org.apache.james.util.date.ZonedDateTimeProvider;
import org.apache.james.util.html.HtmlTextExtractor;
import org.apache.james.vacation.api.NotificationRegistry;
import org.apache.james.vacation.api.VacationRepository;
import org.apache.james.vacation.api.VacationService;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** Durable auto-reply: settings and the already-notified registry, for VacationMailet and WebAdmin /vacation. */
public class JdbcVacationModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JdbcVacationRepository.class).in(Scopes.SINGLETON);
        bind(VacationRepository.class).to(JdbcVacationRepository.class);
        bind(JdbcNotificationRegistry.class).in(Scopes.SINGLETON);
        bind(NotificationRegistry.class).to(JdbcNotificationRegistry.class);
        bind(DefaultVacationService.class).in(Scopes.SINGLETON);
        bind(VacationService.class).to(DefaultVacationService.class);
        bind(DefaultZonedDateTimeProvider.class).in(Scopes.SINGLETON);
        bind(ZonedDateTimeProvider.class).to(DefaultZonedDateTimeProvider.class);
        bind(HtmlTextExtractor.class).to(JsoupHtmlToText.class);
    }
}
