package io.switchboard.application.port.out;

import java.time.Instant;

/** The server's time. Tests drive a controllable one; production uses the system clock at millisecond precision. */
public interface Clock {
    Instant now();

    default long millis() {
        return now().toEpochMilli();
    }
}
