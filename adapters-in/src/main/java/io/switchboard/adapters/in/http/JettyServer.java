package io.switchboard.adapters.in.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.function.Function;

/**
 * The one Jetty server: one connector on HOST:PORT, JSON error pages, a bounded thread pool, and a
 * {@link GracefulHandler} in front so that a stop lets in-flight requests finish (up to the stop timeout) while new
 * ones are refused.
 */
public final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Builds the server; {@code handlerFactory} receives it so that handlers needing the server (the WebSocket
     * upgrade handler) can be made before start.
     */
    public static JettyServer create(String host, int port, long stopTimeoutMs,
                                     Function<Server, Handler> handlerFactory) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("sb-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(stopTimeoutMs);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(handlerFactory.apply(server));
        server.setHandler(graceful);
        return new JettyServer(server, connector);
    }

    public void start() throws Exception {
        server.start();
    }

    public Server server() {
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * Stops accepting connections, waits up to {@code timeoutMs} for the requests in flight to finish (0 = do not
     * wait), then stops.
     */
    public void stop(long timeoutMs) throws Exception {
        server.setStopTimeout(Math.max(0, timeoutMs));
        server.stop();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
