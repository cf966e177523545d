package io.switchboard.application.port.in.time;

import java.time.Instant;

public interface GetServerTimeUseCase {
    Instant now();
}
