package io.switchboard.bootstrap;

import io.switchboard.adapters.in.http.JettyServer;

import io.switchboard.adapters.in.http.RestApi;
import io.switchboard.adapters.out.memory.InMemoryAdapters;
import io.switchboard.adapters.out.security.SecurityAdapters;
import io.switchboard.adapters.out.system.SystemAdapters;
import io.switchboard.application.port.out.Clock;
import io.switchboard.application.port.out.EventPublisher;
import io.switchboard.application.port.out.IdGenerator;
import io.switchboard.application.port.out.MessageRepository;
import io.switchboard.application.port.out.Metrics;
import io.switchboard.application.port.out.PasswordHasher;
import io.switchboard.application.port.out.UserRepository;
import io.switchboard.application.service.message.MessageService;
import io.switchboard.application.service.time.TimeService;
import io.switchboard.application.service.user.UserService;
import io.switchboard.domain.user.Email;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Wires Switchboard by hand, in the order of the arrows: out-adapters, services, in-adapters, then Jetty.
 * The choice between the in-memory and the Redis adapters is made here and only here.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** The contract's body limit for REST requests (413 above it). */
    static final long MAX_BODY_BYTES = 1_048_576;

    private final JettyServer server;

    private App(JettyServer server) {
        this.server = server;
    }

    public static App start(Config config) throws Exception {
        if (config.redisUrl() != null) {
            throw new Config.InvalidConfig("REDIS_URL", "the Redis adapters are not built yet; unset REDIS_URL");
        }
        Clock clock = SystemAdapters.systemClock();
        IdGenerator ids = SystemAdapters.randomIds();
        UserRepository users = InMemoryAdapters.userRepository();
        MessageRepository messages = InMemoryAdapters.messageRepository();
        PasswordHasher hasher = SecurityAdapters.pbkdf2(config.passwordHashIterations());
        SecurityAdapters.Tokens tokens = SecurityAdapters.jwt(jwtSecret(config), config.jwtIssuer(),
                Duration.ofSeconds(config.jwtTtlSeconds()), clock);
        EventPublisher events = event -> { };

        Set<Email> admins = config.adminEmails().stream().filter(Email::isValid).map(Email::new)
                .collect(Collectors.toUnmodifiableSet());
        UserService userService = new UserService(users, hasher, tokens.issuer(), tokens.verifier(), events, clock,
                ids, admins);
        MessageService messageService = new MessageService(messages, users, events, clock, ids);
        TimeService timeService = new TimeService(clock);

        RestApi.UseCases useCases = new RestApi.UseCases(userService, userService, userService, userService,
                userService, userService, messageService, messageService, messageService, messageService,
                messageService, timeService);
        RestApi.Options restOptions = new RestApi.Options(config.corsOrigins(), config.httpRateLimit(),
                config.httpRateWindowMs(), MAX_BODY_BYTES, Metrics.NONE);

        JettyServer server = JettyServer.create(config.host(), config.port(), config.shutdownTimeoutMs(),
                jetty -> {
                    ContextHandler root = new ContextHandler("/");
                    root.setHandler(RestApi.handler(useCases, restOptions));
                    return (Handler) root;
                });
        server.start();
        log.info("Switchboard listening on {}:{} with the in-memory adapters", config.host(), server.port());
        return new App(server);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    private static String jwtSecret(Config config) {
        if (config.jwtSecret() != null) {
            return config.jwtSecret();
        }
        log.warn("JWT_SECRET is not set: generated a random secret for this process; tokens will not survive a "
                + "restart and no other instance can verify them");
        return SecurityAdapters.randomSecret();
    }
}
