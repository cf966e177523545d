package io.switchboard.adapters.in;

import io.switchboard.adapters.in.http.JsonErrorHandler;
import io.switchboard.adapters.in.http.WebAssets;
import io.switchboard.adapters.in.ws.WebSocketApi;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The one place where Jetty's handler tree is put together. A request walks it from the top:
 *
 * <pre>
 * Server                           JettyServer: one connector on HOST:PORT, bounded thread pool "sb-http"
 *  |  error handler                JsonErrorHandler: what Jetty refuses itself (bad URI, headers too large, a
 *  |                               handler that threw) gets the JSON error envelope, status from ErrorResponses
 *  '- GracefulHandler              on stop: requests in flight finish (SHUTDOWN_TIMEOUT_MS), new ones refused
 *      '- ContextHandler "/"       the context the WebSocket container lives in
 *          '- WebSocketUpgradeHandler (Jetty's core one: connections are core FrameHandlers)
 *              |                   GET /ws with Upgrade: WebSocketApi checks it (draining, Origin, token, per-IP
 *              |                   cap, sessionId; refusals as UpgradeRefusal, status from ErrorResponses) and
 *              |                   opens a TopicConnection or a SessionConnection
 *              '- WebAssets        GET / (the console), /console/*, /client/switchboard.js|.d.ts: static files
 *                  |               from the jar with a strict CSP; everything else goes on
 *                  '- ApiHandler   everything else (RestApi.handler): request id, CORS, rate limit, Router
 *                                  -> endpoint (AccountRoutes, MessageRoutes, SessionRoutes, TimeRoutes, OpsRoutes)
 * </pre>
 */
public final class HandlerTree {
    private HandlerTree() {
    }

    /** Installs the tree above on {@code server}; {@code rest} is {@code RestApi.handler(...)}. */
    public static void install(Server server, WebSocketApi webSockets, Handler rest) {
        server.setErrorHandler(new JsonErrorHandler());
        ContextHandler root = new ContextHandler("/");
        Handler.Wrapper upgrade = webSockets.handler(server, root);
        upgrade.setHandler(new WebAssets(rest));
        root.setHandler(upgrade);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(root);
        server.setHandler(graceful);
    }
}
