package dev.nettyforensics.heap;

import java.util.Objects;

/**
 * One stack frame of a thread at dump time, with the objects its locals held.
 *
 * @param depth        0 for the innermost (currently executing) frame
 * @param className    declaring class, Java binary name, not null ("" when unknown)
 * @param methodName   not null ("" when unknown)
 * @param signature    JVM method descriptor, not null ("" when unknown)
 * @param sourceFile   not null ("" when unknown)
 * @param line         line number; 0 or negative when unknown (-2 compiled, -3 native, HPROF style)
 * @param localObjects indexes of objects held by this frame's locals (ROOT JAVA FRAME records), not null
 */
public record HeapFrame(int depth, String className, String methodName, String signature, String sourceFile,
                        int line, int[] localObjects) {
    public HeapFrame {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(localObjects, "localObjects");
    }

    /** {@code className.methodName}, as Java stack traces print it. */
    public String qualifiedMethod() {
        return className + "." + methodName;
    }
}
