package io.switchboard.application.port.out;

import java.util.UUID;

public interface IdGenerator {
    UUID newId();
}
