package io.switchboard.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator's own arithmetic: loss and duplicate accounting, stamps, latency correction, jcmd parsing. */
class AccountingTest {

    @Test
    void loss_is_what_never_arrived_and_duplicates_are_counted_once_each() {
        SeqTracker t = new SeqTracker();
        for (long seq : new long[]{0, 1, 3, 3, 2, 5, 5, 5}) {
            t.record(seq);
        }
        assertThat(t.unique()).isEqualTo(5);      // 0 1 2 3 5
        assertThat(t.duplicates()).isEqualTo(3);  // 3 once more, 5 twice more
        assertThat(t.outOfOrder()).isEqualTo(1);  // 2 after 3
        assertThat(t.lost(7)).isEqualTo(2);       // 4 and 6
        assertThat(t.lost(4)).isZero();
    }

    @Test
    void a_stamp_survives_the_trip_through_a_delivered_frame() {
        String content = Marker.content(42, 123_456_789_012L, 256);
        assertThat(content).hasSize(256);
        String frame = "{\"type\":\"message\",\"topic\":\"public.x\",\"eventType\":\"client.message\",\"data\":{"
                + "\"senderId\":\"u\",\"content\":\"" + content + "\"},\"timestamp\":\"2026-01-01T00:00:00.000Z\"}";
        long[] out = new long[2];
        assertThat(Marker.read(Frames.of(frame), out)).isTrue();
        assertThat(out).containsExactly(42, 123_456_789_012L);

        assertThat(Marker.read(Frames.of(frame.replace(content, Marker.content(-1, -5, 8))), out)).isTrue();
        assertThat(out).containsExactly(-1, -5);
        assertThat(Marker.read(Frames.of("{\"type\":\"pong\"}"), out)).isFalse();
    }

    @Test
    void frames_are_read_from_bytes_in_place() {
        java.nio.ByteBuffer frame = Frames.of("{\"type\":\"STATE_UPDATE\",\"state\":{\"version\":1234,\"x\":\"é\"}}");
        int position = frame.position();
        assertThat(Frames.startsWith(frame, Frames.ascii("{\"type\":\"STATE_UPDATE\""))).isTrue();
        assertThat(Frames.startsWith(frame, Frames.ascii("{\"type\":\"STATE_SYNC\""))).isFalse();
        int at = Frames.indexOf(frame, Frames.ascii("\"version\":"));
        assertThat(Frames.number(frame, at + 10)).isEqualTo(1234);
        assertThat(Frames.indexOf(frame, Frames.ascii("\"missing\""))).isEqualTo(-1);
        assertThat(Frames.text(frame)).endsWith("\"é\"}}");
        assertThat(frame.position()).isEqualTo(position);
    }

    @Test
    void a_stall_in_a_fixed_rate_stream_is_back_filled_in_the_corrected_histogram() {
        Latency latency = new Latency(10_000_000); // one sample every 10 ms
        for (int i = 0; i < 99; i++) {
            latency.record(1_000_000); // 1 ms
        }
        latency.record(100_000_000); // one 100 ms stall
        latency.freeze();
        assertThat(latency.raw().getTotalCount()).isEqualTo(100);
        // the stall hid the 9 samples that would have been sent during it: 90, 80, ... 10 ms
        assertThat(latency.corrected().getTotalCount()).isEqualTo(109);
        assertThat(latency.corrected().getValueAtPercentile(95)).isGreaterThan(10_000_000);
        assertThat(latency.raw().getValueAtPercentile(95)).isLessThan(2_000_000);
    }

    @Test
    void jcmd_outputs_are_parsed() {
        String heapInfo = """
                12345:
                 garbage-first heap   total 262144K, used 20480K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                """;
        assertThat(Jcmd.usedHeapBytes(heapInfo)).isEqualTo(20480L * 1024);
        String histogram = """
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         12000        1234567  [B (java.base@17.0.15)
                  57:           300          28800  io.switchboard.adapters.in.ws.TopicConnection
                """;
        assertThat(Jcmd.instancesIn(histogram, ConnectionScenarios.TOPIC_CONNECTION)).isEqualTo(300);
        assertThat(Jcmd.instancesIn(histogram, "io.switchboard.Missing")).isZero();
        String grown = histogram.replace("300          28800", "500          48000");
        assertThat(Jcmd.growth(histogram, grown, 100, 1)).contains("192.0 B").contains("2.00 objs")
                .contains(ConnectionScenarios.TOPIC_CONNECTION);
    }

    @Test
    void options_parse_with_and_without_values() {
        Args args = Args.parse(new String[]{"fanout", "--subscribers", "1_000", "--rate=50", "--flag"});
        assertThat(args.scenario).isEqualTo("fanout");
        assertThat(args.integer("subscribers", 1)).isEqualTo(1000);
        assertThat(args.dbl("rate", 1)).isEqualTo(50.0);
        assertThat(args.flag("flag")).isTrue();
        assertThat(args.integer("missing", 7)).isEqualTo(7);
    }
}
