package dev.nettyforensics.heap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Child JVM for {@link HeapLayoutAgainstJvmsTest}: holds a known object graph of classes with awkward
 * field mixes, prints {@link #READY} and blocks on stdin so that a heap dump and a class histogram
 * taken from outside see the same quiescent heap. Compiled for release 17 so it runs on every JDK
 * from 17 on. Each class has its own instance count so that counts cannot match by accident.
 */
public final class HeapLayoutChildMain {
    static final String READY = "layout-child-ready";

    private HeapLayoutChildMain() {
    }

    // One byte: the 4-byte gap after a 12-byte header, or the 8-byte compact header.
    static class OneByte { byte b = 1; }
    // A subclass filling its superclass's hole with a short, appending a long.
    static class LongAfterByte extends OneByte { long l = 2; short s = 3; }
    static class IntAndRef { int i; Object o = "x"; }
    // Mixed primitives and references after an int/reference superclass.
    static class Mixed extends IntAndRef { byte x; double d; Object r; boolean z; }
    static class LongThenByte { long a; byte b; }
    static class FillsTail extends LongThenByte { int i; short s; byte c; }
    // Odd reference count before a long.
    static class ThreeRefsAndLong { Object a; Object b; Object c; long l; }
    static class CharAndFloat extends ThreeRefsAndLong { char c; float f; }
    static class Empty { }
    static class EmptySub extends Empty { }
    static class FiveBytes { byte a; byte b; byte c; byte d; byte e; }
    static class Level1 { byte a; }
    static class Level2 extends Level1 { byte b; }
    static class Level3 extends Level2 { int c; }
    static class Level4 extends Level3 { long d; byte e; }
    static class OnlyRefs { Object a; Object b; Object c; Object d; Object e; }
    static class DoublesAndShorts { double a; short b; double c; short d; short e; }
    // A subclass of Thread, whose @Contended("tlr") fields make HotSpot pad it: appended after padding.
    static class ThreadSub extends Thread { byte flag; long counter; Object payload; }
    static class ThreadSubSub extends ThreadSub { int more; }

    // Statics laid out inside the mirrors.
    static class OneRefLongInt { static Object o = "s"; static long l = 1; static int i = 2; }
    static class StaticMix { static byte b; static double d; static Object x; static Object y; static Object z; static short s; }
    static class StaticPrimitivesOnly { static boolean a; static char b; static int c; static long d; static float e; }
    static class StaticRefsOnly { static Object a; static Object b; static Object c; }
    interface ConstantsInterface { int[] TABLE = {1, 2, 3}; }
    // Compile-time constants still take a slot in the mirror.
    static class CompileTimeConstants { static final long A = 5; static final byte B = 1; static final String C = "c"; static final int D = 4; }
    enum Color { RED, GREEN; static int lookups; final byte code = 1; }
    record Point(short x, long y, Object tag) { }

    static final List<Object> HELD = new ArrayList<>();

    public static void main(String[] args) throws IOException, InterruptedException {
        hold(3, OneByte::new);
        hold(5, LongAfterByte::new);
        hold(7, IntAndRef::new);
        hold(9, Mixed::new);
        hold(11, LongThenByte::new);
        hold(13, FillsTail::new);
        hold(15, ThreeRefsAndLong::new);
        hold(17, CharAndFloat::new);
        hold(19, Empty::new);
        hold(21, EmptySub::new);
        hold(23, FiveBytes::new);
        hold(2, Level1::new);
        hold(4, Level2::new);
        hold(6, Level3::new);
        hold(8, Level4::new);
        hold(10, OnlyRefs::new);
        hold(12, DoublesAndShorts::new);
        hold(3, ThreadSub::new);
        hold(2, ThreadSubSub::new);
        hold(3, () -> new Point((short) 1, 2, null));
        // ForkJoinPool's @Contended fields, its work queues and a worker thread.
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(2);
        HELD.add(pool);
        // One task makes the pool create its work queues and a worker, which then parks (keep-alive 60 s).
        try {
            HELD.add(pool.submit(() -> 42).get());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HELD.add(Color.GREEN);
        // Classes with VM-injected fields: StackFrameInfo (version), InternalError (during_unsafe_access).
        HELD.addAll(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(s -> s.collect(java.util.stream.Collectors.toList())));
        HELD.add(new InternalError("held"));
        HELD.add(CompileTimeConstants.C);
        for (int n : new int[] {0, 1, 3, 4, 7, 8, 9, 33}) {
            HELD.add(new byte[n]);
            HELD.add(new boolean[n]);
            HELD.add(new short[n]);
            HELD.add(new char[n]);
            HELD.add(new int[n]);
            HELD.add(new float[n]);
            HELD.add(new long[n]);
            HELD.add(new double[n]);
            HELD.add(new Object[n]);
            HELD.add(new OneByte[n]);
            HELD.add(new long[n][]);
        }
        HELD.add(OneRefLongInt.o);
        HELD.add(StaticMix.class);
        HELD.add(StaticPrimitivesOnly.class);
        HELD.add(StaticRefsOnly.class);
        HELD.add(ConstantsInterface.TABLE);
        StaticMix.x = HELD;
        StaticPrimitivesOnly.d = 1;
        StaticRefsOnly.a = HELD;
        System.out.println(READY);
        System.out.flush();
        // Block without allocating until the test closes stdin (or kills this JVM).
        while (System.in.read() >= 0) {
            // nothing: wait
        }
    }

    private static void hold(int count, java.util.function.Supplier<Object> factory) {
        for (int i = 0; i < count; i++) {
            HELD.add(factory.get());
        }
    }
}
