package io.switchboard.domain.common;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain JSON trees (maps with string keys, lists, strings, numbers, booleans, null) without a JSON library:
 * an estimate of their compact serialized size and an immutable deep copy.
 */
public final class JsonTrees {
    private JsonTrees() {
    }

    /**
     * The UTF-8 size of the compact JSON text of {@code tree}, as a serializer writes it (no white space, the usual
     * escapes). Counting stops a little past {@code limit}, so a huge tree costs no more than a small one.
     *
     * @return the size, or some value greater than {@code limit} when the tree is larger
     * @throws IllegalArgumentException when the tree holds something that is not JSON
     */
    public static long serializedSize(Object tree, long limit) {
        Counter counter = new Counter(limit);
        counter.value(tree);
        return counter.size;
    }

    /**
     * An unmodifiable deep copy of a JSON object (null values are kept). A tree that came from here is returned as
     * it is, so passing a frozen tree along costs nothing.
     */
    public static Map<String, Object> immutableObject(Map<String, ?> object) {
        if (object instanceof FrozenObject frozen) {
            return frozen;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) freeze(object);
        return copy;
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys are strings");
                }
                copy.put(key, freeze(e.getValue()));
            }
            return new FrozenObject(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(freeze(item));
            }
            return Collections.unmodifiableList(copy);
        }
        checkScalar(value);
        return value;
    }

    private static void checkScalar(Object value) {
        if (value != null && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        }
    }

    /** A read-only JSON object; its values are frozen too. */
    private static final class FrozenObject extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        FrozenObject(Map<String, Object> entries) {
            this.entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    private static final class Counter {
        private final long limit;
        private long size;

        Counter(long limit) {
            this.limit = limit;
        }

        void value(Object value) {
            if (size > limit) {
                return;
            }
            if (value instanceof Map<?, ?> map) {
                size += 1; // {
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys are strings");
                    }
                    if (size > limit) {
                        return;
                    }
                    size += first ? 1 : 2; // colon, and a comma after the first member
                    first = false;
                    string(key);
                    value(e.getValue());
                }
                size += 1; // }
            } else if (value instanceof List<?> list) {
                size += 2 + (list.isEmpty() ? 0 : -1); // [ ] and, below, a comma before every item
                for (Object item : list) {
                    if (size > limit) {
                        return;
                    }
                    size += 1;
                    value(item);
                }
            } else if (value instanceof String s) {
                string(s);
            } else {
                checkScalar(value);
                size += String.valueOf(value).length(); // null, true, false, digits: all ASCII
            }
        }

        private void string(String s) {
            size += 2;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                    size += 2;
                } else if (c < 0x20) {
                    size += 6; // backslash, u, four hex digits
                } else if (Character.isSurrogate(c)) {
                    size += 2; // half of a 4-byte UTF-8 sequence (an unpaired one is written as '?' or escaped)
                } else {
                    size += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                }
            }
        }
    }
}
