package dev.nettyforensics.netty;

/**
 * Formats {@code java.net.InetSocketAddress} objects from the heap as {@code host:port} (IPv6 in
 * brackets). Reads only the address bytes and port, never the host-name strings. Stateless.
 */
final class SocketAddresses {
    private SocketAddresses() {
    }

    /** {@code a.b.c.d:port}, {@code [v6]:port}, or null when unreadable. */
    static String format(ObjectGraph g, long socketAddress) {
        if (socketAddress == 0) {
            return null;
        }
        long holder = g.ref(socketAddress, "holder");
        if (holder == 0) {
            return null;
        }
        Long port = g.number(holder, "port");
        String host = host(g, g.ref(holder, "addr"));
        if (port == null || host == null) {
            return null;
        }
        return host + ":" + port;
    }

    private static String host(ObjectGraph g, long inetAddress) {
        if (inetAddress == 0) {
            return null;
        }
        long holder6 = g.ref(inetAddress, "holder6");
        if (holder6 != 0) {
            byte[] ip = g.byteArray(g.ref(holder6, "ipaddress"));
            if (ip != null && ip.length == 16) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < 16; i += 2) {
                    if (i > 0) {
                        sb.append(':');
                    }
                    sb.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff)));
                }
                return sb.append(']').toString();
            }
        }
        long holder = g.ref(inetAddress, "holder");
        Long address = holder == 0 ? null : g.number(holder, "address");
        if (address == null) {
            return null;
        }
        int a = address.intValue();
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
}
