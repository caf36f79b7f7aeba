package dev.nettyforensics.hprof;

/**
 * GC root kinds of heap-dump sub-records, with their wire layout after the object id. HotSpot
 * writes JNI_GLOBAL, JNI_LOCAL, JAVA_FRAME, STICKY_CLASS, THREAD_OBJ and (rarely) the others;
 * Android adds the 0x89..0x8E kinds.
 */
public enum HprofRootKind {
    /** id, then id of the JNI global reference. */
    JNI_GLOBAL(0x01),
    /** id, u4 thread serial, u4 frame depth. */
    JNI_LOCAL(0x02),
    /** id, u4 thread serial, u4 frame depth (-1 when unknown): a local variable of a Java frame. */
    JAVA_FRAME(0x03),
    /** id, u4 thread serial. */
    NATIVE_STACK(0x04),
    /** id: a class the VM never unloads. */
    STICKY_CLASS(0x05),
    /** id, u4 thread serial. */
    THREAD_BLOCK(0x06),
    /** id: an object used as a monitor. */
    MONITOR_USED(0x07),
    /** id, u4 thread serial, u4 stack trace serial: a started thread. */
    THREAD_OBJECT(0x08),
    /** Android: id. */
    INTERNED_STRING(0x89),
    /** Android: id. */
    FINALIZING(0x8A),
    /** Android: id. */
    DEBUGGER(0x8B),
    /** Android: id. */
    REFERENCE_CLEANUP(0x8C),
    /** Android: id. */
    VM_INTERNAL(0x8D),
    /** Android: id, u4 thread serial, u4 frame depth. */
    JNI_MONITOR(0x8E),
    /** id. */
    UNKNOWN(0xFF);

    private static final HprofRootKind[] BY_CODE = new HprofRootKind[256];

    static {
        for (HprofRootKind k : values()) {
            BY_CODE[k.code] = k;
        }
    }

    private final int code;

    HprofRootKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The root kind of a sub-record tag, or null if the tag is no root. */
    public static HprofRootKind ofCode(int code) {
        return BY_CODE[code & 0xff];
    }

    /** Bytes of the sub-record body after the tag. */
    public int bodySize(int idSize) {
        return switch (this) {
            case JNI_GLOBAL -> 2 * idSize;
            case JNI_LOCAL, JAVA_FRAME, THREAD_OBJECT, JNI_MONITOR -> idSize + 8;
            case NATIVE_STACK, THREAD_BLOCK -> idSize + 4;
            default -> idSize;
        };
    }
}
