package io.switchboard.adapters.out.json;

import io.switchboard.application.port.out.FrameEncoder;

/** Public factories of the JSON adapters, for bootstrap. */
public final class JsonAdapters {
    private JsonAdapters() {
    }

    /** A thread-safe Jackson encoder; make one per process and share it. */
    public static FrameEncoder frameEncoder() {
        return new JacksonFrameEncoder();
    }
}
