package dev.nettyforensics.hprof;

/** The basic types of field values and array elements, with their HPROF codes. */
public enum HprofType {
    OBJECT(2, -1, "Object"),
    BOOLEAN(4, 1, "boolean"),
    CHAR(5, 2, "char"),
    FLOAT(6, 4, "float"),
    DOUBLE(7, 8, "double"),
    BYTE(8, 1, "byte"),
    SHORT(9, 2, "short"),
    INT(10, 4, "int"),
    LONG(11, 8, "long");

    private static final HprofType[] BY_CODE = new HprofType[12];

    static {
        for (HprofType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int size;
    private final String javaName;

    HprofType(int code, int size, String javaName) {
        this.code = code;
        this.size = size;
        this.javaName = javaName;
    }

    /** The u1 code used in the dump. */
    public int code() {
        return code;
    }

    /** Size in the dump: {@code idSize} for references, the primitive size otherwise. */
    public int size(int idSize) {
        return size < 0 ? idSize : size;
    }

    /** The Java keyword ({@code int}) or {@code Object}. */
    public String javaName() {
        return javaName;
    }

    /** The type for a code, or null when the code is not a basic type (corrupt input). */
    public static HprofType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
