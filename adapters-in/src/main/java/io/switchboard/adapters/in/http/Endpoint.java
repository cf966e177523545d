package io.switchboard.adapters.in.http;

/** One route's behaviour. Expected failures are thrown as domain Failures; the handler maps them once. */
@FunctionalInterface
interface Endpoint {
    Reply handle(HttpCall call) throws Exception;
}
