package io.switchboard.domain.common;

import java.util.List;
import java.util.function.Function;

/** One page of a longer, ordered list; `page` counts from 1. */
public record Page<T>(List<T> items, int page, int limit, long total) {
    public Page {
        items = List.copyOf(items);
        if (page < 1 || limit < 1 || total < 0) {
            throw new IllegalArgumentException("page and limit start at 1, total at 0");
        }
    }

    public long totalPages() {
        return (total + limit - 1) / limit;
    }

    public boolean hasNext() {
        return page < totalPages();
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    /** The zero-based index of this page's first item in the whole list. */
    public static long offset(int page, int limit) {
        return (long) (page - 1) * limit;
    }

    public <R> Page<R> map(Function<? super T, ? extends R> f) {
        return new Page<>(items.stream().<R>map(f).toList(), page, limit, total);
    }
}
