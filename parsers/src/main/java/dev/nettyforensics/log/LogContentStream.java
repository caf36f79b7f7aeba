package dev.nettyforensics.log;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The content bytes of a log file: plain, or gzip detected by its magic bytes (never by the
 * name), multi-member included. A gzip that ends early (the writer crashed) or turns corrupt yields
 * everything inflated up to the break; {@link #truncation()} says where. Not thread safe.
 */
final class LogContentStream extends InputStream {
    private final CountingStream compressed;
    private final InputStream content;
    private final boolean gzip;
    private volatile String truncation;

    private LogContentStream(CountingStream compressed, InputStream content, boolean gzip) {
        this.compressed = compressed;
        this.content = content;
        this.gzip = gzip;
    }

    static LogContentStream open(Path file) throws IOException {
        CountingStream counting = new CountingStream(Files.newInputStream(file));
        BufferedInputStream buffered = new BufferedInputStream(counting, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        InputStream content = buffered;
        if (gzip) {
            try {
                content = new GZIPInputStream(buffered, 1 << 16);
            } catch (IOException badHeader) {
                buffered.close();
                LogContentStream empty = new LogContentStream(counting, InputStream.nullInputStream(), true);
                empty.truncation = "the gzip header is damaged (" + badHeader.getMessage() + "); nothing could be read";
                return empty;
            }
        }
        return new LogContentStream(counting, content, gzip);
    }

    boolean gzip() {
        return gzip;
    }

    /** Why and where the content ended early, or null when it was read to its end. */
    String truncation() {
        return truncation;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (truncation != null) {
            return -1;
        }
        try {
            return content.read(b, off, len);
        } catch (IOException e) {
            if (!gzip) {
                throw e;
            }
            truncation = "the gzip data ends early or is corrupt at compressed offset " + compressed.count
                + " (" + e.getMessage() + "); read everything before it";
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        content.close();
        compressed.close();
    }

    /**
     * Re-encodes UTF-16 text (found by its byte-order mark) as UTF-8, so the byte-level reader
     * only ever sees ASCII-compatible encodings.
     */
    static InputStream utf16AsUtf8(InputStream in, Charset utf16) {
        Reader reader = new InputStreamReader(in, utf16);
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStream() {
            private final CharBuffer chars = CharBuffer.allocate(8192);
            private final ByteBuffer bytes = ByteBuffer.allocate(32768).flip();
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!bytes.hasRemaining()) {
                    if (eof) {
                        return -1;
                    }
                    int n = reader.read(chars); // chars stays in write mode between calls
                    chars.flip();
                    bytes.clear();
                    if (n < 0) {
                        eof = true;
                        encoder.encode(chars, bytes, true);
                        encoder.flush(bytes);
                    } else {
                        encoder.encode(chars, bytes, false);
                    }
                    bytes.flip();
                    chars.compact(); // keeps a surrogate half cut by the read for the next round
                }
                int n = Math.min(len, bytes.remaining());
                bytes.get(b, off, n);
                return n;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
