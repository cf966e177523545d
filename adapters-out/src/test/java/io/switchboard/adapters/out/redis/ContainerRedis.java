package io.switchboard.adapters.out.redis;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.ArrayList;
import java.util.List;

/**
 * RedisServerFixture's Testcontainers branch: a {@code redis:7.0} container published on a fixed loopback port, so
 * that it can be stopped and started again (same container, same data, same port) for outage tests. Only loaded
 * when there is neither REDIS_URL nor redis-server; a module that reuses the fixture without Testcontainers on its
 * test class path simply does not get this branch.
 *
 * <p>Not exercised on the reference machine (no Docker daemon there); the redis-server branch is.
 */
final class ContainerRedis {
    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (LinkageError | RuntimeException noTestcontainers) {
            return false;
        }
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerRedis start(int hostPort, boolean persistent) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(REDIS_PORT),
                "--save", "", "--dir", "/data"));
        command.addAll(persistent ? List.of("--appendonly", "yes", "--appendfsync", "always")
                : List.of("--appendonly", "no"));
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7.0"))
                .withExposedPorts(REDIS_PORT)
                .withCommand(command.toArray(String[]::new))
                .withCreateContainerCmdModifier(cmd -> cmd.withHostConfig(cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                                ExposedPort.tcp(REDIS_PORT)))));
        container.start();
        return new ContainerRedis(container);
    }

    void stop(boolean crash) {
        if (crash) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
        } else {
            container.getDockerClient().stopContainerCmd(container.getContainerId()).exec();
        }
    }

    void start() {
        container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
    }

    void close() {
        container.stop();
    }
}
