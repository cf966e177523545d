package io.switchboard.application.realtime;

import io.switchboard.domain.topic.Topic;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTest {
    private static final Publication PUBLICATION = new Publication(Topic.parse("messages.channel.general"),
            "message.sent", Map.of("id", "m1"), Instant.parse("2026-01-02T03:04:05.600Z"));

    /** Encodes with toString and counts, so a test can tell how often it ran. */
    private static final class CountingEncoder implements Function<Object, String> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String apply(Object tree) {
            calls.incrementAndGet();
            return new String(String.valueOf(tree)); // a fresh instance per call
        }
    }

    @Test
    void theTopicFrameTreeHasTheContractsFieldsInOrder() {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) FrameFormat.TOPIC.render(PUBLICATION);

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "message");
        expected.put("topic", "messages.channel.general");
        expected.put("eventType", "message.sent");
        expected.put("data", Map.of("id", "m1"));
        expected.put("timestamp", "2026-01-02T03:04:05.600Z");
        assertThat(tree).containsExactlyEntriesOf(expected);
    }

    @Test
    void givenManyReaders_topicFrame_encodesOnceAndSharesTheInstance() throws Exception {
        CountingEncoder encoder = new CountingEncoder();
        Delivery delivery = new Delivery(PUBLICATION, encoder);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> frames = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<String> read = () -> {
                    start.await();
                    return delivery.topicFrame();
                };
                frames.add(threads.submit(read));
            }
            start.countDown();
            String first = frames.get(0).get(10, TimeUnit.SECONDS);
            for (Future<String> frame : frames) {
                assertThat(frame.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(encoder.calls).hasValue(1);
        assertThat(delivery.frame(FrameFormat.TOPIC)).isSameAs(delivery.topicFrame());
        assertThat(encoder.calls).hasValue(1);
    }

    @Test
    void anotherFormatIsEncodedOncePerDeliveryToo() {
        CountingEncoder encoder = new CountingEncoder();
        FrameFormat upperCase = publication -> Map.of("type", "STATE_UPDATE");
        Delivery delivery = new Delivery(PUBLICATION, encoder);

        String first = delivery.frame(upperCase);

        assertThat(delivery.frame(upperCase)).isSameAs(first).isEqualTo("{type=STATE_UPDATE}");
        assertThat(encoder.calls).hasValue(1);
        delivery.topicFrame();
        assertThat(encoder.calls).hasValue(2);
    }

    @Test
    void theUtf8BytesAreEncodedOnceSharedReadOnlyAndSpellTheFrame() {
        CountingEncoder encoder = new CountingEncoder();
        Delivery delivery = new Delivery(new Publication(Topic.parse("public.news"), "client.message",
                Map.of("content", "héllo ✓"), PUBLICATION.timestamp()), encoder);

        ByteBuffer first = delivery.topicFrameUtf8();
        ByteBuffer second = delivery.topicFrameUtf8();

        assertThat(second).isSameAs(first);
        assertThat(first.isReadOnly()).isTrue();
        assertThat(encoder.calls.get()).isEqualTo(1);
        byte[] bytes = new byte[first.remaining()];
        first.slice().get(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(delivery.topicFrame());
        assertThat(bytes.length).isGreaterThan(delivery.topicFrame().length()); // é and ✓ take several bytes
    }

    @Test
    void aFrameNobodyAsksForIsNeverEncoded() {
        CountingEncoder encoder = new CountingEncoder();

        Delivery delivery = new Delivery(PUBLICATION, encoder);

        assertThat(delivery.topic()).isEqualTo(PUBLICATION.topic());
        assertThat(delivery.eventType()).isEqualTo("message.sent");
        assertThat(delivery.data()).isEqualTo(Map.of("id", "m1"));
        assertThat(encoder.calls).hasValue(0);
    }

    @Test
    void givenRawJsonData_theTopicFrameTreeCarriesItAsIs_andASessionUpdateShowsAsStateAndEvent() {
        RawJson raw = new RawJson("{\"id\":\"m1\"}");
        Map<?, ?> tree = (Map<?, ?>) FrameFormat.TOPIC.render(PUBLICATION.withData(raw));
        assertThat(tree.get("data")).isSameAs(raw);

        SessionUpdate update = new SessionUpdate("s1", 3, raw, "SWITCHED");
        Map<?, ?> sessionTree = (Map<?, ?>) FrameFormat.TOPIC.render(PUBLICATION.withData(update));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("state", raw);
        expected.put("event", "SWITCHED");
        assertThat(sessionTree.get("data")).isEqualTo(expected);
    }
}
