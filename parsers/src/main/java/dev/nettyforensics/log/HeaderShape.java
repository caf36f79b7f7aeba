package dev.nettyforensics.log;

/**
 * How a record's first line starts: the timestamp shape of a layout (log-formats.md §1.1), or the
 * two record starters that have no timestamp. The shape is judged per line, so a file whose layout
 * changes after a restart is still split correctly.
 */
public enum HeaderShape {
    /** {@code 2019-01-21 14:55:09,108}, {@code 2026-11-25T02:48:57.531Z}, {@code …+02:00}: Logback %d, Spring Boot, ISO. */
    ISO_DATE_TIME("date-time"),
    /** {@code [2025-06-01 09:15:02.117]}: Spring Boot's JUL formatter and bracketed custom patterns. */
    BRACKETED_DATE_TIME("[date-time]"),
    /** {@code ERROR 2019-07-11T03:16:07,856}: level first, then an ISO timestamp. */
    LEVEL_THEN_DATE_TIME("level date-time"),
    /** {@code 14:07:12.345 [thread]}: Logback and Log4j2 defaults; the date comes from the file. */
    TIME_OF_DAY("time-of-day"),
    /** {@code 25-Nov-2026 02:50:58.113}: Tomcat's OneLineFormatter. */
    TOMCAT("tomcat"),
    /** {@code 17/06/09 20:10:40} or {@code 2017/06/09 20:10:40}: Spark and other log4j-1 patterns. */
    SLASHED_DATE_TIME("slashed date-time"),
    /** {@code Nov 25, 2026 2:50:58 AM source}, then {@code LEVEL: message}: JUL's SimpleFormatter. */
    JUL_TWO_LINE("jul two-line"),
    /** One JSON object per line (logstash-logback-encoder, ECS, Log4j2 JSON template). */
    JSON("json lines"),
    /** A stack trace or message with no header at all (raw stderr, {@code %m%n}). */
    NONE("no header");

    private final String label;

    HeaderShape(String label) {
        this.label = label;
    }

    /** Short human name used in report notes. */
    public String label() {
        return label;
    }
}
