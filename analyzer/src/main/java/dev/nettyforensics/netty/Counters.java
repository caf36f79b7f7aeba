package dev.nettyforensics.netty;

/**
 * Reads Netty's and the JDK's counter objects, whatever their shape: {@code AtomicLong}/{@code AtomicInteger}
 * ({@code value}), {@code LongAdder} and Netty's {@code LongAdderCounter} ({@code base} + Σ {@code cells[i].value}).
 * Stateless.
 */
final class Counters {
    private Counters() {
    }

    /** The counter's value; null when {@code counterId} is 0 or of an unknown shape. */
    static Long read(ObjectGraph g, long counterId) {
        if (counterId == 0) {
            return null;
        }
        Long value = g.number(counterId, "value");
        if (value != null) {
            return value;
        }
        Long base = g.number(counterId, "base");
        if (base == null) {
            return null;
        }
        long sum = base;
        long cells = g.ref(counterId, "cells");
        if (cells != 0) {
            for (long cell : g.objectArray(cells)) {
                Long v = cell == 0 ? null : g.number(cell, "value");
                sum += v == null ? 0 : v;
            }
        }
        return sum;
    }

    /** A field that is either a primitive number or a counter object; null when neither. */
    static Long readNumberOrCounter(ObjectGraph g, long objectId, String field) {
        Long primitive = g.number(objectId, field);
        if (primitive != null) {
            return primitive;
        }
        return read(g, g.ref(objectId, field));
    }
}
