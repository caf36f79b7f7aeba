package dev.nettyforensics.log;

/**
 * Recognises a record header by the timestamp at the start of a line, on raw bytes, without
 * regular expressions or allocation: this runs on every line of multi-gigabyte logs
 * (log-formats.md §6: hand-written sniffing keeps the reader above 300 MB/s per core).
 *
 * <p>Not thread safe: one instance per reader, results are in its fields after a successful
 * {@link #sniff}.
 */
final class TimestampSniffer {
    static final int NO_OFFSET = Integer.MIN_VALUE;

    private static final byte[][] MONTHS = {
        b("Jan"), b("Feb"), b("Mar"), b("Apr"), b("May"), b("Jun"),
        b("Jul"), b("Aug"), b("Sep"), b("Oct"), b("Nov"), b("Dec"),
    };
    private static final byte[][] LEVELS = {
        b("TRACE"), b("DEBUG"), b("INFO"), b("WARN"), b("ERROR"), b("FATAL"),
    };

    /** Wall-clock millis; for {@link HeaderShape#TIME_OF_DAY} only the millis of the day. */
    long wallMillis;
    /** Printed zone offset in seconds, or {@link #NO_OFFSET}. */
    int offsetSeconds;
    /** Index just after the timestamp (after the closing bracket for bracketed shapes). */
    int end;

    private final boolean jsonLines;

    TimestampSniffer(boolean jsonLines) {
        this.jsonLines = jsonLines;
    }

    /** The header shape this line starts with, or null when it does not start a timestamped record. */
    HeaderShape sniff(byte[] b, int p, int limit) {
        if (p >= limit) {
            return null;
        }
        offsetSeconds = NO_OFFSET;
        int c = b[p];
        if (c >= '0' && c <= '9') {
            if (isoAt(b, p, limit)) {
                return HeaderShape.ISO_DATE_TIME;
            }
            if (timeOfDayAt(b, p, limit)) {
                return HeaderShape.TIME_OF_DAY;
            }
            if (tomcatAt(b, p, limit)) {
                return HeaderShape.TOMCAT;
            }
            if (slashedAt(b, p, limit)) {
                return HeaderShape.SLASHED_DATE_TIME;
            }
            return null;
        }
        if (c == '[') {
            if (isoAt(b, p + 1, limit) && end < limit && b[end] == ']') {
                end++;
                return HeaderShape.BRACKETED_DATE_TIME;
            }
            return null;
        }
        if (c == '{') {
            // In a text log a '{' line is usually a payload, unless it carries a timestamp field: then the
            // application restarted with a JSON layout.
            if (jsonLines || hasTimestampKey(b, p, Math.min(limit, p + 256))) {
                end = p;
                return HeaderShape.JSON;
            }
            return null;
        }
        if (c >= 'A' && c <= 'Z') {
            if (julAt(b, p, limit)) {
                return HeaderShape.JUL_TWO_LINE;
            }
            int afterLevel = levelEnd(b, p, limit);
            if (afterLevel > 0) {
                int q = afterLevel;
                while (q < limit && b[q] == ' ') {
                    q++;
                }
                if (q > afterLevel && isoAt(b, q, limit)) {
                    return HeaderShape.LEVEL_THEN_DATE_TIME;
                }
            }
        }
        return null;
    }

    /** True when an ISO date-time starts at {@code p}; fills {@link #wallMillis} and {@link #offsetSeconds}. */
    boolean isoDateTimeAt(byte[] b, int p, int limit) {
        offsetSeconds = NO_OFFSET;
        return isoAt(b, p, limit);
    }

