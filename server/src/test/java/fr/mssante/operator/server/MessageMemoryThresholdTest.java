package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.util.SizeFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageMemoryThresholdTest {
    private String before;

    @BeforeEach
    void save() {
        before = System.getProperty(MessageMemoryThreshold.PROPERTY);
        System.clearProperty(MessageMemoryThreshold.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(MessageMemoryThreshold.PROPERTY);
        } else {
            System.setProperty(MessageMemoryThreshold.PROPERTY, before);
        }
    }

    @Test
    void withoutAValueTheDefaultIsOneMebibyteInJamesNotation() {
        MessageMemoryThreshold.apply();

        assertThat(System.getProperty(MessageMemoryThreshold.PROPERTY)).isEqualTo("1MiB");
        assertThat(SizeFormat.parseAsByteCount(System.getProperty(MessageMemoryThreshold.PROPERTY))).isEqualTo(1048576);
    }

    @Test
    void theOperatorsValueIsKept() {
        System.setProperty(MessageMemoryThreshold.PROPERTY, "256KiB");

        MessageMemoryThreshold.apply();

        assertThat(System.getProperty(MessageMemoryThreshold.PROPERTY)).isEqualTo("256KiB");
    }

    @Test
    void aValueJamesCannotReadStopsTheStartWithTheWayToWriteIt() {
        System.setProperty(MessageMemoryThreshold.PROPERTY, "1m");

        assertThatThrownBy(MessageMemoryThreshold::apply)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("james.message.memory.threshold=1m (conf/jvm.properties or -D) is not a size: write a number of"
                + " bytes or a number followed by KiB, MiB or GiB, e.g. 1MiB (Unknown unit m)");
    }

    @Test
    void aValueBeyondTwoGibibytesIsRefused() {
        System.setProperty(MessageMemoryThreshold.PROPERTY, "3GiB");

        assertThatThrownBy(MessageMemoryThreshold::apply)
            .hasMessage("james.message.memory.threshold=3GiB (conf/jvm.properties or -D) must be between 0 and 2 GiB");
    }
}
