package fr.mssante.operator.admin.webadmin;

import java.util.List;

/** James's answer to {@code GET /healthcheck}: the overall status and each component's check. */
public record HealthReport(String status, List<Check> checks) {

    public record Check(String componentName, String status, String cause) {
        public boolean healthy() {
            return "healthy".equals(status);
        }
    }

    public boolean healthy() {
        return "healthy".equals(status);
    }
}