    /** yyyy-MM-dd[ T]HH:mm:ss[(.|,|:)fraction][Z|±hh[:]mm], then a separator. */
    private boolean isoAt(byte[] b, int p, int limit) {
        if (p + 19 > limit || b[p + 4] != '-' || b[p + 7] != '-' || b[p + 13] != ':' || b[p + 16] != ':'
                || (b[p + 10] != ' ' && b[p + 10] != 'T')) {
            return false;
        }
        int year = digits(b, p, 4);
        int month = digits(b, p + 5, 2);
        int day = digits(b, p + 8, 2);
        int hour = digits(b, p + 11, 2);
        int minute = digits(b, p + 14, 2);
        int second = digits(b, p + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return false;
        }
        int q = p + 19;
        int millis = 0;
        if (q + 1 < limit && (b[q] == '.' || b[q] == ',' || b[q] == ':') && isDigit(b[q + 1])) {
            q++;
            int n = 0;
            while (q < limit && isDigit(b[q])) {
                if (n < 3) {
                    millis = millis * 10 + (b[q] - '0');
                }
                n++;
                q++;
            }
            for (; n < 3; n++) {
                millis *= 10;
            }
        }
        if (q < limit && b[q] == 'Z') {
            offsetSeconds = 0;
            q++;
        } else if (q + 3 <= limit && (b[q] == '+' || b[q] == '-')) {
            int oh = digits(b, q + 1, 2);
            int om = -1;
            int after = -1;
            if (q + 6 <= limit && b[q + 3] == ':') {
                om = digits(b, q + 4, 2);
                after = q + 6;
            } else if (q + 5 <= limit) {
                om = digits(b, q + 3, 2);
                after = q + 5;
            }
            if (oh >= 0 && oh <= 18 && om >= 0) {
                offsetSeconds = (b[q] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                q = after;
            }
        }
        if (q < limit && isWordChar(b[q])) {
            return false;
        }
        wallMillis = epochMillis(year, month, day, hour, minute, second, millis);
        end = q;
        return true;
    }

    /** HH:mm:ss(.|,)SSS followed by a space (Logback/Log4j2 defaults). */
    private boolean timeOfDayAt(byte[] b, int p, int limit) {
        if (p + 13 > limit || b[p + 2] != ':' || b[p + 5] != ':' || (b[p + 8] != '.' && b[p + 8] != ',')
                || b[p + 12] != ' ') {
            return false;
        }
        int hour = digits(b, p, 2);
        int minute = digits(b, p + 3, 2);
        int second = digits(b, p + 6, 2);
        int millis = digits(b, p + 9, 3);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || millis < 0) {
            return false;
        }
        wallMillis = ((hour * 60L + minute) * 60 + second) * 1000 + millis;
        end = p + 12;
        return true;
    }

    /** dd-MMM-yyyy HH:mm:ss[.SSS]. */
    private boolean tomcatAt(byte[] b, int p, int limit) {
        if (p + 20 > limit || b[p + 2] != '-' || b[p + 6] != '-' || b[p + 11] != ' ' || b[p + 14] != ':'
                || b[p + 17] != ':') {
            return false;
        }
        int month = monthAt(b, p + 3);
        int day = digits(b, p, 2);
        int year = digits(b, p + 7, 4);
        int hour = digits(b, p + 12, 2);
        int minute = digits(b, p + 15, 2);
        int second = digits(b, p + 18, 2);
        if (month < 1 || day < 1 || day > 31 || year < 0 || hour < 0 || hour > 23 || minute < 0 || second < 0) {
            return false;
        }
        int q = p + 20;
        int millis = 0;
        if (q + 4 <= limit && b[q] == '.' && digits(b, q + 1, 3) >= 0) {
            millis = digits(b, q + 1, 3);
            q += 4;
        }
        if (q < limit && b[q] != ' ') {
            return false;
        }
        wallMillis = epochMillis(year, month, day, hour, minute, second, millis);
        end = q;
        return true;
    }

