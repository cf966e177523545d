package io.switchboard.adapters.in.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one Jetty server: one connector on HOST:PORT and a bounded thread pool. Its handlers (the JSON error
 * handler, the graceful stop, the upgrade and the REST handler) are put in place by
 * {@link io.switchboard.adapters.in.HandlerTree}, which draws the whole tree.
 */
public final class JettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private JettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Builds the server without handlers; {@link io.switchboard.adapters.in.HandlerTree} installs them. */
    public static JettyServer create(String host, int port, long stopTimeoutMs) {
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
        server.setStopTimeout(stopTimeoutMs);
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
