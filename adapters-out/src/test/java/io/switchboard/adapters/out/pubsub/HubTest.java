package io.switchboard.adapters.out.pubsub;

import io.switchboard.adapters.out.PubSubContractTest;
import io.switchboard.adapters.out.memory.InMemoryPubSubAdapters;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PubSub;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub alone: the memory mode's pub/sub (see InMemoryPubSubAdapters). */
class HubTest extends PubSubContractTest {

    @Override
    protected PubSub newPubSub(FrameEncoder encoder) {
        return InMemoryPubSubAdapters.pubSub(encoder, Metrics.NONE);
    }

    @Test
    void givenManySubscribers_publish_encodesOnceAndOnlyWhenSomeoneMatches() {
        AtomicInteger encodings = new AtomicInteger();
        PubSub counted = newPubSub(tree -> {
            encodings.incrementAndGet();
            return tree.toString();
        });
        Recorder[] subscribers = new Recorder[50];
        for (int i = 0; i < subscribers.length; i++) {
            subscribers[i] = new Recorder();
            counted.subscribe(pattern(i % 2 == 0 ? "room.*" : "room.lobby"), subscribers[i]);
        }

        counted.publish(publication("elsewhere", "nobody"));
        assertThat(encodings).hasValue(0);

        counted.publish(publication("room.lobby", "hello"));
        String first = subscribers[0].next().topicFrame();
        for (int i = 1; i < subscribers.length; i++) {
            assertThat(subscribers[i].next().topicFrame()).isSameAs(first);
        }
        assertThat(encodings).hasValue(1);
    }

    @Test
    void aStalePublicationIsCountedAsADropWithReasonStale() {
        List<String> drops = new CopyOnWriteArrayList<>();
        PubSub counted = InMemoryPubSubAdapters.pubSub(tree -> tree.toString(), new Metrics() {
            @Override
            public void wsDropped(String reason) {
                drops.add(reason);
            }
        });
        Recorder subscriber = new Recorder();
        counted.subscribe(pattern("sessions.s1"), subscriber);

        counted.publish(ordered("sessions.s1", "v2", "session:s1", 2));
        counted.publish(ordered("sessions.s1", "v1", "session:s1", 1));

        assertThat(drops).containsExactly("stale");
    }

    @Test
    void givenEveryoneLeaves_theRoutingTableIsEmptyAgain() {
        Hub inMemory = new Hub(tree -> "", Metrics.NONE);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        inMemory.subscribe(pattern("a.*.c"), a);
        inMemory.subscribe(pattern("a.b"), a);
        inMemory.subscribe(pattern("**"), b);

        inMemory.unsubscribeAll(a);
        inMemory.unsubscribe(pattern("**"), b);

        assertThat(inMemory.index().size()).isZero();
        assertThat(inMemory.index().nodeCount()).isZero();
        assertThat(inMemory.index().patternCount()).isZero();
    }
}
