package dev.nettyforensics.log;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams one log file into records (log-formats.md §7): gzip by magic, charset detection or
 * override, BOM, CRLF, ANSI colours, Docker json-file and CRI envelopes, then record splitting by
 * header rule: a record starts at a timestamped header line (any known shape, judged per line so a
 * restart with another layout is still split right), at {@code Exception in thread "…"}, or at a
 * column-0 throwable line when the current record already has one (a stack trace written to
 * stderr without a header). Everything else (frames, {@code Caused by:}, LEAK sections, hex dumps,
 * blank lines) continues the current record, so LEAK reports and stack traces stay whole.
 *
 * <p>Memory is bounded by the read buffer plus one record (see {@link LogReadOptions}); only
 * records the {@link RecordFilter} accepts become {@code String}s. Never throws for bad content:
 * overlong lines, caps, corrupt gzip and undecodable bytes become {@link LogDiagnostic}s.
 * Not thread safe; use one reader per file (files can be read in parallel).
 */
public final class LogReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SAMPLE_BYTES = 64 * 1024;
    private static final int MAX_DIAGNOSTICS = 50;
    private static final Pattern DATE_IN_NAME = Pattern.compile("(20\\d\\d)-?(\\d\\d)-?(\\d\\d)");
    private static final byte[] DOCKER_PREFIX = "{\"log\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TS_KEY = "timestamp\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME_KEY = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int ENVELOPE_NONE = 0;
    private static final int ENVELOPE_DOCKER = 1;
    private static final int ENVELOPE_CRI = 2;

    private final Path file;
    private final LogReadOptions options;
    private final RecordFilter filter;
    private final Consumer<LogRecord> sink;

    private InputStream in;
    private LogContentStream content;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    private Charset charset;
    private boolean ansi;
    private int envelope;
    private boolean headerMode;
    private TimestampSniffer sniffer;

    private long lineNo;
    private long contentOffset;

    private byte[] scratch = new byte[4096];
    private byte[] ansiScratch = new byte[4096];
    private byte[] partial = new byte[0];
    private int partialLen;
    private long partialLine = -1;
    private long partialOffset;

    private boolean recOpen;
    private byte[] recBuf = new byte[1 << 16];
    private int recLen;
    private int recLines;
    private long recStartLine;
    private long recStartOffset;
    private HeaderShape recShape;
    private LogTimestamp recTime;
    private int recTsEnd;
    private boolean recHit;
    private boolean recHasThrowable;
    private boolean recCapped;

    private long records;
    private long materialised;
    private final long[] shapeCounts = new long[HeaderShape.values().length];
    private HeaderShape lastShape;
    private final List<Long> layoutChanges = new ArrayList<>();
    private LogTimestamp first;
    private LogTimestamp last;
    private final List<LogDiagnostic> diagnostics = new ArrayList<>();
    private int suppressedDiagnostics;
    private long binaryLines;
    private long cappedRecords;
    private long longLines;

    private long baseDayMillis = Long.MIN_VALUE;
    private int lastTimeOfDay = -1;
    private long dayShift;

    private LogReader(Path file, LogReadOptions options, RecordFilter filter, Consumer<LogRecord> sink) {
        this.file = file;
        this.options = options;
        this.filter = filter;
        this.sink = sink;
    }

    /**
     * Reads one file to its end, handing interesting records to {@code sink} in file order.
     *
     * @param file    a regular file, not null
     * @param options limits and charset override, not null
     * @param filter  decides which records are materialised, not null
     * @param sink    receives records, not null; exceptions it throws propagate
     * @return what was read, never null
     * @throws IOException only when the file cannot be opened or read at all
     */
    public static LogFileSummary read(Path file, LogReadOptions options, RecordFilter filter, Consumer<LogRecord> sink)
            throws IOException {
        return new LogReader(file, options, filter, sink).run();
    }

    /** The first header timestamp in the file's first MiB, or null: how rotated sets are ordered. */
    public static LogTimestamp peekFirstTimestamp(Path file, LogReadOptions options) {
        try {
            return read(file, options.withMaxContentBytes(1 << 20), (b, f, t) -> false, r -> { }).first();
        } catch (IOException e) {
            return null;
        }
    }

    private LogFileSummary run() throws IOException {
        long size = Files.size(file);
        content = LogContentStream.open(file);
        // Inflating is as costly as splitting: do it on a second core, a few MiB ahead.
        in = content.gzip() ? new ReadAheadStream(content) : content;
        buf = new byte[Math.max(4 << 20, options.maxLineBytes() * 2)];
        try {
            fillSample();
            detect();
            loop();
            finishRecord();
        } finally {
            in.close();
        }
        boolean truncated = content.truncation() != null || contentOffset >= options.maxContentBytes();
        if (content.truncation() != null) {
            diagnostics.add(0, LogDiagnostic.warning(file + ": " + content.truncation() + " (" + contentOffset
                + " content bytes, " + lineNo + " lines)"));
        }
        if (binaryLines > 0) {
            addDiagnostic(LogDiagnostic.warning(file + ": " + binaryLines
                + " lines start with control bytes (binary data?); kept as record text, matched no header"));
        }
        if (suppressedDiagnostics > 0) {
            diagnostics.add(LogDiagnostic.info(file + ": " + suppressedDiagnostics + " more diagnostics of the kinds above"));
        }
        Map<String, Long> shapes = new LinkedHashMap<>();
        for (HeaderShape s : HeaderShape.values()) {
            if (shapeCounts[s.ordinal()] > 0) {
                shapes.put(s.label(), shapeCounts[s.ordinal()]);
            }
        }
        String envelopeName = envelope == ENVELOPE_DOCKER ? "docker-json" : envelope == ENVELOPE_CRI ? "cri" : "none";
        return new LogFileSummary(file, size, content.gzip(), truncated, charset.name(), envelopeName, shapes,
            layoutChanges, contentOffset, lineNo, records, materialised, first, last, diagnostics);
    }

    // ---- input -------------------------------------------------------------------------------

    private void fillSample() throws IOException {
        while (limit < SAMPLE_BYTES && !eof) {
            fill();
        }
    }

    /** Moves unread bytes to the front and reads more; sets {@link #eof} at the end of content. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            return;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    private void detect() throws IOException {
        Charset forced = options.charset();
        boolean utf16Bom = limit >= 2 && ((buf[0] & 0xff) == 0xfe && (buf[1] & 0xff) == 0xff
            || (buf[0] & 0xff) == 0xff && (buf[1] & 0xff) == 0xfe);
        boolean forcedWide = forced != null && (forced.name().startsWith("UTF-16") || forced.name().startsWith("UTF-32"));
        if (utf16Bom || forcedWide) {
            Charset wide = forcedWide ? forced : (buf[0] & 0xff) == 0xfe ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
            int skip = utf16Bom ? 2 : 0;
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(buf.clone(), skip, limit - skip), in);
            in = LogContentStream.utf16AsUtf8(rest, wide);
            pos = 0;
            limit = 0;
            eof = false;
            fillSample();
            addDiagnostic(LogDiagnostic.info(file + ": " + wide.name() + " text, re-encoded as UTF-8 for reading"));
            charset = StandardCharsets.UTF_8;
        } else if (limit >= 3 && (buf[0] & 0xff) == 0xef && (buf[1] & 0xff) == 0xbb && (buf[2] & 0xff) == 0xbf) {
            pos = 3;
            contentOffset = 3;
            charset = StandardCharsets.UTF_8;
        }
        if (charset == null) {
            if (forced != null) {
                charset = forced;
            } else {
                CharsetDetector.Detected d = CharsetDetector.detect(buf, pos, Math.min(limit, pos + SAMPLE_BYTES));
                charset = d.charset();
                if (d.invalidBytes() > 0) {
                    addDiagnostic(LogDiagnostic.warning(file + ": " + d.invalidBytes() + " bytes in the first 64 KiB are not valid "
                        + charset.name() + "; they are shown as replacement characters (use --log-charset to force another)"));
                }
            }
        }
        int sampleEnd = Math.min(limit, pos + SAMPLE_BYTES);
        int firstLineEnd = indexOfNewline(buf, pos, sampleEnd);
        int fle = firstLineEnd < 0 ? sampleEnd : firstLineEnd;
        if (startsWith(buf, pos, fle, DOCKER_PREFIX)) {
            envelope = ENVELOPE_DOCKER;
        } else if (isCriLine(buf, pos, fle)) {
            envelope = ENVELOPE_CRI;
        }
        for (int i = pos; i < sampleEnd; i++) {
            if (buf[i] == 0x1b && i + 1 < sampleEnd && buf[i + 1] == '[') {
                ansi = true;
                break;
            }
        }
        // Decide JSON lines and header mode from the sample's logical lines.
        int jsonLines = 0;
        int nonBlank = 0;
        int headers = 0;
        TimestampSniffer probe = new TimestampSniffer(false);
        int p = pos;
        int sampledLines = 0;
        while (p < sampleEnd && sampledLines < 2_000) {
            int nl = indexOfNewline(buf, p, sampleEnd);
            if (nl < 0) {
                if (!eof) {
                    break;
                }
                nl = sampleEnd;
            }
            int e = nl > p && buf[nl - 1] == '\r' ? nl - 1 : nl;
            byte[] a = buf;
            int from = p;
            int to = e;
            if (envelope == ENVELOPE_DOCKER) {
                int n = unwrapDocker(buf, p, e);
                if (n >= 0) {
                    a = scratch;
                    from = 0;
                    to = n;
                    if (to > 0 && a[to - 1] == '\n') {
                        to--;
                    }
                }
            } else if (envelope == ENVELOPE_CRI) {
                int c = criContentStart(buf, p, e);
                if (c >= 0) {
                    from = c;
                }
            }
            if (to > from) {
                nonBlank++;
                if (a[from] == '{') {
                    jsonLines++;
                }
                if (a[from] != ' ' && a[from] != '\t' && probe.sniff(a, from, to) != null) {
                    headers++;
                }
            }
            sampledLines++;
            p = nl + 1;
        }
        boolean json = nonBlank > 0 && jsonLines * 10 >= nonBlank * 6;
        sniffer = new TimestampSniffer(json);
        headerMode = json || headers > 0;
        if (!headerMode && nonBlank > 0) {
            addDiagnostic(LogDiagnostic.info(file + ": no timestamped header in the first lines; records are split by"
                + " exception grammar only"));
        }
        Matcher m = DATE_IN_NAME.matcher(file.getFileName().toString());
        try {
            if (m.find()) {
                baseDayMillis = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))).toEpochDay() * 86_400_000L;
            } else {
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                baseDayMillis = LocalDate.ofInstant(modified, ZoneId.systemDefault()).toEpochDay() * 86_400_000L;
            }
        } catch (RuntimeException | IOException e) {
            baseDayMillis = 0;
        }
    }

    // ---- lines -------------------------------------------------------------------------------

    private void loop() throws IOException {
        while (true) {
            int nl = indexOfNewline(buf, pos, limit);
            if (nl < 0) {
                if (eof) {
                    if (pos < limit) {
                        physicalLine(pos, limit);
                        contentOffset += limit - pos;
                        pos = limit;
                    }
                    return;
                }
                if (limit - pos >= options.maxLineBytes()) {
                    overlongLine();
                    continue;
                }
                fill();
                continue;
            }
            physicalLine(pos, nl);
            contentOffset += nl + 1 - pos;
            pos = nl + 1;
            if (contentOffset >= options.maxContentBytes()) {
                return;
            }
        }
    }

    /** Keeps the first {@code maxLineBytes} of a line and skips the rest without holding it. */
    private void overlongLine() throws IOException {
        int keep = options.maxLineBytes();
        long startLine = lineNo + 1;
        physicalLine(pos, pos + keep);
        long skipped = limit - pos - keep;
        contentOffset += limit - pos;
        pos = limit;
        while (true) {
            fill();
            int nl = indexOfNewline(buf, pos, limit);
            if (nl >= 0) {
                skipped += nl - pos;
                contentOffset += nl + 1 - pos;
                pos = nl + 1;
                break;
            }
            skipped += limit - pos;
            contentOffset += limit - pos;
            pos = limit;
            if (eof) {
                break;
            }
        }
        longLines++;
        addDiagnostic(LogDiagnostic.warning(file + ": line " + startLine + " is longer than " + keep
            + " bytes; kept the first " + keep + " bytes and skipped " + skipped + " more"));
    }

    private void physicalLine(int s, int e) {
        lineNo++;
        long offset = contentOffset;
        if (e > s && buf[e - 1] == '\r') {
            e--;
        }
        byte[] a = buf;
        int from = s;
        int to = e;
        long line = lineNo;
        if (envelope == ENVELOPE_DOCKER) {
            int n = unwrapDocker(buf, s, e);
            if (n >= 0) {
                boolean complete = n > 0 && scratch[n - 1] == '\n';
                if (complete) {
                    n--;
                    if (n > 0 && scratch[n - 1] == '\r') {
                        n--;
                    }
                }
                if (!complete || partialLen > 0) {
                    appendPartial(scratch, 0, n, line, offset);
                    if (!complete) {
                        return;
                    }
                    a = partial;
                    from = 0;
                    to = partialLen;
                    line = partialLine;
                    offset = partialOffset;
                    partialLen = 0;
                    partialLine = -1;
                } else {
                    a = scratch;
                    from = 0;
                    to = n;
                }
            }
        } else if (envelope == ENVELOPE_CRI) {
            int c = criContentStart(buf, s, e);
            if (c >= 0) {
                boolean partialTag = buf[c - 2] == 'P';
                if (partialTag || partialLen > 0) {
                    appendPartial(buf, c, e, line, offset);
                    if (partialTag) {
                        return;
                    }
                    a = partial;
                    from = 0;
                    to = partialLen;
                    line = partialLine;
                    offset = partialOffset;
                    partialLen = 0;
                    partialLine = -1;
                } else {
                    from = c;
                }
            }
        }
        if (ansi) {
            int n = stripAnsi(a, from, to);
            if (n >= 0) {
                a = ansiScratch;
                from = 0;
                to = n;
            }
        }
        logicalLine(a, from, to, line, offset);
    }

    private void appendPartial(byte[] a, int from, int to, long line, long offset) {
        if (partialLine < 0) {
            partialLine = line;
            partialOffset = offset;
        }
        int n = Math.min(to - from, options.maxLineBytes() - partialLen);
        if (n <= 0) {
            return;
        }
        if (partial.length < partialLen + n) {
            partial = java.util.Arrays.copyOf(partial, Math.max(partialLen + n, partial.length * 2));
        }
        System.arraycopy(a, from, partial, partialLen, n);
        partialLen += n;
    }

    private void logicalLine(byte[] a, int from, int to, long line, long offset) {
        boolean column0 = from < to && a[from] != ' ' && a[from] != '\t';
        if (column0) {
            int c = a[from] & 0xff;
            if (c < 0x20 && c != 0x1b) {
                binaryLines++;
            }
            HeaderShape shape = sniffer.sniff(a, from, to);
            if (shape != null) {
                startRecord(shape, line, offset, a, from, to);
                appendLine(a, from, to);
                return;
            }
            if (startsThrowable(a, from, to)) {
                if (!recOpen || recHasThrowable) {
                    startRecord(HeaderShape.NONE, line, offset, a, from, to);
                }
                recHasThrowable = true;
                appendLine(a, from, to);
                return;
            }
            if (!headerMode && !continuationMarker(a, from, to)) {
                startRecord(HeaderShape.NONE, line, offset, a, from, to);
                appendLine(a, from, to);
                return;
            }
        }
        if (!recOpen) {
            startRecord(HeaderShape.NONE, line, offset, a, from, to);
        }
        appendLine(a, from, to);
    }

    // ---- records -----------------------------------------------------------------------------

    private void startRecord(HeaderShape shape, long line, long offset, byte[] a, int from, int to) {
        finishRecord();
        recOpen = true;
        recLen = 0;
        recLines = 0;
        recStartLine = line;
        recStartOffset = offset;
        recShape = shape;
        recHit = false;
        recHasThrowable = false;
        recCapped = false;
        recTime = null;
        recTsEnd = 0;
        records++;
        shapeCounts[shape.ordinal()]++;
        if (shape != HeaderShape.NONE) {
            if (lastShape != null && shape != lastShape && layoutChanges.size() < 100) {
                layoutChanges.add(line);
            }
            lastShape = shape;
            recTime = timestampOf(shape, a, from, to);
            recTsEnd = sniffer.end - from;
            if (recTime != null) {
                if (first == null || recTime.compareTo(first) < 0) {
                    first = recTime;
                }
                if (last == null || recTime.compareTo(last) > 0) {
                    last = recTime;
                }
            }
        }
    }

    private LogTimestamp timestampOf(HeaderShape shape, byte[] a, int from, int to) {
        if (shape == HeaderShape.JSON) {
            int scanEnd = Math.min(to, from + 512);
            int k = indexOf(a, from, scanEnd, TS_KEY);
            int start = k >= 0 ? k + TS_KEY.length : -1;
            if (start < 0) {
                k = indexOf(a, from, scanEnd, TIME_KEY);
                start = k >= 0 ? k + TIME_KEY.length : -1;
            }
            int end = sniffer.end;
            if (start >= 0 && sniffer.isoDateTimeAt(a, start, to)) {
                LogTimestamp t = new LogTimestamp(sniffer.wallMillis, offsetOrNull(), false);
                sniffer.end = end;
                return t;
            }
            return null;
        }
        if (shape == HeaderShape.TIME_OF_DAY) {
            int tod = (int) sniffer.wallMillis;
            if (lastTimeOfDay >= 0 && tod < lastTimeOfDay - 12 * 3_600_000) {
                dayShift++; // past midnight
            }
            lastTimeOfDay = tod;
            return new LogTimestamp(baseDayMillis + dayShift * 86_400_000L + tod, null, true);
        }
        return new LogTimestamp(sniffer.wallMillis, offsetOrNull(), false);
    }

    private Integer offsetOrNull() {
        return sniffer.offsetSeconds == TimestampSniffer.NO_OFFSET ? null : sniffer.offsetSeconds;
    }

    private void appendLine(byte[] a, int from, int to) {
        // The timestamp of a header line cannot hold anything a filter looks for: skip it.
        int scanFrom = from;
        if (recLines == 0 && recTsEnd > 0) {
            scanFrom = Math.min(to, from + recTsEnd);
            while (scanFrom < to && (a[scanFrom] == ' ' || a[scanFrom] == '\t')) {
                scanFrom++;
            }
        }
        if (!recHit && filter.interesting(a, scanFrom, to)) {
            recHit = true;
        }
        recLines++;
        if (recCapped) {
            return;
        }
        int need = recLen + (to - from) + 1;
        if (recLines > options.maxRecordLines() || need > options.maxRecordBytes()) {
            recCapped = true;
            cappedRecords++;
            addDiagnostic(LogDiagnostic.warning(file + ": record at line " + recStartLine + " is longer than "
                + options.maxRecordLines() + " lines or " + options.maxRecordBytes() + " bytes; kept its first part"));
            return;
        }
        if (need > recBuf.length) {
            recBuf = java.util.Arrays.copyOf(recBuf, Math.min(options.maxRecordBytes(), Math.max(need, recBuf.length * 2)));
        }
        if (recLen > 0) {
            recBuf[recLen++] = '\n';
        }
        System.arraycopy(a, from, recBuf, recLen, to - from);
        recLen += to - from;
    }

    private void finishRecord() {
        if (!recOpen) {
            return;
        }
        recOpen = false;
        if (!recHit) {
            return;
        }
        materialised++;
        LogRecord record = LogRecordBuilder.build(new LogProvenance(file, recStartLine, recStartOffset), recShape,
            recTime, new String(recBuf, 0, recLen, charset), recTsEnd, recCapped);
        sink.accept(record);
        if (recBuf.length > (1 << 20)) {
            recBuf = new byte[1 << 16]; // give a huge record's buffer back
        }
    }

    // ---- byte-level helpers ------------------------------------------------------------------

    /** A column-0 throwable line: {@code Exception in thread "} or {@code pkg.NameException[: …]}. */
    static boolean startsThrowable(byte[] a, int from, int to) {
        int c = a[from];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$')) {
            return false;
        }
        if (c == 'E' && startsWith(a, from, to, EXCEPTION_IN_THREAD)) {
            return true;
        }
        int i = from;
        int lastDot = -1;
        while (i < to) {
            int b = a[i];
            if (b == '.') {
                if (i == from || a[i - 1] == '.') {
                    return false;
                }
                lastDot = i;
            } else if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '$')) {
                break;
            }
            i++;
        }
        if (lastDot < 0 || lastDot == i - 1 || (i < to && a[i] != ':')) {
            return false;
        }
        return endsWith(a, i, "Exception") || endsWith(a, i, "Error") || endsWith(a, i, "Throwable");
    }

    private static final byte[] EXCEPTION_IN_THREAD = "Exception in thread \"".getBytes(StandardCharsets.US_ASCII);

    private static boolean endsWith(byte[] a, int end, String suffix) {
        int n = suffix.length();
        if (end < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (a[end - n + k] != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Column-0 lines that continue a record even in a headerless log (LEAK sections, causes, hex dumps). */
    private static boolean continuationMarker(byte[] a, int from, int to) {
        int c = a[from];
        switch (c) {
            case '|', '+', '.':
                return true;
            case '#':
                return from + 1 < to && a[from + 1] >= '0' && a[from + 1] <= '9';
            case ':':
                return from + 2 < to && a[from + 1] == ' ' && a[from + 2] >= '0' && a[from + 2] <= '9';
            case 'C':
                return startsWith(a, from, to, CAUSED_BY) || startsWith(a, from, to, CREATED_AT);
            case 'S':
                return startsWith(a, from, to, SUPPRESSED);
            case 'W':
                return startsWith(a, from, to, WRAPPED_BY) || startsWith(a, from, to, WARNING_N);
            case 'R':
                return startsWith(a, from, to, RECENT);
            case '[':
                return startsWith(a, from, to, CIRCULAR);
            default:
                return false;
        }
    }

    private static final byte[] CAUSED_BY = ascii("Caused by: ");
    private static final byte[] CREATED_AT = ascii("Created at:");
    private static final byte[] SUPPRESSED = ascii("Suppressed: ");
    private static final byte[] WRAPPED_BY = ascii("Wrapped by: ");
    private static final byte[] WARNING_N = ascii("WARNING: ");
    private static final byte[] RECENT = ascii("Recent access records:");
    private static final byte[] CIRCULAR = ascii("[CIRCULAR REFERENCE");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean startsWith(byte[] a, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] a, int from, int to, byte[] what) {
        outer:
        for (int i = from; i <= to - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (a[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Finds '\n' eight bytes at a time (SWAR): the reader's hot loop is this search. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long t = (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Decodes the {@code "log"} string of a Docker json-file line into {@link #scratch}; -1 if not one. */
    private int unwrapDocker(byte[] a, int from, int to) {
        if (!startsWith(a, from, to, DOCKER_PREFIX)) {
            return -1;
        }
        int n = 0;
        int i = from + DOCKER_PREFIX.length;
        while (i < to) {
            byte c = a[i++];
            if (c == '"') {
                return n;
            }
            if (n + 4 > scratch.length) {
                scratch = java.util.Arrays.copyOf(scratch, scratch.length * 2);
            }
            if (c != '\\' || i >= to) {
                scratch[n++] = c;
                continue;
            }
            byte e = a[i++];
            switch (e) {
                case 'n' -> scratch[n++] = '\n';
                case 't' -> scratch[n++] = '\t';
                case 'r' -> scratch[n++] = '\r';
                case 'b' -> scratch[n++] = '\b';
                case 'f' -> scratch[n++] = '\f';
                case 'u' -> {
                    if (i + 4 > to) {
                        return n;
                    }
                    int cp = hex4(a, i);
                    i += 4;
                    if (cp < 0) {
                        continue;
                    }
                    String s = String.valueOf((char) cp);
                    byte[] enc = s.getBytes(StandardCharsets.UTF_8);
                    for (byte x : enc) {
                        scratch[n++] = x;
                    }
                }
                default -> scratch[n++] = e;
            }
        }
        return n;
    }

    private static int hex4(byte[] a, int i) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(a[i + k], 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** {@code 2026-…Z stdout F content}: the content's start, or -1 when the line is no CRI line. */
    private int criContentStart(byte[] a, int from, int to) {
        int s1 = indexOfByte(a, from, Math.min(to, from + 64), (byte) ' ');
        if (s1 < 0 || s1 - from < 20 || a[from + 10] != 'T') {
            return -1;
        }
        int s2 = indexOfByte(a, s1 + 1, Math.min(to, s1 + 8), (byte) ' ');
        if (s2 < 0 || s2 + 2 >= to + 1 || (a[s2 + 1] != 'F' && a[s2 + 1] != 'P')) {
            return -1;
        }
        if (s2 + 2 < to && a[s2 + 2] != ' ') {
            return -1;
        }
        return Math.min(to, s2 + 3);
    }

    private boolean isCriLine(byte[] a, int from, int to) {
        if (criContentStart(a, from, to) < 0) {
            return false;
        }
        int s1 = indexOfByte(a, from, to, (byte) ' ');
        return startsWith(a, s1 + 1, to, ascii("stdout ")) || startsWith(a, s1 + 1, to, ascii("stderr "));
    }

    private static int indexOfByte(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Removes {@code ESC[…m}-style sequences into {@link #ansiScratch}; -1 when the line has none. */
    private int stripAnsi(byte[] a, int from, int to) {
        if (indexOfByte(a, from, to, (byte) 0x1b) < 0) {
            return -1;
        }
        if (ansiScratch.length < to - from) {
            ansiScratch = new byte[to - from];
        }
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = a[i];
            if (c == 0x1b && i + 1 < to && a[i + 1] == '[') {
                int j = i + 2;
                while (j < to && ((a[j] >= '0' && a[j] <= '9') || a[j] == ';')) {
                    j++;
                }
                if (j < to && ((a[j] >= 'A' && a[j] <= 'Z') || (a[j] >= 'a' && a[j] <= 'z'))) {
                    i = j + 1;
                    continue;
                }
            }
            ansiScratch[n++] = c;
            i++;
        }
        return n;
    }

    private void addDiagnostic(LogDiagnostic d) {
        if (diagnostics.size() < MAX_DIAGNOSTICS) {
            diagnostics.add(d);
        } else {
            suppressedDiagnostics++;
        }
    }
}
