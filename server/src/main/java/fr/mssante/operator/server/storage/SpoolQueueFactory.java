package fr.mssante.operator.server.storage;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * James's ActiveMQ queues (blob messages, KahaDB), each written through {@link SpoolSettings#producers()} sessions and
 * consumed once the server has started ({@link StartupGate}).
 */
public class SpoolQueueFactory extends ActiveMQMailQueueFactory {

    private final MailQueueItemDecoratorFactory decorators;
    private final SpoolSettings settings;
    private final StartupGate startupGate;

    @Inject
    public SpoolQueueFactory(EmbeddedActiveMQ broker, MailQueueItemDecoratorFactory decorators, MetricFactory metricFactory,
                             GaugeRegistry gaugeRegistry, ActiveMQMetricCollector collector, SpoolSettings settings,
                             StartupGate startupGate) {
        super(broker, decorators, metricFactory, gaugeRegistry, collector);
        this.decorators = decorators;
        this.settings = settings;
        this.startupGate = startupGate;
        setUseBlobMessages(settings.blobMessages());
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        List<ManageableMailQueue> producers = new ArrayList<>();
        producers.add(super.createCacheableMailQueue(name));
        for (int i = 1; i < settings.producers(); i++) {
            producers.add(new ActiveMQCacheableMailQueue(connectionFactory, decorators, name, settings.blobMessages(),
                metricFactory, gaugeRegistry));
        }
        return new ParallelEnqueueMailQueue(producers, startupGate);
    }
}
