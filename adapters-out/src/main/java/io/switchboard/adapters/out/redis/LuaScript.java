package io.switchboard.adapters.out.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run atomically by Redis. It is sent by its SHA-1 ({@code EVALSHA}); when Redis does not know it
 * (first use, or after a restart emptied the script cache) it is sent whole once ({@code EVAL}, which caches it).
 */
final class LuaScript {
    private final String source;
    private final String sha;
    private final ScriptOutputType output;

    LuaScript(String source, ScriptOutputType output) {
        this.source = source;
        this.sha = sha1(source);
        this.output = output;
    }

    <T> T run(RedisClusterCommands<String, String> redis, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, output, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, output, keys, args);
        }
    }

    /** Caches the script in Redis (SCRIPT LOAD), so that later EVALSHAs find it. */
    void load(RedisClusterCommands<String, String> redis) {
        redis.scriptLoad(source);
    }

    /** As {@link #load}, without waiting (e.g. from a connection listener: queued before later commands). */
    void loadAsync(RedisClusterAsyncCommands<String, String> redis) {
        redis.scriptLoad(source);
    }

    /**
     * EVALSHA without blocking; on NOSCRIPT once EVAL. (Load the script first where order matters: an EVAL sent
     * after a NOSCRIPT goes behind commands sent meanwhile.)
     */
    <T> CompletableFuture<T> runAsync(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
        CompletableFuture<T> first = redis.<T>evalsha(sha, output, keys, args).toCompletableFuture();
        return first.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.<T>eval(source, output, keys, args).toCompletableFuture();
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
