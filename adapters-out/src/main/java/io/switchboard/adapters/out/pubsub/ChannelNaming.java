package io.switchboard.adapters.out.pubsub;

import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.util.List;

/**
 * The one place that names broker channels: the channel a publication on a topic goes to, and what to subscribe to
 * for a local subscription pattern. {@link #prefixed} is one channel per topic with globs for patterns (Redis
 * PUBLISH/PSUBSCRIBE); a sharded broker names a fixed number of partition channels instead (RedisChannels in the
 * Redis adapter), so a script that stores a topic's history can publish on the channel in the same slot.
 */
public interface ChannelNaming {
    /** The channel a publication on {@code topic} is sent to. */
    String channel(Topic topic);

    /** What covers every topic {@code pattern} matches: exact channels, or globs. */
    Upstream upstream(TopicPattern pattern);

    /** Channel names or globs ({@code *} any characters); what they let through beyond the pattern the hub filters. */
    record Upstream(List<String> names, boolean globs) {
        public Upstream {
            names = List.copyOf(names);
        }
    }

    /**
     * One channel {@code <prefix><topic>} per topic; an exact pattern subscribes to its channel, a wildcard pattern
     * to a glob covering it (the literal prefix up to the first wildcard, then {@code *}; {@code a.**} uses
     * {@code a*}, which also covers the bare topic {@code a}).
     */
    static ChannelNaming prefixed(String channelPrefix) {
        return new ChannelNaming() {
            @Override
            public String channel(Topic topic) {
                return channelPrefix + topic.value();
            }

            @Override
            public Upstream upstream(TopicPattern pattern) {
                if (pattern.isExact()) {
                    return new Upstream(List.of(channelPrefix + pattern.value()), false);
                }
                StringBuilder glob = new StringBuilder(channelPrefix);
                int i = 0;
                for (; i < pattern.size(); i++) {
                    String segment = pattern.segment(i);
                    if (TopicPattern.isWildcard(segment)) {
                        break;
                    }
                    glob.append(segment).append('.');
                }
                if (i > 0 && TopicPattern.isAny(pattern.segment(i))) {
                    // `a.**` also matches the bare topic `a` (`**` is zero or more segments): `a*` covers it; what
                    // else it lets through (e.g. `ab`) the local index filters out.
                    glob.setLength(glob.length() - 1);
                }
                // Topic characters [A-Za-z0-9_:-] and '.' are not special in Redis globs: no escaping needed.
                return new Upstream(List.of(glob.append('*').toString()), true);
            }
        };
    }
}
