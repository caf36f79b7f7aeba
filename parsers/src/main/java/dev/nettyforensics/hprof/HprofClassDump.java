package dev.nettyforensics.hprof;

/**
 * One CLASS DUMP sub-record, decoded. Arrays are owned by the record (not copied again).
 *
 * <p>Wire layout: id class, u4 stack serial, id super, id loader, id signers, id protection
 * domain, id reserved x2, u4 instance size (bytes of field values in INSTANCE DUMPs, not the JVM
 * layout size), u2 constant pool count {u2 index, u1 type, value}, u2 static count {id name, u1
 * type, value}, u2 instance field count {id name, u1 type}.
 *
 * @param staticValues raw bits of each static value (references as ids, floats as their bits)
 */
public record HprofClassDump(long classId, int stackSerial, long superId, long loaderId,
                             long signersId, long protectionDomainId, int instanceSize,
                             long[] constantPoolReferences,
                             long[] staticNameIds, HprofType[] staticTypes, long[] staticValues,
                             long[] fieldNameIds, HprofType[] fieldTypes, long recordOffset) {
}
