package dev.nettyforensics.hprof;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An opened HPROF dump: its header plus random access to its bytes.
 *
 * <p>Plain files are memory-mapped. Gzip input (recognised by its magic, including the
 * multi-member output of {@code jcmd GC.heap_dump -gz}) is inflated once into a private temporary
 * file in {@code java.io.tmpdir} (never next to the input), deleted on {@link #close()}. The input
 * is never modified.
 *
 * <pre>{@code
 * try (HprofFile dump = HprofFile.open(path)) {
 *     HprofScan scan = dump.accept(EnumSet.of(HprofTag.LOAD_CLASS), visitor);
 * }
 * }</pre>
 *
 * <p>Thread safety: {@link #accept} may run concurrently from several threads (each pass keeps its
 * own state); {@link #close()} must not race with them.
 */
public final class HprofFile implements Closeable {
    private static final byte[] MAGIC = "JAVA PROFILE 1.0.".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private final Path tempCopy;
    private final HprofBytes bytes;
    private final HprofHeader header;
    private final HprofOptions options;
    private final List<HprofDiagnostic> openDiagnostics;

    private HprofFile(Path path, Path tempCopy, HprofBytes bytes, HprofHeader header, HprofOptions options,
                      List<HprofDiagnostic> openDiagnostics) {
        this.path = path;
        this.tempCopy = tempCopy;
        this.bytes = bytes;
        this.header = header;
        this.options = options;
        this.openDiagnostics = List.copyOf(openDiagnostics);
    }

    /** Opens with {@link HprofOptions#DEFAULT}. */
    public static HprofFile open(Path file) throws IOException {
        return open(file, HprofOptions.DEFAULT);
    }

    /**
     * Opens a dump and validates its header. Cost: for gzip, one full inflation to a temp file.
     *
     * @throws HprofFormatException not a dump (wrong magic, empty), or an identifier size other than 4 or 8
     * @throws IOException          the file cannot be read (a directory, missing, no permission)
     */
    public static HprofFile open(Path file, HprofOptions options) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory, not a heap dump");
        }
        List<HprofDiagnostic> diagnostics = new ArrayList<>();
        Path temp = null;
        Path mapped = file;
        if (isGzip(file)) {
            temp = inflateToTemp(file, options, diagnostics);
            mapped = temp;
        }
        HprofBytes bytes = null;
        try {
            bytes = HprofBytes.map(mapped);
            HprofHeader header = readHeader(bytes);
            return new HprofFile(file, temp, bytes, header, options, diagnostics);
        } catch (IOException | RuntimeException e) {
            if (bytes != null) {
                bytes.close();
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
            throw e;
        }
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * GZIPInputStream reads concatenated members, which is what {@code -gz} writes. A crash
     * mid-write leaves a truncated member: keep every byte inflated so far.
     */
    private static Path inflateToTemp(Path file, HprofOptions options, List<HprofDiagnostic> diagnostics) throws IOException {
        Path temp = Files.createTempFile("netty-forensics-", ".hprof");
        temp.toFile().deleteOnExit();
        long written = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             OutputStream out = Files.newOutputStream(temp)) {
            byte[] buf = new byte[1 << 16];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    written += n;
                }
            } catch (EOFException | ZipException e) {
                if (options.strict()) {
                    throw new HprofFormatException("gzip stream ends early or is corrupt (" + e.getMessage() + ")", written);
                }
                diagnostics.add(new HprofDiagnostic(written, "gzip stream ends early or is corrupt ("
                        + e.getMessage() + "); kept " + written + " inflated bytes"));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    private static HprofHeader readHeader(HprofBytes bytes) throws HprofFormatException {
        long size = bytes.size();
        if (size == 0) {
            throw new HprofFormatException("empty file, not a heap dump", 0);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= size || bytes.u1(i) != (MAGIC[i] & 0xff)) {
                throw new HprofFormatException("not a heap dump (no \"JAVA PROFILE 1.0.x\" header)", 0);
            }
        }
        int end = MAGIC.length;
        while (end < size && end < 40 && bytes.u1(end) != 0) {
            end++;
        }
        if (end >= size || bytes.u1(end) != 0) {
            throw new HprofFormatException("heap dump header is not terminated", end);
        }
        byte[] versionBytes = new byte[end - "JAVA PROFILE ".length()];
        bytes.get("JAVA PROFILE ".length(), versionBytes, 0, versionBytes.length);
        String version = new String(versionBytes, StandardCharsets.US_ASCII);
        long idPos = end + 1L;
        if (size < idPos + 12) {
            throw new HprofFormatException("heap dump header is truncated", idPos);
        }
        int idSize = bytes.u4(idPos);
        if (idSize != 4 && idSize != 8) {
            throw new HprofFormatException("identifier size " + Integer.toUnsignedString(idSize) + " is not 4 or 8", idPos);
        }
        long millis = bytes.u8(idPos + 4);
        return new HprofHeader(version, idSize, Instant.ofEpochMilli(millis), (int) (idPos + 12));
    }

    /** The file as given by the caller (the gzip file for gzip input), not null. */
    public Path path() {
        return path;
    }

    /** Whether the input was gzip and is read through a temporary copy. */
    public boolean gzipped() {
        return tempCopy != null;
    }

    public HprofHeader header() {
        return header;
    }

    public HprofOptions options() {
        return options;
    }

    /** The dump's (decompressed) bytes; valid until {@link #close()}. */
    public HprofBytes bytes() {
        return bytes;
    }

    /** Size of the (decompressed) dump in bytes. */
    public long size() {
        return bytes.size();
    }

    /** Problems found while opening (a truncated gzip stream), not null, immutable. */
    public List<HprofDiagnostic> openDiagnostics() {
        return openDiagnostics;
    }

    /**
     * One sequential pass over all records. Bodies of tags not in {@code tags} are skipped without
     * being decoded; heap sub-records are decoded only when {@link HprofTag#HEAP_DUMP_SEGMENT} or
     * {@link HprofTag#HEAP_DUMP} is asked for (both mean "heap content").
     *
     * @return where the pass ended, whether the dump is truncated, and what was skipped
     * @throws HprofFormatException in strict mode, at the first malformed record
     */
    public HprofScan accept(Set<HprofTag> tags, HprofVisitor visitor) throws HprofFormatException {
        HprofScan scan = new HprofReader(bytes, header, options, tags, visitor).run();
        if (openDiagnostics.isEmpty()) {
            return scan;
        }
        List<HprofDiagnostic> all = new ArrayList<>(openDiagnostics);
        all.addAll(scan.diagnostics());
        return new HprofScan(scan.bytesRead(), scan.truncated(), scan.truncatedAt(), all);
    }

    /**
     * Like {@link #accept}, but heap records are located instead of decoded, so their sub-records
     * can then be read in parallel with {@link #acceptSegment} (HotSpot writes 1 MiB segments).
     * Cost: one walk over the record headers.
     *
     * @param segments receives every heap record in file order
     */
    public HprofScan accept(Set<HprofTag> tags, HprofVisitor visitor, List<HprofSegment> segments) throws HprofFormatException {
        HprofReader reader = new HprofReader(bytes, header, options, tags, visitor);
        reader.segments = segments;
        HprofScan scan = reader.run();
        if (openDiagnostics.isEmpty()) {
            return scan;
        }
        List<HprofDiagnostic> all = new ArrayList<>(openDiagnostics);
        all.addAll(scan.diagnostics());
        return new HprofScan(scan.bytesRead(), scan.truncated(), scan.truncatedAt(), all);
    }

    /**
     * Decodes the sub-records of one heap record found by {@link #accept(Set, HprofVisitor, List)}.
     * Thread safe: segments may be decoded concurrently, each with its own visitor.
     *
     * @return bytesRead: the end of the last complete sub-record; truncated when the segment was cut
     */
    public HprofScan acceptSegment(HprofSegment segment, HprofVisitor visitor) throws HprofFormatException {
        return new HprofReader(bytes, header, options, java.util.EnumSet.of(HprofTag.HEAP_DUMP_SEGMENT), visitor).segment(segment);
    }

    /**
     * Decodes a UTF8 record body. HotSpot writes modified UTF-8; plain UTF-8 decoding is
     * identical for everything but NUL and supplementary characters, which class, field and
     * method names do not contain.
     */
    public String readUtf8(long offset, int length) {
        byte[] b = new byte[length];
        bytes.get(offset, b, 0, length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Unmaps (lazily, by the GC) and deletes the temporary copy of gzip input. */
    @Override
    public void close() throws IOException {
        bytes.close();
        if (tempCopy != null) {
            Files.deleteIfExists(tempCopy);
        }
    }
}
