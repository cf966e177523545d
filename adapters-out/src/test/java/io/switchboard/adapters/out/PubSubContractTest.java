package io.switchboard.adapters.out;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.port.out.PubSub;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.Subscriber;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The behaviour every {@link PubSub} shares, for one instance. Subclass it per implementation (in-memory, Redis).
 *
 * <p>Deliveries may be asynchronous, so nothing here assumes they arrive before {@code publish} returns. To show that
 * something was <em>not</em> delivered, a test publishes a marker on a matching topic afterwards and waits for it:
 * deliveries to one subscriber from one publishing thread keep their order, so whatever came before the marker has
 * arrived by then.
 */
public abstract class PubSubContractTest {
    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    protected PubSub pubSub;

    /** A fresh, empty pub/sub that encodes with {@code encoder}. */
    protected abstract PubSub newPubSub(FrameEncoder encoder);

    /** Releases what {@link #newPubSub} took (connections, threads); nothing by default. */
    protected void close(PubSub pubSub) {
    }

    @BeforeEach
    void createPubSub() {
        pubSub = newPubSub(JsonAdapters.frameEncoder());
    }

    @AfterEach
    void closePubSub() {
        close(pubSub);
    }

    @Test
    void givenASubscriber_publishOnAMatchingTopic_deliversExactlyTheTopicDialectFrame() {
        Recorder subscriber = new Recorder();
        pubSub.subscribe(pattern("messages.channel.*"), subscriber);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "m1");
        data.put("content", "héllo \"you\"");
        data.put("tags", List.of(1, true));

        pubSub.publish(new Publication(topic("messages.channel.general"), "message.sent", data, AT));

