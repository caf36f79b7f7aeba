package dev.nettyforensics.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads its source on a background daemon thread, a few MiB ahead, so inflating a {@code .gz} log
 * and splitting its records use two cores (log-formats.md §7.1: "inflate on its own thread").
 * Memory is bounded by {@link #DEPTH} chunks. An {@code IOException} of the source is rethrown to
 * the reader at the point it happened. Single consumer; not thread safe otherwise.
 */
final class ReadAheadStream extends InputStream {
    private static final int CHUNK = 1 << 20;
    private static final int DEPTH = 4;
    private static final Chunk END = new Chunk(new byte[0], 0, null);

    private record Chunk(byte[] bytes, int length, IOException failure) {}

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final InputStream source;
    private final Thread producer;
    private Chunk current;
    private int pos;
    private boolean done;
    private volatile boolean closed;

    ReadAheadStream(InputStream source) {
        this.source = source;
        this.producer = new Thread(this::produce, "log-read-ahead");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce() {
        try {
            while (true) {
                byte[] buf = new byte[CHUNK];
                int n = source.readNBytes(buf, 0, CHUNK);
                if (n > 0) {
                    queue.put(new Chunk(buf, n, null));
                }
                if (n < CHUNK) {
                    queue.put(END);
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                offerQuietly(new Chunk(new byte[0], 0, e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed by the consumer
        } catch (RuntimeException e) {
            // Closing the source under a running inflater makes it throw (e.g. "Inflater has been closed").
            if (!closed) {
                offerQuietly(new Chunk(new byte[0], 0, new IOException("cannot read: " + e, e)));
            }
        }
    }

    private void offerQuietly(Chunk chunk) {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length()) {
            if (done) {
                return -1;
            }
            try {
                current = queue.poll(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            pos = 0;
            if (current == null || current == END) {
                done = true;
                return -1;
            }
            if (current.failure() != null) {
                done = true;
                throw current.failure();
            }
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        done = true;
        closed = true;
        producer.interrupt();
        queue.clear();
        try {
            producer.join(10_000); // let it leave the inflater before the source is closed under it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
