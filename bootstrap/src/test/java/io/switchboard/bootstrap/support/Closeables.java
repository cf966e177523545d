package io.switchboard.bootstrap.support;

/** Test teardown: closes everything it is given, in order, even when one of them fails or is null. */
public final class Closeables {
    private Closeables() {
    }

    public static void closeAll(AutoCloseable... closeables) {
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }
}
