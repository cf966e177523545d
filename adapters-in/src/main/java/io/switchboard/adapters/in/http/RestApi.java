package io.switchboard.adapters.in.http;

import io.switchboard.application.port.in.history.ReadHistoryUseCase;
import io.switchboard.application.port.in.channel.DeclareChannelUseCase;
import io.switchboard.application.port.in.channel.DeleteChannelUseCase;
import io.switchboard.application.port.in.channel.GetChannelUseCase;
import io.switchboard.application.port.in.channel.ListChannelsUseCase;
import io.switchboard.application.port.in.channel.ListMembersUseCase;
import io.switchboard.application.port.in.channel.PutMemberUseCase;
import io.switchboard.application.port.in.channel.RemoveMemberUseCase;
import io.switchboard.application.port.in.channel.UpdateChannelUseCase;
import io.switchboard.application.port.in.message.DeleteMessageUseCase;
import io.switchboard.application.port.in.presence.GetOnlineStatusUseCase;
import io.switchboard.application.port.in.presence.QueryPresenceUseCase;
import io.switchboard.application.port.in.message.EditMessageUseCase;
import io.switchboard.application.port.in.message.GetMessageUseCase;
import io.switchboard.application.port.in.message.ListMessagesUseCase;
import io.switchboard.application.port.in.message.SendMessageUseCase;
import io.switchboard.application.port.in.ops.CheckHealthUseCase;
import io.switchboard.application.port.in.ops.InspectInstanceUseCase;
import io.switchboard.application.port.in.ops.ScrapeMetricsUseCase;
import io.switchboard.application.port.in.publish.AuthenticateServerCallerUseCase;
import io.switchboard.application.port.in.publish.BroadcastUseCase;
import io.switchboard.application.port.in.publish.CountSubscribersUseCase;
import io.switchboard.application.port.in.publish.PublishUseCase;
import io.switchboard.application.port.in.session.CompleteSessionUseCase;
import io.switchboard.application.port.in.session.CreateSessionUseCase;
import io.switchboard.application.port.in.session.DeleteSessionUseCase;
import io.switchboard.application.port.in.session.GetSessionUseCase;
import io.switchboard.application.port.in.session.PauseSessionUseCase;
import io.switchboard.application.port.in.session.ResumeSessionUseCase;
import io.switchboard.application.port.in.session.StartSessionUseCase;
import io.switchboard.application.port.in.session.SwitchCycleUseCase;
import io.switchboard.application.port.in.time.GetServerTimeUseCase;
import io.switchboard.application.port.in.user.AuthenticateUseCase;
import io.switchboard.application.port.in.user.DeleteUserUseCase;
import io.switchboard.application.port.in.user.GetUserUseCase;
import io.switchboard.application.port.in.user.LoginUseCase;
import io.switchboard.application.port.in.user.LogoutUseCase;
import io.switchboard.application.port.in.user.RefreshTokenUseCase;
import io.switchboard.application.port.in.user.RegisterUserUseCase;
import io.switchboard.application.port.in.user.UpdateUserUseCase;
import io.switchboard.application.port.out.Metrics;
import org.eclipse.jetty.server.Handler;

import java.util.List;

/**
 * Builds the REST handler: every route of docs/api.md (the operational ones included) behind one
 * {@link ApiHandler}.
 */
public final class RestApi {
    /** A request body that sends no byte for this long is answered 408 and its connection closed. */
    public static final long BODY_STALL_MS = 10_000;
    /** The longest a whole request body may take to arrive (1 MiB in a minute is about 17 KB/s). */
    public static final long BODY_TOTAL_MS = 60_000;
    /**
     * What all request bodies being read at once may hold in memory together (64 MiB, 64 bodies of the 1 MiB
     * limit); a body that would pass it is refused with 429 code 7 SERVER_BUSY.
     */
    public static final long BODY_MEMORY_BYTES = 64L * 1024 * 1024;

