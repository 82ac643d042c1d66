package fr.mssante.operator.james.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.junit.jupiter.api.Test;

class AuditConfigurationTest {

    private static AuditConfiguration read(String value) {
        PropertiesConfiguration properties = new PropertiesConfiguration();
        if (value != null) {
            properties.addProperty(AuditConfiguration.RETENTION, value);
        }
        return AuditConfiguration.from(properties);
    }

    @Test
    void absentOrEmptyMeans365Days() {
        assertThat(read(null).retention()).isEqualTo(Duration.ofDays(365));
        assertThat(read("  ").retention()).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void isoDurationsAreRead() {
        assertThat(read("P30D").retention()).isEqualTo(Duration.ofDays(30));
        assertThat(read("PT12H").retention()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> read("365 days"))
            .hasMessage("mssante.audit.retention must be an ISO-8601 duration such as P365D or PT12H, got '365 days'");
        assertThatThrownBy(() -> read("P1Y"))
            .hasMessageContaining("got 'P1Y'");
        assertThatThrownBy(() -> read("-P1D"))
            .hasMessage("mssante.audit.retention must be a positive duration, got PT-24H");
    }
}
