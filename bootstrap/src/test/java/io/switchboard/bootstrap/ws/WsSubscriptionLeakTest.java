package io.switchboard.bootstrap.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.TestServer;
import io.switchboard.bootstrap.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.switchboard.bootstrap.support.ApiClient.body;
import static io.switchboard.bootstrap.ws.TopicFrames.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing outlives a connection: after many connect / subscribe / disconnect cycles, ended in every way a client
 * can end them and by several clients at once, the subscription registry and the set of open connections are
 * empty again.
 */
class WsSubscriptionLeakTest {
    private static final int CYCLES = 1000;
    /** Clients cycling at once, so that subscribes and releases also race each other in the registry. */
    private static final int WORKERS = 4;
    private static TestServer server;

    @BeforeAll
    static void start() {
        // No per-IP cap: closes finish asynchronously, so a capped IP could be refused while earlier ones wind down.
        server = TestServer.start(Map.of("WS_MAX_CONNECTIONS_PER_IP", "0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aThousandConnectSubscribeDisconnectCyclesLeaveNoSubscriptionAndNoConnection() throws Exception {
        Account ada = server.api().newAccount("ws-leak");
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(workers.submit(() -> {
                    for (int i = worker; i < CYCLES; i += WORKERS) {
                        cycle(ada, i);
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : done) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        Await.until("no subscription left", Duration.ofSeconds(10),
                () -> server.app().subscriptions() == 0);
        Await.until("no connection left", Duration.ofSeconds(10),
                () -> server.app().openWebSockets() == 0);

        // The server still works after all that.
        try (WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()))) {
            subscribe(ws, "public.after");
            assertThat(server.app().subscriptions()).isEqualTo(1);
            ws.send(body("type", "message", "topic", "public.after", "content", "still routing"));
            JsonNode delivery = ws.awaitType("message");
            assertThat(delivery.path("data").path("content").asText()).isEqualTo("still routing");
        }
    }

    /** One connection's life, ended in one of four ways. */
    private static void cycle(Account ada, int i) throws Exception {
        WsClient ws = WsClient.connect(server.wsUri("/ws?token=" + ada.token()));
        subscribe(ws, "messages.user." + ada.id(), "messages.channel.*", "public.leak." + (i % 7) + ".**");
        switch (i % 4) {
            case 0 -> ws.close(); // a clean close handshake
            case 1 -> ws.disconnect(); // the socket just drops
            case 2 -> { // unsubscribe one first, then close
                ws.send(body("type", "unsubscribe", "topic", "messages.channel.*"));
                assertThat(ws.next().path("type").asText()).isEqualTo("unsubscribed");
                ws.close();
            }
            default -> { // close while a subscribe is still in flight
                ws.send(body("type", "subscribe", "topics", List.of("users." + ada.id(), "public.x")));
                ws.close();
            }
        }
    }
}