    /** yy/MM/dd HH:mm:ss or yyyy/MM/dd HH:mm:ss. */
    private boolean slashedAt(byte[] b, int p, int limit) {
        int yearDigits = p + 4 < limit && b[p + 4] == '/' ? 4 : 2;
        int q = p + yearDigits;
        if (q + 15 > limit || b[q] != '/' || b[q + 3] != '/' || b[q + 6] != ' ' || b[q + 9] != ':'
                || b[q + 12] != ':') {
            return false;
        }
        int year = digits(b, p, yearDigits);
        int month = digits(b, q + 1, 2);
        int day = digits(b, q + 4, 2);
        int hour = digits(b, q + 7, 2);
        int minute = digits(b, q + 10, 2);
        int second = digits(b, q + 13, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || second < 0) {
            return false;
        }
        int r = q + 15;
        int millis = 0;
        if (r + 4 <= limit && (b[r] == '.' || b[r] == ',') && digits(b, r + 1, 3) >= 0) {
            millis = digits(b, r + 1, 3);
            r += 4;
        }
        if (r < limit && b[r] != ' ') {
            return false;
        }
        wallMillis = epochMillis(yearDigits == 2 ? 2000 + year : year, month, day, hour, minute, second, millis);
        end = r;
        return true;
    }

    /** MMM d, yyyy h:mm:ss AM|PM (JUL SimpleFormatter, English locale). */
    private boolean julAt(byte[] b, int p, int limit) {
        if (p + 20 > limit || b[p + 3] != ' ') {
            return false;
        }
        int month = monthAt(b, p);
        if (month < 1) {
            return false;
        }
        int q = p + 4;
        int day = 0;
        int n = 0;
        while (q < limit && isDigit(b[q]) && n < 2) {
            day = day * 10 + b[q++] - '0';
            n++;
        }
        if (n == 0 || q + 8 > limit || b[q] != ',' || b[q + 1] != ' ') {
            return false;
        }
        int year = digits(b, q + 2, 4);
        q += 6;
        if (year < 0 || b[q] != ' ') {
            return false;
        }
        q++;
        int hour = 0;
        n = 0;
        while (q < limit && isDigit(b[q]) && n < 2) {
            hour = hour * 10 + b[q++] - '0';
            n++;
        }
        if (n == 0 || q + 9 > limit || b[q] != ':' || b[q + 3] != ':' || b[q + 6] != ' ' || b[q + 8] != 'M') {
            return false;
        }
        int minute = digits(b, q + 1, 2);
        int second = digits(b, q + 4, 2);
        boolean pm = b[q + 7] == 'P';
        if (minute < 0 || second < 0 || (!pm && b[q + 7] != 'A') || hour < 1 || hour > 12) {
            return false;
        }
        hour = hour % 12 + (pm ? 12 : 0);
        wallMillis = epochMillis(year, month, day, hour, minute, second, 0);
        end = q + 9;
        return true;
    }

    private static final byte[] AT_TIMESTAMP_KEY = b("\"@timestamp\":\"");

    private static boolean hasTimestampKey(byte[] b, int p, int limit) {
        for (int i = p; i + AT_TIMESTAMP_KEY.length <= limit; i++) {
            if (b[i] == '"' && regionEquals(b, i, AT_TIMESTAMP_KEY)) {
                return true;
            }
        }
        return false;
    }

    private static int levelEnd(byte[] b, int p, int limit) {
        for (byte[] level : LEVELS) {
            if (p + level.length < limit && regionEquals(b, p, level) && b[p + level.length] == ' ') {
                return p + level.length;
            }
        }
        return -1;
    }

    private static int monthAt(byte[] b, int p) {
        for (int i = 0; i < MONTHS.length; i++) {
            if (regionEquals(b, p, MONTHS[i])) {
                return i + 1;
            }
        }
        return -1;
    }

    static boolean regionEquals(byte[] b, int p, byte[] what) {
        if (p + what.length > b.length) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (b[p + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static int digits(byte[] b, int p, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = b[p + i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis) {
        return (((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000L + millis;
    }

    /** Howard Hinnant's days_from_civil: proleptic Gregorian date to days since 1970-01-01. */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
