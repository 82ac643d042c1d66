package fr.mssante.operator.server;

import static org.assertj.core.api.Assertions.assertThat;

import javax.jms.JMSException;

import org.apache.james.queue.api.MailQueue.MailQueueException;
import org.junit.jupiter.api.Test;

class DroppedErrorsTest {

    @Test
    void theSpoolConsumerInterruptedAtStopIsRecognisedThroughItsCauses() {
        JMSException jms = new JMSException("java.lang.InterruptedException");
        jms.initCause(new InterruptedException());
        assertThat(DroppedErrors.interrupted(new MailQueueException("Unable to dequeue next message", jms))).isTrue();
    }

    @Test
    void anyOtherDroppedErrorIsNot() {
        assertThat(DroppedErrors.interrupted(new MailQueueException("Unable to dequeue next message",
            new JMSException("broker gone")))).isFalse();
    }
}
