package io.switchboard.bootstrap.browser;

import io.switchboard.adapters.out.redis.RedisServerFixture;
import io.switchboard.bootstrap.support.Account;
import io.switchboard.bootstrap.support.Await;
import io.switchboard.bootstrap.support.Browser;
import io.switchboard.bootstrap.support.Closeables;
import io.switchboard.bootstrap.support.TcpProxy;
import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser client (/client/switchboard.js) in headless Chromium against a real server, through a
 * {@link TcpProxy} that plays the network trouble: the same conformance list as the Java client
 * (ClientConformanceTest): a drop in the middle of a subscribe, a token expiring while offline, a server drain (1001,
 * jittered reconnect), the clock offset within 5 ms on loopback, and a bad token being terminal.
 */
class BrowserClientTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Loads the module into the page once; every test then builds its own client from window.sbm. */
    private static final String LOAD = "window.sbm = await import('/client/switchboard.js'); done('ok');";
    private static final String FAST = "new sbm.Backoff({baseMs: 50, capMs: 400})";
    private static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        browser.close();
    }

    private static void load(TcpProxy proxy) {
        browser.open(proxy.baseUrl() + "/");
        assertThat(browser.async(LOAD)).isEqualTo("ok");
    }

    private static Object js(String script, Object... args) {
        return browser.js(script, args);
    }

    @Test
    void aDropInTheMiddleOfASubscribe_theSubscriptionGoesThroughAfterTheReconnect() throws Exception {
        try (TestServer server = TestServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            Account ada = server.api().newAccount("js-drop");
            load(proxy);
            assertThat(browser.async("""
                    const sb = new sbm.Switchboard({token: arguments[0], backoff: %s});
                    window.t = sb.topics(); window.states = []; window.msgs = [];
                    t.on('state', (s, d) => states.push(s + (d ? ':' + d.code : '')));
                    await t.connected(); done('connected');""".formatted(FAST), ada.token())).isEqualTo("connected");

            proxy.holdReplies(true);
            // the message.sent deliveries only: the user's own presence.join follows each subscribe that makes
            // them present on the channel's topic (also after a reconnect)
            js("window.subscribed = false; t.subscribe('messages.channel.js-drop', m => m.eventType === 'message.sent'"
                    + " && msgs.push(m.data.content)).then(() => window.subscribed = true);");
            assertThat(js("return window.subscribed")).isEqualTo(false);
            proxy.cut();
            proxy.holdReplies(false);

            Await.until("the subscribe answered after the reconnect", WAIT,
                    () -> Boolean.TRUE.equals(js("return window.subscribed")));
            assertThat(js("return states.join(',')").toString()).contains("disconnected:1006").endsWith("connected");
            server.api().sendToChannel(ada, "js-drop", "after the drop");
            Await.until("the message", WAIT, () -> js("return msgs.join(',')").toString().equals("after the drop"));
        }
    }

    @Test
    void aTokenExpiringWhileOffline_theReconnectUsesARefreshedOne() throws Exception {
        try (TestServer server = TestServer.start(Map.of("JWT_TTL_SECONDS", "3"));
             TcpProxy proxy = new TcpProxy(server.port())) {
            Account ada = server.api().newAccount("js-offline");
            load(proxy);
            assertThat(browser.async("""
                    window.s = await sbm.login('', arguments[0], arguments[1]);
                    window.firstToken = s.token;
                    const sb = new sbm.Switchboard({tokenProvider: s.tokenProvider, backoff: %s});
                    window.t = sb.topics(); window.msgs = [];
                    await t.subscribe('messages.channel.js-offline',
                                      m => m.eventType === 'message.sent' && msgs.push(m.data.content));
                    done(s.expiresAt);""".formatted(FAST), ada.email(), ada.password()).toString())
                    .matches("\\d{4}-.*Z");
            Instant expiresAt = Instant.parse(js("return s.expiresAt").toString());

            proxy.offline(true);
            proxy.cut();
            Await.until("offline", WAIT, () -> !"connected".equals(js("return t.state")));
            Await.until("the token expired while offline", WAIT, () -> Instant.now().isAfter(expiresAt));
            proxy.offline(false);

            Await.until("connected again", WAIT, () -> "connected".equals(js("return t.state")));
            assertThat(js("return s.token !== firstToken")).as("refreshed").isEqualTo(true);
            server.api().sendToChannel(ada, "js-offline", "back online");
            Await.until("the message", WAIT, () -> js("return msgs.join(',')").toString().equals("back online"));
        }
    }

    @Test
    void aServerDrain_1001_clientsReconnectWithJitterToAnotherInstance() throws Exception {
        RedisServerFixture redis = RedisServerFixture.start();
        Map<String, String> shared = Map.of("REDIS_URL", redis.url(), "REDIS_KEY_PREFIX",
                RedisServerFixture.newKeyPrefix(), "SHUTDOWN_TIMEOUT_MS", "1500");
        TestServer a = TestServer.start(shared);
        TestServer b = TestServer.start(shared);
        boolean aClosed = false;
        try (TcpProxy proxy = new TcpProxy(a.port())) {
            Account ada = a.api().newAccount("js-drain");
            load(proxy);
            assertThat(browser.async("""
                    window.clients = [];
                    for (let i = 0; i < 4; i++) {
                      const sb = new sbm.Switchboard({token: arguments[0], backoff: %s});
                      const t = sb.topics();
                      const c = {t, states: [], delays: [], msgs: []};
                      t.on('state', (s, d) => { c.states.push(s + (d ? ':' + d.code : ''));
                                                if (d && d.retryInMs != null) c.delays.push(d.retryInMs); });
                      await t.subscribe('messages.channel.js-drain',
                                        m => m.eventType === 'message.sent' && c.msgs.push(m.data.content));
                      clients.push(c);
                    }
                    done('ok');""".formatted(FAST), ada.token())).isEqualTo("ok");

            proxy.target(b.port());
            a.close();
            aClosed = true;

            Await.until("every client back", WAIT, () -> Boolean.TRUE.equals(js(
                    "return clients.every(c => c.t.state === 'connected' && c.states.includes('disconnected:1001'))")));
            @SuppressWarnings("unchecked")
            List<Number> delays = (List<Number>) js("return clients.map(c => c.delays[0])");
            assertThat(delays).allSatisfy(d -> assertThat(d.longValue()).isBetween(0L, 49L));
            assertThat(delays.stream().map(Number::longValue).distinct().count()).as("full jitter: %s", delays)
                    .isGreaterThan(1);
            Await.until("upstream subscriptions on b", () -> b.app().upstreamSubscriptionsSettled());
            b.api().sendToChannel(ada, "js-drain", "from b");
            Await.until("every client got it", WAIT, () -> Boolean.TRUE.equals(js(
                    "return clients.every(c => c.msgs.length === 1 && c.msgs[0] === 'from b')")));
        } finally {
            js("(window.clients || []).forEach(c => c.t.close())");
            Closeables.closeAll(aClosed ? null : a, b, redis);
        }
    }

    @Test
    void theClockOffsetFromTheLowestRttSampleIsWithin5msOnLoopback() throws Exception {
        try (TestServer server = TestServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            Account ada = server.api().newAccount("js-clock");
            load(proxy);
            js("window.w = new sbm.Switchboard({token: arguments[0]}).watchSession(arguments[1]);", ada.token(),
                    UUID.randomUUID().toString());
            Await.until("a burst of samples", WAIT, () -> ((Number) js("return w.clock.samples.length")).intValue() >= 8);
            double offset = ((Number) js("return w.clockOffsetMs")).doubleValue();
            assertThat(Math.abs(offset)).isLessThanOrEqualTo(5.0);
            js("w.close()");
        }
    }

    @Test
    void aBadTokenIsTerminal_noRetry() throws Exception {
        try (TestServer server = TestServer.start(); TcpProxy proxy = new TcpProxy(server.port())) {
            load(proxy);
            js("""
                    window.bad = new sbm.Switchboard({token: 'not-a-jwt', backoff: %s}).topics();
                    window.badStates = [];
                    bad.on('state', (s, d) => badStates.push(s));""".formatted(FAST));
            Await.until("closed", WAIT, () -> "closed".equals(js("return bad.state")));
            assertThat(js("return bad.lastDisconnect.code")).isEqualTo(401L);
            assertThat(js("return bad.lastDisconnect.terminal")).isEqualTo(true);
            assertThat(js("return bad.connectAttempts")).as("one try, one with a refreshed token").isEqualTo(2L);
        }
    }
}
