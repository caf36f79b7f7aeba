package dev.nettyforensics.heap;

import dev.nettyforensics.hprof.HprofBytes;
import dev.nettyforensics.hprof.HprofType;
import java.nio.charset.StandardCharsets;

/**
 * A handle on one object of a {@link Heap}: its identity, class, and typed reads of its field
 * values or array elements straight from the mapped dump.
 *
 * <p>Field reads take the name as the dump spells it and resolve it through the class chain (the
 * most derived declaration wins when a subclass shadows a field). Reading a field the class does
 * not have, or with the wrong type, throws {@link IllegalArgumentException}; check {@link
 * #hasField} first when versions differ (Netty renames fields between releases). Reading
 * instance fields of a non-instance throws {@link IllegalStateException}.
 *
 * <p>Cheap to create; immutable; thread safe. Equality is by heap and index.
 */
public final class HeapObject {
    private final Heap heap;
    private final int index;

    HeapObject(Heap heap, int index) {
        this.heap = heap;
        this.index = index;
    }

    public Heap heap() {
        return heap;
    }

    public int index() {
        return index;
    }

    public long id() {
        return heap.idOf(index);
    }

    public HeapObjectKind kind() {
        return heap.kindOf(index);
    }

    /** The object's class (see {@link Heap#classOf}); null when the dump does not define it. */
    public HeapClass heapClass() {
        return heap.classOf(index);
    }

    /** Class name, or {@code "?"} when unknown. Not null. */
    public String className() {
        HeapClass c = heap.classOf(index);
        return c == null ? "?" : c.name();
    }

    public long shallowSize() {
        return heap.shallowSize(index);
    }

    public boolean isInstanceOf(String className) {
        HeapClass c = heap.classOf(index);
        return c != null && c.isSubclassOf(className);
    }

    // ---- instance fields ------------------------------------------------------------------

    /** Whether the object is an instance whose class chain declares this field. */
    public boolean hasField(String name) {
        HeapClass c = heap.classOf(index);
        return c != null && kind() == HeapObjectKind.INSTANCE && c.hasField(name);
    }

    private long valuePosition(String name, HprofType expected) {
        long off = heap.offset(index);
        HprofBytes b = heap.bytes();
        if (b.u1(off) != 0x21) {
            throw new IllegalStateException(className() + " object is a " + kind() + ", not an instance");
        }
        HeapClass c = heap.classOf(index);
        HeapField f = c == null ? null : c.field(name);
        if (f == null) {
            throw new IllegalArgumentException(className() + " has no field " + name);
        }
        if (expected != null && f.type() != expected) {
            throw new IllegalArgumentException(className() + "." + name + " is " + f.type().javaName() + ", not " + expected.javaName());
        }
        int id = heap.idSize();
        long length = b.u4Unsigned(off + 1 + 2L * id + 4);
        if (f.offset() + f.type().size(id) > length) {
            throw new IllegalArgumentException(className() + "." + name + " lies outside the instance's recorded values");
        }
        return off + 9 + 2L * id + f.offset();
    }

    public int readInt(String field) {
        return heap.bytes().u4(valuePosition(field, HprofType.INT));
    }

    public long readLong(String field) {
        return heap.bytes().u8(valuePosition(field, HprofType.LONG));
    }

    public short readShort(String field) {
        return (short) heap.bytes().u2(valuePosition(field, HprofType.SHORT));
    }

    public char readChar(String field) {
        return (char) heap.bytes().u2(valuePosition(field, HprofType.CHAR));
    }

    public byte readByte(String field) {
        return (byte) heap.bytes().u1(valuePosition(field, HprofType.BYTE));
    }

    public boolean readBoolean(String field) {
        return heap.bytes().u1(valuePosition(field, HprofType.BOOLEAN)) != 0;
    }

    public float readFloat(String field) {
        return Float.intBitsToFloat(heap.bytes().u4(valuePosition(field, HprofType.FLOAT)));
    }

    public double readDouble(String field) {
        return Double.longBitsToDouble(heap.bytes().u8(valuePosition(field, HprofType.DOUBLE)));
    }

    /** Any integral field (byte, short, char, int, long, boolean as 0/1) widened to long. */
    public long readIntegral(String field) {
        HeapClass c = heap.classOf(index);
        HeapField f = c == null ? null : c.field(field);
        if (f == null) {
            throw new IllegalArgumentException(className() + " has no field " + field);
        }
        long pos = valuePosition(field, null);
        HprofBytes b = heap.bytes();
        return switch (f.type()) {
            case BYTE -> (byte) b.u1(pos);
            case BOOLEAN -> b.u1(pos) != 0 ? 1 : 0;
            case SHORT -> (short) b.u2(pos);
            case CHAR -> b.u2(pos);
            case INT -> b.u4(pos);
            case LONG -> b.u8(pos);
            default -> throw new IllegalArgumentException(className() + "." + field + " is " + f.type().javaName() + ", not integral");
        };
    }

