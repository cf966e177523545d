package io.switchboard.adapters.in.ws;

import io.switchboard.adapters.in.http.BearerTokens;
import io.switchboard.adapters.in.http.ClientAddresses;
import io.switchboard.adapters.in.http.ErrorResponses;
import io.switchboard.application.auth.VerifiedToken;
import io.switchboard.application.port.in.presence.QueryPresenceUseCase;
import io.switchboard.application.port.in.presence.SendTypingUseCase;
import io.switchboard.application.port.in.realtime.PublishToTopicUseCase;
import io.switchboard.application.port.in.realtime.RecoverTopicUseCase;
import io.switchboard.application.port.in.realtime.SubscribeTopicUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.UserConnections;
import io.switchboard.domain.failure.ErrorCode;
import io.switchboard.domain.failure.Failure;
import io.switchboard.domain.session.SessionId;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The WebSocket endpoint at {@code /ws}: checks a request before it is upgraded (draining, Origin, token,
 * per-IP cap, session id) and answers a refusal with an HTTP status and the REST error body; then opens a
 * topic-dialect or session-dialect connection.
 */
public final class WebSocketApi {
    public static final String PATH = "/ws";

    /** The use cases the endpoint calls. */
    public record UseCases(AuthenticateUseCase authenticate, SubscribeTopicUseCase subscriptions,
                           PublishToTopicUseCase publisher, GetSessionUseCase getSession,
                           RecoverTopicUseCase recover, QueryPresenceUseCase presence,
                           SendTypingUseCase typing) {
        public UseCases {
            recover = recover == null ? TopicFrames.NO_HISTORY : recover;
        }

        /**
         * Without history (a subscribe with {@code since} answers recovered:false, reason no_history), presence and
         * typing (their frames answer code 1).
         */
        public UseCases(AuthenticateUseCase authenticate, SubscribeTopicUseCase subscriptions,
                        PublishToTopicUseCase publisher, GetSessionUseCase getSession) {
            this(authenticate, subscriptions, publisher, getSession, null, null, null);
        }
    }

    /**
     * Who a client is and how many connections one user may hold: TRUSTED_PROXIES ({@code addresses}) and
     * WS_MAX_CONNECTIONS_PER_USER ({@code perUser}, which holds the cap and counts in memory or across instances).
     */
    public record Clients(ClientAddresses addresses, UserConnections perUser) {
        public Clients {
            addresses = addresses == null ? ClientAddresses.none() : addresses;
            perUser = perUser == null ? UserConnections.unlimited() : perUser;
        }

        /** The peer is the client, and no per-user cap. */
        public static Clients direct() {
            return new Clients(ClientAddresses.none(), UserConnections.unlimited());
        }
    }

    private final WsContext context;
    private final UseCases useCases;
    private final ClientAddresses addresses;

    private WebSocketApi(WsContext context, UseCases useCases, ClientAddresses addresses) {
        this.context = context;
        this.useCases = useCases;
        this.addresses = addresses;
    }

    /** The registry of open connections: for shutdown (drain) and for tests (counts). */
    public WsRegistry registry() {
        return context.registry();
    }

    /**
     * Makes the upgrade handler that goes in front of {@code next} (the REST handler): a request that is not an
     * upgrade to {@code /ws} passes through.
     */
    public static WebSocketApi create(WsSettings settings, UseCases useCases, Metrics metrics, Supplier<Instant> clock) {
        return create(settings, useCases, metrics, clock, Clients.direct());
    }

    /** As above, with trusted proxies and a per-user connection cap. */
    public static WebSocketApi create(WsSettings settings, UseCases useCases, Metrics metrics, Supplier<Instant> clock,
                                      Clients clients) {
        WsContext context = new WsContext(settings, new WsRegistry(settings, clients.perUser()), metrics, clock);
        return new WebSocketApi(context, useCases, clients.addresses());
    }

    /**
     * Jetty's core upgrade handler (no Jetty API layer): a connection is a {@link FrameHandler} of ours, and nothing
     * of the upgrade request is kept once the socket is open.
     */
    public Handler.Wrapper handler(Server server, ContextHandler contextHandler) {
        WsSettings settings = context.settings();
        WebSocketUpgradeHandler upgrade = new WebSocketUpgradeHandler(
                WebSocketServerComponents.ensureWebSocketComponents(server, contextHandler));
        Configuration configuration = upgrade.getConfiguration();
        long maxSize = settings.maxMessageSize() > 0 ? settings.maxMessageSize() : -1;
        configuration.setMaxTextMessageSize(maxSize);
        configuration.setMaxBinaryMessageSize(maxSize);
        configuration.setMaxFrameSize(maxSize);
        // Liveness is ours: the housekeeper pings, cuts silent peers (WS_PING_TIMEOUT_MS) and peers that do not
        // finish a close. No Jetty idle timeout, which would be one more scheduled task per connection.
        configuration.setIdleTimeout(Duration.ZERO);
        upgrade.addMapping(PATH, new Negotiator());
        return upgrade;
    }

