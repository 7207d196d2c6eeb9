package org.openegate.gate.stats;

import java.util.List;

/**
 * One published count: crossings that share a value on every {@link Dimension}. Never fewer than k.
 *
 * @param values one per dimension, in {@link Dimension} order
 */
public record Cell(List<String> values, int count) {

    public Cell {
        values = List.copyOf(values);
        if (values.size() != Dimension.values().length) {
            throw new IllegalArgumentException("a cell has " + Dimension.values().length + " values, got " + values.size());
        }
    }

    public String value(Dimension dimension) {
        return values.get(dimension.ordinal());
    }
}
