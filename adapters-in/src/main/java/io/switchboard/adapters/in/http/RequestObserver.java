package io.switchboard.adapters.in.http;

/** Hears of every finished REST request, by route template (never the raw path), for metrics. */
@FunctionalInterface
public interface RequestObserver {
    RequestObserver NONE = (method, route, status, nanos) -> { };

    void completed(String method, String route, int status, long nanos);
}
