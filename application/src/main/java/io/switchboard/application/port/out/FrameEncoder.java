package io.switchboard.application.port.out;

/**
 * Turns a JSON-ready tree into JSON text, so the core never sees a JSON library. A tree is made of {@code Map}s with
 * String keys (rendered in iteration order), {@code List}s, Strings, Numbers, Booleans and nulls, as built by
 * {@link io.switchboard.application.view.Views}, and {@link RawJson} values, whose text is written as it is.
 * Implementations are thread-safe.
 */
public interface FrameEncoder {
    /** @throws IllegalArgumentException when the tree holds something that is not JSON-ready (a bug) */
    String encode(Object tree);
}