    /** Decides each upgrade: a refusal (HTTP status and error body, null here) or a connection. */
    private final class Negotiator implements WebSocketNegotiator {
        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response,
                                      Callback callback) {
            return create(request, response, callback);
        }
    }

    private WsConnection create(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        Instant now = context.clock().get();
        if (context.registry().isDraining()) {
            UpgradeRefusal.write(request, response, callback, ErrorCode.SERVICE_UNAVAILABLE, "SHUTTING_DOWN",
                    "the server is shutting down; reconnect to another instance", now);
            return null;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        // No Origin at all is a native, mobile or server client (a browser always sends one): not refused for it.
        if (origin != null && !context.settings().allowedOrigins().isEmpty()
                && !context.settings().allowedOrigins().contains(origin)) {
            UpgradeRefusal.write(request, response, callback, ErrorCode.FORBIDDEN, "ORIGIN_NOT_ALLOWED",
                    "this origin may not open WebSockets here", now);
            return null;
        }
        if (BearerTokens.apiKeyFrom(request.getHeaders().get(HttpHeader.AUTHORIZATION)) != null) {
            UpgradeRefusal.write(request, response, callback, ErrorCode.FORBIDDEN, "API_KEY_NOT_ALLOWED",
                    "an API key may only use the server API (docs/api.md); WebSockets need a user's token", now);
            return null;
        }
        Fields query = Request.extractQueryParameters(request);
        String token = query.getValue("token");
        if (token == null) {
            token = BearerTokens.from(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        }
        String sessionId = query.getValue("sessionId");
        VerifiedToken verified = null;
        SessionId watched = null;
        try {
            if (sessionId != null) {
                watched = SessionId.parse(sessionId);
                verified = useCases.authenticate().authenticate(token);
            } else if (token != null) {
                verified = useCases.authenticate().authenticate(token);
            }
        } catch (Failure failure) {
            UpgradeRefusal.write(request, response, callback, failure.code(), failure.reason(),
                    failure.getMessage(), now);
            return null;
        }
        String ip = addresses.of(request);
        WsRegistry.Slot slot = context.registry().reserve(ip);
        if (slot == null) {
            context.metrics().wsDropped("connection_limit");
            UpgradeRefusal.write(request, response, callback, ErrorCode.RATE_LIMITED, "TOO_MANY_CONNECTIONS",
                    "too many WebSocket connections from this address", now);
            return null;
        }
        if (verified != null && !claimUser(slot, verified)) {
            slot.release();
            context.metrics().wsDropped("user_connection_limit");
            UpgradeRefusal.write(request, response, callback, ErrorCode.RATE_LIMITED,
                    "TOO_MANY_USER_CONNECTIONS", "too many WebSocket connections for this user", now);
            return null;
        }
        // An upgrade that fails from here on (refused by Jetty, the 101 not written because the client reset the
        // connection) never opens a socket: its exchange ends with a failure, which gives the slot back.
        Request.addCompletionListener(request, failure -> {
            if (failure != null) {
                slot.release();
            }
        });
        // No extensions (permessage-deflate): frames are small JSON whose bytes are shared among subscribers, and a
        // compressing connection would cost a deflater and an inflater (tens of KiB of native memory) plus a
        // compression per subscriber per frame. A client that offers it gets an uncompressed connection.
        response.setExtensions(List.of());
        if (watched != null) {
            return new SessionConnection(context, ip, slot, watched, verified, useCases.getSession(),
                    useCases.subscriptions());
        }
        return new TopicConnection(context, ip, slot, verified, useCases.authenticate(), useCases.subscriptions(),
                useCases.publisher(), useCases.recover(),
                new TopicFrames.Rooms(useCases.presence(), useCases.typing()));
    }

    private static boolean claimUser(WsRegistry.Slot slot, VerifiedToken verified) {
        try {
            return slot.claimUser(verified.caller().id());
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }
}
