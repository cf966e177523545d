package io.switchboard.adapters.out.redis;

import io.switchboard.adapters.out.pubsub.ChannelNaming;
import io.switchboard.domain.topic.Topic;
import io.switchboard.domain.topic.TopicPattern;

import java.util.ArrayList;
import java.util.List;

/**
 * The Redis channel names, in one place for the pub/sub and for any script that publishes (history):
 * <ul>
 *   <li>one Redis (PUBLISH/SUBSCRIBE/PSUBSCRIBE): {@code <prefix>t:<topic>} per topic, globs for patterns;</li>
 *   <li>Redis Cluster (SPUBLISH/SSUBSCRIBE, sharded pub/sub): one channel per topic partition,
 *       {@code <prefix>{t<n>}:pub}, tagged like every other key of the topic ({@link RedisKeys#topicTag}), so a
 *       script that stores a topic's history and publishes it touches one slot; a pattern subscribes to the one
 *       partition its literal prefix fixes ({@link RedisKeys#patternPartition}), else to all
 *       {@value RedisKeys#TOPIC_PARTITIONS} (costly: docs/scaling.md).</li>
 * </ul>
 */
public final class RedisChannels implements ChannelNaming {
    private final RedisKeys keys;
    private final boolean sharded;
    private final ChannelNaming perTopic;

    RedisChannels(RedisKeys keys, boolean sharded) {
        this.keys = keys;
        this.sharded = sharded;
        this.perTopic = ChannelNaming.prefixed(keys.prefix() + "t:");
    }

    /** The command that publishes on {@link #channel}: {@code SPUBLISH} on a cluster, else {@code PUBLISH}. */
    public String publishCommand() {
        return sharded ? "SPUBLISH" : "PUBLISH";
    }

    @Override
    public String channel(Topic topic) {
        return sharded ? keys.topicTag(topic.value()) + "pub" : perTopic.channel(topic);
    }

    @Override
    public Upstream upstream(TopicPattern pattern) {
        if (!sharded) {
            return perTopic.upstream(pattern);
        }
        int partition = RedisKeys.patternPartition(pattern.value());
        if (partition >= 0) {
            return new Upstream(List.of(partitionChannel(partition)), false);
        }
        List<String> all = new ArrayList<>(RedisKeys.TOPIC_PARTITIONS);
        for (int i = 0; i < RedisKeys.TOPIC_PARTITIONS; i++) {
            all.add(partitionChannel(i));
        }
        return new Upstream(all, false);
    }

    private String partitionChannel(int partition) {
        return keys.partitionTag(partition) + "pub";
    }
}