    private RestApi() {
    }

    /** The use cases the REST API calls. */
    public record UseCases(RegisterUserUseCase register, LoginUseCase login, AuthenticateUseCase authenticate,
                           GetUserUseCase getUser, UpdateUserUseCase updateUser, DeleteUserUseCase deleteUser,
                           SendMessageUseCase sendMessage, ListMessagesUseCase listMessages,
                           GetMessageUseCase getMessage, EditMessageUseCase editMessage,
                           DeleteMessageUseCase deleteMessage, GetServerTimeUseCase time,
                           CreateSessionUseCase createSession, GetSessionUseCase getSession,
                           StartSessionUseCase startSession, SwitchCycleUseCase switchCycle,
                           PauseSessionUseCase pauseSession, ResumeSessionUseCase resumeSession,
                           CompleteSessionUseCase completeSession, DeleteSessionUseCase deleteSession,
                           RefreshTokenUseCase refreshToken, LogoutUseCase logout, ReadHistoryUseCase history) {
        /** Without GET /api/history's use case (the route is there, and fails if called). */
        public UseCases(RegisterUserUseCase register, LoginUseCase login, AuthenticateUseCase authenticate,
                        GetUserUseCase getUser, UpdateUserUseCase updateUser, DeleteUserUseCase deleteUser,
                        SendMessageUseCase sendMessage, ListMessagesUseCase listMessages,
                        GetMessageUseCase getMessage, EditMessageUseCase editMessage,
                        DeleteMessageUseCase deleteMessage, GetServerTimeUseCase time,
                        CreateSessionUseCase createSession, GetSessionUseCase getSession,
                        StartSessionUseCase startSession, SwitchCycleUseCase switchCycle,
                        PauseSessionUseCase pauseSession, ResumeSessionUseCase resumeSession,
                        CompleteSessionUseCase completeSession, DeleteSessionUseCase deleteSession,
                        RefreshTokenUseCase refreshToken, LogoutUseCase logout) {
            this(register, login, authenticate, getUser, updateUser, deleteUser, sendMessage, listMessages,
                    getMessage, editMessage, deleteMessage, time, createSession, getSession, startSession,
                    switchCycle, pauseSession, resumeSession, completeSession, deleteSession, refreshToken, logout,
                    null);
        }
    }

    /** The server API's use cases (docs/api.md, "Publishing from your backend"). */
    public record ServerApi(AuthenticateServerCallerUseCase authenticate, PublishUseCase publish,
                            BroadcastUseCase broadcast, CountSubscribersUseCase count) {
    }