    /** The id a reference field holds; 0 for null. */
    public long readReferenceId(String field) {
        return heap.bytes().id(valuePosition(field, HprofType.OBJECT), heap.idSize());
    }

    /** The object a reference field points to, or null when the field is null or its target is not in the dump. */
    public HeapObject readObject(String field) {
        long id = readReferenceId(field);
        return id == 0 ? null : heap.findObject(id);
    }

    /**
     * Follows a chain of reference fields, e.g. {@code readPath("channel", "pipeline", "head")}.
     * Null when a link is null, dangling, or an object on the way lacks the next field.
     */
    public HeapObject readPath(String... fields) {
        HeapObject o = this;
        for (String f : fields) {
            if (o == null || !o.hasField(f) || o.heapClass().field(f).type() != HprofType.OBJECT) {
                return null;
            }
            o = o.readObject(f);
        }
        return o;
    }

    // ---- arrays ---------------------------------------------------------------------------

    /** Number of elements of an array. Throws {@link IllegalStateException} for non-arrays. */
    public int length() {
        long off = heap.offset(index);
        int tag = heap.bytes().u1(off);
        if (tag != 0x22 && tag != 0x23) {
            throw new IllegalStateException(className() + " object is not an array");
        }
        return heap.bytes().u4(off + 1 + heap.idSize() + 4);
    }

    /** Element id of an object array; 0 for null. */
    public long readElementId(int i) {
        long off = heap.offset(index);
        HprofBytes b = heap.bytes();
        if (b.u1(off) != 0x22) {
            throw new IllegalStateException(className() + " object is not an object array");
        }
        int id = heap.idSize();
        if (i < 0 || i >= b.u4(off + 1 + id + 4)) {
            throw new IndexOutOfBoundsException("element " + i);
        }
        return b.id(off + 9 + 2L * id + (long) i * id, id);
    }

    /** Element of an object array, or null when null or not in the dump. */
    public HeapObject readElement(int i) {
        long id = readElementId(i);
        return id == 0 ? null : heap.findObject(id);
    }

    /** Element type of a primitive array; null for other objects. */
    public HprofType elementType() {
        long off = heap.offset(index);
        if (heap.bytes().u1(off) != 0x23) {
            return null;
        }
        return HprofType.ofCode(heap.bytes().u1(off + 1 + heap.idSize() + 8));
    }

    /** Element {@code i} of a primitive array as raw bits widened to long (sign-extended integers). */
    public long readPrimitiveElement(int i) {
        HprofType type = elementType();
        if (type == null) {
            throw new IllegalStateException(className() + " object is not a primitive array");
        }
        if (i < 0 || i >= length()) {
            throw new IndexOutOfBoundsException("element " + i);
        }
        long pos = heap.offset(index) + 10 + heap.idSize() + (long) i * type.size(4);
        HprofBytes b = heap.bytes();
        return switch (type) {
            case BOOLEAN, BYTE -> (byte) b.u1(pos);
            case CHAR -> b.u2(pos);
            case SHORT -> (short) b.u2(pos);
            case INT, FLOAT -> b.u4(pos);
            default -> b.u8(pos);
        };
    }

    /** Contents of a byte or boolean array, at most {@code max} elements. */
    public byte[] readBytes(int max) {
        HprofType type = elementType();
        if (type != HprofType.BYTE && type != HprofType.BOOLEAN) {
            throw new IllegalStateException(className() + " object is not a byte array");
        }
        byte[] out = new byte[Math.min(Math.max(max, 0), length())];
        heap.bytes().get(heap.offset(index) + 10 + heap.idSize(), out, 0, out.length);
        return out;
    }

    /**
     * The text of a {@code java.lang.String} (JDK 9+ {@code byte[] value} with {@code coder}, or
     * JDK 8 {@code char[] value}), at most {@code maxChars} characters; null when this is not a
     * string or its value array is missing. For structural names only: reports never print heap strings.
     */
    public String readString(int maxChars) {
        if (!className().equals("java.lang.String") || !hasField("value")) {
            return null;
        }
        HeapObject value = readObject("value");
        if (value == null) {
            return null;
        }
        HprofType type = value.elementType();
        if (type == HprofType.CHAR) {
            int n = Math.min(value.length(), Math.max(maxChars, 0));
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) {
                chars[i] = (char) value.readPrimitiveElement(i);
            }
            return new String(chars);
        }
        if (type != HprofType.BYTE) {
            return null;
        }
        boolean utf16 = hasField("coder") && readByte("coder") == 1;
        if (utf16) {
            byte[] raw = value.readBytes(Math.min(value.length(), 2 * Math.max(maxChars, 0)));
            // HotSpot stores UTF16 strings in native order: little-endian on x86 and ARM.
            return new String(raw, StandardCharsets.UTF_16LE);
        }
        return new String(value.readBytes(maxChars), StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeapObject other && other.heap == heap && other.index == index;
    }

    @Override
    public int hashCode() {
        return index;
    }

    /** Class name and id in hex; never field contents. */
    @Override
    public String toString() {
        return className() + "@0x" + Long.toHexString(id());
    }
}
