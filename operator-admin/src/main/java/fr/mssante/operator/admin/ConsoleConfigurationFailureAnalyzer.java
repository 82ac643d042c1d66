package fr.mssante.operator.admin;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ConsoleConfigurationException} into Spring Boot's short "APPLICATION FAILED TO START" report. */
class ConsoleConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConsoleConfigurationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConsoleConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
