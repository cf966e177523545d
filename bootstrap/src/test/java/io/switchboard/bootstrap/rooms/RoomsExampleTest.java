package io.switchboard.bootstrap.rooms;

import io.switchboard.bootstrap.support.TestServer;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/examples/RoomsExample.java (the runnable example of docs/rooms-and-presence.md) compiles and runs green. */
class RoomsExampleTest {
    @Test
    void the_documented_example_runs_against_a_real_server() throws Exception {
        Path source = Path.of("..", "docs", "examples", "RoomsExample.java");
        assertThat(source).exists();
        Path out = Files.createTempDirectory("rooms-example");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler.run(null, null, null, "-d", out.toString(), source.toString())).isZero();
        try (TestServer server = TestServer.start();
             URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            Class<?> example = loader.loadClass("RoomsExample");
            example.getMethod("run", String.class).invoke(null, server.baseUrl());
        }
    }
}
