package dev.nettyforensics.log;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A moment as the log wrote it: the wall-clock reading plus the zone offset when the layout
 * printed one. Most layouts print no zone, so comparing two timestamps compares wall clocks; that
 * is right for the logs of one host, which is the common case.
 *
 * @param wallMillis    the wall-clock reading as milliseconds since 1970-01-01T00:00 of that clock
 * @param offsetSeconds the printed zone offset, or null when the layout printed none
 * @param dateInferred  true when the layout printed only a time of day and the date was taken from
 *                      the file name or its modification time
 */
public record LogTimestamp(long wallMillis, Integer offsetSeconds, boolean dateInferred)
        implements Comparable<LogTimestamp> {

    /** The minute this moment falls in, as wall-clock millis (for per-minute timelines). */
    public long minute() {
        return Math.floorDiv(wallMillis, 60_000L) * 60_000L;
    }

    /** ISO-8601 text, e.g. {@code 2019-01-21T14:55:09.108} or {@code 2026-11-25T02:48:57.531Z}. */
    public String iso() {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(wallMillis, 1000L),
            (int) Math.floorMod(wallMillis, 1000L) * 1_000_000, ZoneOffset.UTC);
        String text = t.toLocalDate() + "T" + two(t.getHour()) + ":" + two(t.getMinute()) + ":"
            + two(t.getSecond()) + "." + three(t.getNano() / 1_000_000);
        if (offsetSeconds == null) {
            return text;
        }
        return text + ZoneOffset.ofTotalSeconds(offsetSeconds).getId();
    }

    @Override
    public int compareTo(LogTimestamp o) {
        return Long.compare(wallMillis, o.wallMillis);
    }

    @Override
    public String toString() {
        return iso();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String three(int v) {
        return v < 10 ? "00" + v : v < 100 ? "0" + v : Integer.toString(v);
    }
}
