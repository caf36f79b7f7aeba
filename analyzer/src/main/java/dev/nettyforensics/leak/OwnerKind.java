package dev.nettyforensics.leak;

/** What kind of object explains a buffer's retention. */
enum OwnerKind {
    HANDLER,
    CUMULATION,
    OUTBOUND,
    ATTRIBUTE,
    CHANNEL,
    STATIC,
    THREAD,
    OTHER
}
