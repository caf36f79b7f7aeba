package dev.nettyforensics.heap;

import java.util.List;

/**
 * A thread at dump time (from a ROOT THREAD OBJECT record and its STACK TRACE).
 *
 * @param serial      the dump's thread serial number
 * @param objectIndex index of the {@code java.lang.Thread} object, or -1 when not in the dump
 * @param frames      innermost first, not null, immutable; empty when the dump has no trace
 */
public record HeapThread(int serial, int objectIndex, List<HeapFrame> frames) {
    public HeapThread {
        frames = List.copyOf(frames);
    }
}