        Delivery delivery = subscriber.next();
        assertThat(delivery.topicFrame()).isEqualTo("{\"type\":\"message\",\"topic\":\"messages.channel.general\","
                + "\"eventType\":\"message.sent\",\"data\":{\"id\":\"m1\",\"content\":\"héllo \\\"you\\\"\","
                + "\"tags\":[1,true]},\"timestamp\":\"2026-01-02T03:04:05.678Z\"}");
        assertThat(delivery.topic()).isEqualTo(topic("messages.channel.general"));
        assertThat(delivery.eventType()).isEqualTo("message.sent");
        assertThat(delivery.timestamp()).isEqualTo(AT);
    }

    @Test
    void givenOverlappingPatterns_publish_deliversOncePerSubscriber() {
        Recorder subscriber = new Recorder();
        for (String pattern : List.of("a.b", "a.*", "a.**", "**", "*.b")) {
            pubSub.subscribe(pattern(pattern), subscriber);
        }

        pubSub.publish(publication("a.b", "first"));
        pubSub.publish(publication("a.b", "marker"));

        assertThat(subscriber.untilMarker()).extracting(Recorder::label).containsExactly("first");
    }

    @Test
    void givenASubscriberOfSeveralTopicsOfOneEvent_publishAll_deliversTheEventOnceOnItsFirstMatchingTopic() {
        Recorder both = new Recorder();
        Recorder userOnly = new Recorder();
        pubSub.subscribe(pattern("messages.channel.*"), both);
        pubSub.subscribe(pattern("messages.user.u1"), both);
        pubSub.subscribe(pattern("messages.user.u1"), userOnly);

        pubSub.publishAll(List.of(publication("messages.channel.general", "event"),
                publication("messages.user.u1", "event")));
        pubSub.publish(publication("messages.user.u1", "marker"));

        assertThat(both.untilMarker()).extracting(d -> d.topic().value()).containsExactly("messages.channel.general");
        assertThat(userOnly.untilMarker()).extracting(d -> d.topic().value()).containsExactly("messages.user.u1");
    }

    @Test
    void anOrderedPublicationNotNewerThanOneDeliveredOnItsTopic_isDroppedAsStale() {
        Recorder subscriber = new Recorder();
        pubSub.subscribe(pattern("sessions.*"), subscriber);

        pubSub.publish(ordered("sessions.s1", "v2", "session:s1", 2));
        pubSub.publish(ordered("sessions.s1", "v1", "session:s1", 1));
        pubSub.publish(ordered("sessions.s1", "v2 again", "session:s1", 2));
        pubSub.publish(ordered("sessions.s1", "v3", "session:s1", 3));
        pubSub.publish(ordered("sessions.s2", "other key", "session:s2", 1));
        pubSub.publish(ordered("sessions.s1", "deleted", "session:s1", Publication.Ordering.LAST));
        pubSub.publish(ordered("sessions.s1", "v4 after the deletion", "session:s1", 4));
        pubSub.publish(publication("sessions.s1", "unordered"));
        pubSub.publish(publication("sessions.s1", "marker"));

        assertThat(subscriber.untilMarker()).extracting(Recorder::label)
                .containsExactly("v2", "v3", "other key", "deleted", "unordered");
    }

    @Test
    void theSameOrderingKeyOnSeveralTopicsOfOneEvent_isDeliveredOnEach() {
        Recorder channel = new Recorder();
        Recorder user = new Recorder();
        pubSub.subscribe(pattern("messages.channel.general"), channel);
        pubSub.subscribe(pattern("messages.user.u1"), user);

        pubSub.publishAll(List.of(ordered("messages.channel.general", "v2", "message:m1", 2),
                ordered("messages.user.u1", "v2", "message:m1", 2)));
        pubSub.publishAll(List.of(ordered("messages.channel.general", "v1", "message:m1", 1),
                ordered("messages.user.u1", "v1", "message:m1", 1)));
        pubSub.publish(publication("messages.channel.general", "marker"));
        pubSub.publish(publication("messages.user.u1", "marker"));

        assertThat(channel.untilMarker()).extracting(Recorder::label).containsExactly("v2");
        assertThat(user.untilMarker()).extracting(Recorder::label).containsExactly("v2");
    }

    @Test
    void givenSeveralSubscribers_publish_handsThemTheSameEncodedFrame() {
        Recorder exact = new Recorder();
        Recorder wildcard = new Recorder();
        Recorder everything = new Recorder();
        pubSub.subscribe(pattern("public.news"), exact);
        pubSub.subscribe(pattern("public.*"), wildcard);
        pubSub.subscribe(pattern("**"), everything);

        pubSub.publish(publication("public.news", "one"));

        String frame = exact.next().topicFrame();
        assertThat(wildcard.next().topicFrame()).isSameAs(frame);
        assertThat(everything.next().topicFrame()).isSameAs(frame);
    }

    @Test
    void givenANonMatchingSubscription_publish_doesNotDeliver() {
        Recorder subscriber = new Recorder();
        pubSub.subscribe(pattern("a.*"), subscriber);
        pubSub.subscribe(pattern("marker"), subscriber);

        pubSub.publish(publication("a", "too short"));
        pubSub.publish(publication("a.b.c", "too long"));
        pubSub.publish(publication("b.a", "other prefix"));
        pubSub.publish(publication("marker", "marker"));

        assertThat(subscriber.untilMarker()).isEmpty();
    }

    @Test
    void givenAnUnsubscribedPattern_publish_deliversOnlyThroughTheRemainingOnes() {
        Recorder subscriber = new Recorder();
        pubSub.subscribe(pattern("a.*"), subscriber);
        pubSub.subscribe(pattern("marker"), subscriber);

        assertThat(pubSub.unsubscribe(pattern("a.*"), subscriber)).isTrue();
        assertThat(pubSub.unsubscribe(pattern("a.*"), subscriber)).isFalse();
        pubSub.publish(publication("a.b", "after unsubscribe"));
        pubSub.publish(publication("marker", "marker"));

        assertThat(subscriber.untilMarker()).isEmpty();
    }

    @Test
    void givenAClosedSubscriber_unsubscribeAll_stopsEveryDeliveryToItOnly() {
        Recorder closed = new Recorder();
        Recorder open = new Recorder();
        pubSub.subscribe(pattern("a.*"), closed);
        pubSub.subscribe(pattern("**"), closed);
        pubSub.subscribe(pattern("a.b"), open);
        pubSub.subscribe(pattern("marker"), open);

        assertThat(pubSub.unsubscribeAll(closed)).containsExactlyInAnyOrder(pattern("a.*"), pattern("**"));
        pubSub.publish(publication("a.b", "after close"));
        pubSub.publish(publication("marker", "marker"));

        assertThat(open.untilMarker()).extracting(Recorder::label).containsExactly("after close");
        assertThat(closed.received).isEmpty();
        assertThat(pubSub.unsubscribeAll(closed)).isEmpty();
    }

    @Test
    void subscribingTwiceToTheSamePatternIsOneSubscription() {
        Recorder subscriber = new Recorder();

        assertThat(pubSub.subscribe(pattern("a.*"), subscriber)).isTrue();
        assertThat(pubSub.subscribe(pattern("a.*"), subscriber)).isFalse();
        pubSub.publish(publication("a.b", "once"));
        pubSub.publish(publication("a.marker", "marker"));

        assertThat(subscriber.untilMarker()).extracting(Recorder::label).containsExactly("once");
    }

    @Test
    void givenAFailingSubscriber_publish_stillReachesTheOthers() {
        Subscriber failing = delivery -> {
            throw new IllegalStateException("boom");
        };
        Recorder healthy = new Recorder();
        pubSub.subscribe(pattern("a.*"), failing);
        pubSub.subscribe(pattern("a.*"), healthy);

        pubSub.publish(publication("a.b", "still delivered"));

        assertThat(Recorder.dataOf(healthy.next())).isEqualTo(Map.of("label", "still delivered"));
    }

    @Test
    void publicationsFromOneThreadArriveInOrder() {
        Recorder subscriber = new Recorder();
        pubSub.subscribe(pattern("ordered.*"), subscriber);

        for (int i = 0; i < 200; i++) {
            pubSub.publish(publication("ordered." + (i % 3), "n" + i));
        }
        pubSub.publish(publication("ordered.end", "marker"));

        List<String> labels = subscriber.untilMarker().stream().map(Recorder::label).toList();
        assertThat(labels).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(labels.get(i)).isEqualTo("n" + i);
        }
    }

    @Test
    void givenNoSubscriber_publish_isANoOp() {
        pubSub.publish(publication("nobody.listens", "lost"));

        Recorder late = new Recorder();
        pubSub.subscribe(pattern("nobody.*"), late);
        pubSub.publish(publication("nobody.marker", "marker"));

        assertThat(late.untilMarker()).isEmpty(); // pub/sub keeps nothing for late subscribers
    }

    // ---- helpers ----

    protected static Topic topic(String text) {
        return Topic.parse(text);
    }

    protected static TopicPattern pattern(String text) {
        return TopicPattern.parse(text);
    }

    /** A publication whose data is {"label": label}; label "marker" ends {@link Recorder#untilMarker()}. */
    protected static Publication publication(String topic, String label) {
        return new Publication(topic(topic), "test.event", Map.of("label", label), AT);
    }

    /** Like {@link #publication}, with an ordering (key, version). */
    protected static Publication ordered(String topic, String label, String key, long version) {
        return new Publication(topic(topic), "test.event", Map.of("label", label), AT,
                new Publication.Ordering(key, version));
    }

    /** A subscriber that queues what it gets, as a connection would, and lets the test wait with a deadline. */
    public static final class Recorder implements Subscriber {
        final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();

        @Override
        public void deliver(Delivery delivery) {
            received.add(delivery);
        }

        /** The next delivery, waiting up to {@link #TIMEOUT}. */
        public Delivery next() {
            try {
                Delivery delivery = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (delivery == null) {
                    fail("no delivery within " + TIMEOUT);
                }
                return delivery;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /** Every delivery before the next marker, waiting for the marker with a deadline. */
        public List<Delivery> untilMarker() {
            List<Delivery> before = new ArrayList<>();
            for (Delivery delivery = next(); !"marker".equals(label(delivery)); delivery = next()) {
                before.add(delivery);
            }
            return before;
        }

        public static String label(Delivery delivery) {
            return String.valueOf(dataOf(delivery).get("label"));
        }

        /**
         * The data as a map: published here it may be the tree or its encoding ({@link RawJson}, which a distributed
         * pub/sub encodes once for the wire and the local frames); from another instance it is always RawJson.
         */
        public static Map<?, ?> dataOf(Delivery delivery) {
            Object data = delivery.data();
            if (data instanceof RawJson raw) {
                try {
                    return JSON.readValue(raw.json(), Map.class);
                } catch (Exception e) {
                    throw new AssertionError("data is not a JSON object: " + raw.json(), e);
                }
            }
            return (Map<?, ?>) data;
        }

        private static final ObjectMapper JSON = new ObjectMapper();
    }
}
