package io.switchboard.adapters.in;

import io.switchboard.adapters.in.http.JsonErrorHandler;
import io.switchboard.adapters.in.http.WebAssets;
import io.switchboard.adapters.in.ws.WebSocketApi;
import io.switchboard.adapters.in.ws.WsSettings;
import io.switchboard.application.port.out.Metrics;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tree HandlerTree draws is the tree it builds (nothing started, no port). */
class HandlerTreeTest {
    @Test
    void theTreeIsGracefulThenContextThenUpgradeThenStaticFilesThenRest() {
        Server server = new Server();
        WebSocketApi webSockets = WebSocketApi.create(new WsSettings(0, 0, 0, 0, 0, 0, 0, 0, 0, List.of()),
                new WebSocketApi.UseCases(null, null, null, null), new Metrics() { }, Instant::now);
        Handler rest = new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  org.eclipse.jetty.util.Callback callback) {
                return false;
            }
        };
        try {
            HandlerTree.install(server, webSockets, rest);

            assertThat(server.getErrorHandler()).isInstanceOf(JsonErrorHandler.class);
            GracefulHandler graceful = (GracefulHandler) server.getHandler();
            ContextHandler root = (ContextHandler) graceful.getHandler();
            assertThat(root.getContextPath()).isEqualTo("/");
            WebSocketUpgradeHandler upgrade = (WebSocketUpgradeHandler) root.getHandler();
            WebAssets assets = (WebAssets) upgrade.getHandler();
            assertThat(assets.paths()).contains("/", "/client/switchboard.js", "/client/switchboard.d.ts");
            assertThat(assets.getHandler()).isSameAs(rest);
        } finally {
            webSockets.registry().close();
        }
    }
}
