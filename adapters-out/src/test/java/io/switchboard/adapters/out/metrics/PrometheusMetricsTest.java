package io.switchboard.adapters.out.metrics;

import io.switchboard.application.metrics.Scrape;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusMetricsTest {
    final PrometheusMetrics metrics = PrometheusMetrics.create();

    String text() {
        Scrape scrape = metrics.scrape();
        assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
        return new String(scrape.body(), StandardCharsets.UTF_8);
    }

    @Test
    void anHttpRequestIsCountedAndTimedByMethodRouteTemplateAndStatus() {
        metrics.httpRequest("POST", "/api/messages", 201, 2_000_000);

        String text = text();
        assertThat(text).contains(
                "switchboard_http_requests_total{method=\"POST\",route=\"/api/messages\",status=\"201\"} 1.0");
        assertThat(text).contains("switchboard_http_request_duration_seconds_bucket{method=\"POST\","
                + "route=\"/api/messages\",status=\"201\",le=\"0.0025\"} 1");
        assertThat(text).contains("switchboard_http_request_duration_seconds_count{method=\"POST\","
                + "route=\"/api/messages\",status=\"201\"} 1");
    }

    @Test
    void anUnknownMethodIsOther() {
        metrics.httpRequest("BREW", "unmatched", 404, 1);

        assertThat(text()).contains("switchboard_http_requests_total{method=\"OTHER\",route=\"unmatched\",status=\"404\"} 1.0");
    }

    @Test
    void theConnectionGaugeFollowsOpensAndCloses_andCloseCodesOutsideTheContractAreOther() {
        metrics.wsOpened("topic");
        metrics.wsOpened("topic");
        metrics.wsOpened("session");
        metrics.wsClosed("topic", 1001);
        metrics.wsClosed("session", 4321);

        String text = text();
        assertThat(text).contains("switchboard_ws_connections{dialect=\"topic\"} 1.0");
        assertThat(text).contains("switchboard_ws_connections{dialect=\"session\"} 0.0");
        assertThat(text).contains("switchboard_ws_connections_opened_total{dialect=\"topic\"} 2.0");
        assertThat(text).contains("switchboard_ws_connections_closed_total{code=\"1001\",dialect=\"topic\"} 1.0");
        assertThat(text).contains("switchboard_ws_connections_closed_total{code=\"other\",dialect=\"session\"} 1.0");
    }

    @Test
    void framesDropsPublicationsDeliveriesAndSessionsAreCounted() {
        metrics.wsFrameIn("subscribe");
        metrics.wsFrameOut("message");
        metrics.wsDropped("slow_consumer");
        metrics.published("message.sent");
        metrics.delivered(3);
        metrics.sessionOperation("switch", "ok", 1_000_000);
        metrics.sessionOperation("switch", "VERSION_CONFLICT", 1_000_000);
        metrics.sessionExpired("skip");

        String text = text();
        assertThat(text).contains("switchboard_ws_frames_in_total{type=\"subscribe\"} 1.0");
        assertThat(text).contains("switchboard_ws_frames_out_total{type=\"message\"} 1.0");
        assertThat(text).contains("switchboard_ws_dropped_total{reason=\"slow_consumer\"} 1.0");
        assertThat(text).contains("switchboard_pubsub_published_total{event_type=\"message.sent\"} 1.0");
        assertThat(text).contains("switchboard_pubsub_delivered_total 3.0");
        assertThat(text).contains("switchboard_session_operations_total{op=\"switch\",result=\"VERSION_CONFLICT\"} 1.0");
        assertThat(text).contains("switchboard_session_operation_duration_seconds_count{op=\"switch\"} 2");
        assertThat(text).contains("switchboard_session_expiries_total{action=\"skip\"} 1.0");
    }

    @Test
    void jvmMemoryGcAndThreadsAreReported() {
        String text = text();

        assertThat(text).containsPattern("jvm_memory_used_bytes\\{area=\"heap\"} [0-9.E]+");
        assertThat(text).contains("jvm_memory_used_bytes{area=\"nonheap\"}");
        assertThat(text).containsPattern("jvm_gc_collections_total\\{gc=\"[^\"]+\"}");
        assertThat(text).containsPattern("jvm_gc_collection_seconds_total\\{gc=\"[^\"]+\"}");
        assertThat(text).containsPattern("jvm_threads_live [1-9]");
    }

    @Test
    void aLabelFedUnboundedValuesStopsGrowing() {
        for (int i = 0; i < 1000; i++) {
            metrics.wsDropped("reason-" + i);
        }

        String text = text();
        assertThat(text.lines().filter(l -> l.startsWith("switchboard_ws_dropped_total{"))).hasSize(
                PrometheusMetrics.MAX_VALUES_PER_LABEL + 1);
        assertThat(text).contains("switchboard_ws_dropped_total{reason=\"other\"} "
                + (1000 - PrometheusMetrics.MAX_VALUES_PER_LABEL) + ".0");
    }

    @Test
    void anExtraGaugeIsReadAtScrapeTime() {
        metrics.gauge("switchboard_pubsub_outbox_size", "Publications waiting", () -> 7);

        assertThat(text()).contains("switchboard_pubsub_outbox_size 7.0");
    }
}