    /** Channels, membership, presence and online status (docs/rooms-and-presence.md). */
    public record Rooms(DeclareChannelUseCase declare, ListChannelsUseCase list, GetChannelUseCase get,
                        UpdateChannelUseCase update, DeleteChannelUseCase delete, ListMembersUseCase members,
                        PutMemberUseCase putMember, RemoveMemberUseCase removeMember,
                        QueryPresenceUseCase presence, GetOnlineStatusUseCase online) {
        static final Rooms NONE = new Rooms(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The operational use cases: /health, /health/live, /health/ready and /metrics; {@code inspect} serves the admin
     * pages' /api/admin/* (null: those routes answer 404).
     */
    public record Operations(CheckHealthUseCase health, ScrapeMetricsUseCase metrics, InspectInstanceUseCase inspect) {
        public Operations(CheckHealthUseCase health, ScrapeMetricsUseCase metrics) {
            this(health, metrics, null);
        }
    }

    /** One route of the REST API as documentation sees it (docs/openapi.yaml). */
    public record RouteInfo(String method, String template, boolean authenticated) {
    }

    /**
     * @param corsOrigins    CORS_ORIGINS, `*` for any
     * @param rateLimit      HTTP_RATE_LIMIT requests per IP per window, 0 = no limit
     * @param rateWindowMs   HTTP_RATE_WINDOW_MS
     * @param maxBodyBytes   the largest request body accepted (413 above it)
     * @param clientAddresses TRUSTED_PROXIES: who the client of a request is (the rate limit and the log use it)
     */
    public record Options(List<String> corsOrigins, int rateLimit, long rateWindowMs, long maxBodyBytes,
                          Metrics metrics, ClientAddresses clientAddresses) {
        public Options {
            corsOrigins = List.copyOf(corsOrigins);
            clientAddresses = clientAddresses == null ? ClientAddresses.none() : clientAddresses;
        }

        /** No trusted proxies: the client is the socket's peer. */
        public Options(List<String> corsOrigins, int rateLimit, long rateWindowMs, long maxBodyBytes,
                       Metrics metrics) {
            this(corsOrigins, rateLimit, rateWindowMs, maxBodyBytes, metrics, ClientAddresses.none());
        }
    }

    public static Handler handler(UseCases useCases, Operations operations, ServerApi serverApi, Options options) {
        return handler(useCases, operations, serverApi, Rooms.NONE, options);
    }

    public static Handler handler(UseCases useCases, Operations operations, ServerApi serverApi, Rooms rooms,
                                  Options options) {
        Router router = router(useCases, operations, serverApi, rooms);
        HttpRateLimiter limiter = new HttpRateLimiter(options.rateLimit(), options.rateWindowMs(),
                HttpRateLimiter.DEFAULT_MAX_TRACKED_CLIENTS, System::currentTimeMillis,
                evicted -> options.metrics().httpRateLimitEvicted(evicted));
        return new ApiHandler(router, useCases.authenticate(), serverApi.authenticate(),
                new Cors(options.corsOrigins()), limiter, options.maxBodyBytes(), BODY_STALL_MS, BODY_TOTAL_MS,
                BODY_MEMORY_BYTES, useCases.time()::now, options.metrics(), options.clientAddresses());
    }

    /**
     * Every route the handler serves, in matching order. Registering a route calls no use case, so the table is
     * built here without any.
     */
    public static List<RouteInfo> routes() {
        UseCases none = new UseCases(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        return router(none, new Operations(null, null, null), new ServerApi(null, null, null, null), Rooms.NONE)
                .routes().stream()
                .map(r -> new RouteInfo(r.method(), r.template(), r.authenticated())).toList();
    }

    private static Router router(UseCases useCases, Operations operations, ServerApi serverApi, Rooms rooms) {
        Router router = new Router();
        new PresenceRoutes(rooms.presence(), rooms.online()).addTo(router); // before /api/users/{id}
        new AccountRoutes(useCases.register(), useCases.login(), useCases.getUser(), useCases.updateUser(),
                useCases.deleteUser(), useCases.refreshToken(), useCases.logout()).addTo(router);
        new MessageRoutes(useCases.sendMessage(), useCases.listMessages(), useCases.getMessage(),
                useCases.editMessage(), useCases.deleteMessage()).addTo(router);
        new TimeRoutes(useCases.time()).addTo(router);
        new SessionRoutes(new SessionRoutes.UseCases(useCases.createSession(), useCases.getSession(),
                useCases.startSession(), useCases.switchCycle(), useCases.pauseSession(), useCases.resumeSession(),
                useCases.completeSession(), useCases.deleteSession()), () -> useCases.time().now()).addTo(router);
        new ServerRoutes(serverApi.publish(), serverApi.broadcast(), serverApi.count()).addTo(router);
        new HistoryRoutes(useCases.history()).addTo(router);
        new ChannelRoutes(new ChannelRoutes.UseCases(rooms.declare(), rooms.list(), rooms.get(), rooms.update(),
                rooms.delete(), rooms.members(), rooms.putMember(), rooms.removeMember())).addTo(router);
        new OpsRoutes(operations.health(), operations.metrics()).addTo(router);
        new AdminRoutes(operations.inspect()).addTo(router);
        return router;
    }
}
