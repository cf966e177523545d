package io.switchboard.adapters.in.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.function.Function;

/** The one Jetty server: one connector on HOST:PORT, JSON error pages, a bounded thread pool. */
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
        server.setHandler(handlerFactory.apply(server));
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

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
