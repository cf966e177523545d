package io.switchboard.adapters.out.pubsub;

import io.switchboard.adapters.out.json.JsonAdapters;
import io.switchboard.application.port.out.FrameEncoder;
import io.switchboard.application.realtime.Delivery;
import io.switchboard.application.realtime.Publication;
import io.switchboard.application.realtime.RawJson;
import io.switchboard.application.realtime.SessionUpdate;
import io.switchboard.domain.topic.Topic;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicationCodecTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678901Z");
    private static final FrameEncoder ENCODER = JsonAdapters.frameEncoder();
    private final PublicationCodec codec = new PublicationCodec(ENCODER);

    @Test
    void aPublicationRoundTripsWithEveryHeaderField_andItsDataAsRawJson() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", "m1");
        data.put("content", "héllo\nworld ✓");
        Publication sent = new Publication(Topic.parse("messages.user.u2"), "message.sent", data, AT,
                new Publication.Ordering("message:m1", 3));
        List<Topic> earlier = List.of(Topic.parse("messages.channel.general"), Topic.parse("messages.user.u1"));

        String wire = codec.encode(new PublicationCodec.Envelope("origin-1", 42, earlier, sent, 7L, "e1"));
        PublicationCodec.Envelope received = codec.decode(wire);

        assertThat(wire).startsWith("v3\norigin-1 42\n");
        assertThat(received.origin()).isEqualTo("origin-1");
        assertThat(received.sequence()).isEqualTo(42);
        assertThat(received.id()).isEqualTo("origin-1 42");
        assertThat(received.earlierTopics()).isEqualTo(earlier);
        assertThat(received.offset()).isEqualTo(7L);
        assertThat(received.epoch()).isEqualTo("e1");
        Publication publication = received.publication();
        assertThat(publication.topic()).isEqualTo(sent.topic());
        assertThat(publication.eventType()).isEqualTo("message.sent");
        assertThat(publication.timestamp()).isEqualTo(AT);
        assertThat(publication.ordering()).isEqualTo(sent.ordering());
        assertThat(publication.data()).isEqualTo(new RawJson(ENCODER.encode(data)));
    }

    @Test
    void withoutOrderingEarlierTopicsOffsetOrEpoch_theFieldsComeBackEmpty() {
        Publication sent = new Publication(Topic.parse("public.news"), "client.message", Map.of("a", 1), AT);

        PublicationCodec.Envelope received = codec.decode(
                codec.encode(new PublicationCodec.Envelope("o", 1, List.of(), sent, null, null)));

        assertThat(received.earlierTopics()).isEmpty();
        assertThat(received.publication().ordering()).isNull();
        assertThat(received.offset()).isNull();
        assertThat(received.epoch()).isNull();
        assertThat(received.publication().data()).isEqualTo(new RawJson("{\"a\":1}"));
    }

    @Test
    void aSessionUpdateTravelsTyped_itsStateAsRawJson() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("sessionId", "s1");
        state.put("version", 4);
        Publication sent = new Publication(Topic.parse("sessions.s1"), "session.updated",
                new SessionUpdate("s1", 4, state, "SWITCHED"), AT, new Publication.Ordering("session:s1@1", 4));
        Publication deleted = new Publication(Topic.parse("sessions.s1"), "session.deleted",
                new SessionUpdate("s1", 4, state, null), AT);

        Publication received = codec.decode(codec.encode(envelope(sent))).publication();
        Publication receivedDeletion = codec.decode(codec.encode(envelope(deleted))).publication();

        assertThat(received.data()).isEqualTo(new SessionUpdate("s1", 4, new RawJson("{\"sessionId\":\"s1\",\"version\":4}"),
                "SWITCHED"));
        assertThat(((SessionUpdate) receivedDeletion.data()).event()).isNull();
    }

    @Test
    void theReceivedDataIsEmbeddedVerbatimInTheFrame_soTheFrameIsByteForByteTheSendersOne() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("label", "one");
        data.put("n", 1.50);
        Publication sent = new Publication(Topic.parse("public.news"), "test.event", data, AT);
        String sendersFrame = new Delivery(sent, ENCODER::encode).topicFrame();

        Publication received = codec.decode(codec.encode(envelope(sent))).publication();

        assertThat(new Delivery(received, ENCODER::encode).topicFrame()).isEqualTo(sendersFrame);
        // verbatim: even JSON this encoder would never write comes out exactly as it came in
        Publication odd = received.withData(new RawJson("{ \"label\" :  \"spaced\" }"));
        assertThat(new Delivery(odd, ENCODER::encode).topicFrame()).contains("\"data\":{ \"label\" :  \"spaced\" }");
    }

    @Test
    void anUnknownVersionIsRefused_soIsAMalformedHeader() {
        Publication sent = new Publication(Topic.parse("public.news"), "test.event", Map.of("a", 1), AT);
        String wire = codec.encode(envelope(sent));

        assertThatThrownBy(() -> codec.decode("v2\nid\n\n\n{\"type\":\"message\"}"))
                .isInstanceOf(PublicationCodec.Malformed.class).hasMessageContaining("unknown publication format v2");
        assertThatThrownBy(() -> codec.decode(wire.replaceFirst("v3", "v4")))
                .isInstanceOf(PublicationCodec.Malformed.class);
        assertThatThrownBy(() -> codec.decode("v3\no 1\n\n\npublic.news\n"))
                .isInstanceOf(PublicationCodec.Malformed.class);
        assertThatThrownBy(() -> codec.decode(wire.replace("2026-01-02T03:04:05.678901Z", "yesterday")))
                .isInstanceOf(PublicationCodec.Malformed.class);
        assertThatThrownBy(() -> codec.decode(wire.replace("\njson\n", "\nxml\n")))
                .isInstanceOf(PublicationCodec.Malformed.class).hasMessageContaining("unknown data kind");
    }

    @Test
    void theDataIsEncodedOnce_aPublicationAlreadyEncodedIsKeptAsIs() {
        Publication sent = new Publication(Topic.parse("public.news"), "test.event", Map.of("a", 1), AT);

        Publication encoded = codec.withEncodedData(sent);

        assertThat(encoded.data()).isEqualTo(new RawJson("{\"a\":1}"));
        assertThat(codec.withEncodedData(encoded)).isSameAs(encoded);
    }

    private static PublicationCodec.Envelope envelope(Publication publication) {
        return new PublicationCodec.Envelope("o", 1, List.of(), publication, null, null);
    }
}
