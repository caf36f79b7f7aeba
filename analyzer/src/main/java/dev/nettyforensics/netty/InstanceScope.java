package dev.nettyforensics.netty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes of one Netty copy (prefix + class loader) and look-ups by local name. Not thread safe
 * (caches answers); cost: one pass over the class names at construction.
 */
final class InstanceScope implements ShapeFacts {
    final ObjectGraph graph;
    final String prefix;
    final long loaderId;
    private final Map<String, Long> classByLocalName = new HashMap<>();
    private long[] allClasses;
    private Map<Long, Long> superOf;

    private InstanceScope(ObjectGraph graph, String prefix, long loaderId) {
        this.graph = graph;
        this.prefix = prefix;
        this.loaderId = loaderId;
    }

    /**
     * Finds every Netty copy: a prefix whose {@code buffer.AbstractByteBuf} or
     * {@code util.internal.PlatformDependent} is loaded, once per loader of that class.
     */
    static List<InstanceScope> findAll(ObjectGraph graph) {
        Map<String, List<Long>> anchorsByPrefix = new java.util.TreeMap<>();
        for (String name : new java.util.TreeSet<>(graph.classNames())) {
            NettyClassName.parse(name).ifPresent(n -> {
                if (n.localName().equals("buffer.AbstractByteBuf")
                        || n.localName().equals("util.internal.PlatformDependent")) {
                    for (long id : graph.classIds(name)) {
                        anchorsByPrefix.computeIfAbsent(n.prefix(), k -> new ArrayList<>()).add(id);
                    }
                }
            });
        }
        List<InstanceScope> scopes = new ArrayList<>();
        anchorsByPrefix.forEach((prefix, classIds) -> {
            List<Long> loaders = new ArrayList<>();
            for (long cls : classIds) {
                long loader = graph.classLoaderId(cls);
                if (!loaders.contains(loader)) {
                    loaders.add(loader);
                }
            }
            loaders.sort(Long::compare);
            for (long loader : loaders) {
                InstanceScope scope = new InstanceScope(graph, prefix, loader);
                scope.index();
                scopes.add(scope);
            }
        });
        return scopes;
    }

    private void index() {
        for (String name : graph.classNames()) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            String local = name.substring(prefix.length());
            for (long id : graph.classIds(name)) {
                Long known = classByLocalName.get(local);
                // Prefer the class of this loader; fall back to any loader (Netty split over loaders).
                if (known == null || (graph.classLoaderId(id) == loaderId && graph.classLoaderId(known) != loaderId)) {
                    classByLocalName.put(local, id);
                }
            }
        }
    }

    /** Class id of a Netty class by local name, 0 when not loaded. */
    long classId(String localName) {
        Long id = classByLocalName.get(localName);
        return id == null ? 0 : id;
    }

    /** True when {@code classId} is, or extends, the Netty class with that local name. */
    boolean isA(long classId, String localName) {
        long target = classId(localName);
        if (target == 0) {
            return false;
        }
        for (long c = classId, depth = 0; c != 0 && depth < 64; c = graph.superclassId(c), depth++) {
            if (c == target) {
                return true;
            }
        }
        return false;
    }

    /** Local name of the nearest ancestor (or the class itself) among {@code candidates}, null when none. */
    String nearestAncestor(long classId, java.util.Set<String> candidates) {
        for (long c = classId, depth = 0; c != 0 && depth < 64; c = graph.superclassId(c), depth++) {
            String name = graph.className(c);
            if (name != null && name.startsWith(prefix)) {
                String local = name.substring(prefix.length());
                if (candidates.contains(local) && classId(local) == c) {
                    return local;
                }
            }
        }
        return null;
    }

    /** Static reference of a Netty class; 0 when absent. */
    long staticRef(String localName, String field) {
        long cls = classId(localName);
        return cls == 0 ? 0 : graph.staticRef(cls, field);
    }

    /** Static number of a Netty class; null when absent. */
    Long staticNumber(String localName, String field) {
        long cls = classId(localName);
        return cls == 0 ? null : graph.staticNumber(cls, field);
    }

    @Override
    public boolean hasClass(String localName) {
        return classId(localName) != 0;
    }

    @Override
    public Boolean hasField(String localName, String field) {
        long cls = classId(localName);
        return cls == 0 ? null : graph.hasInstanceField(cls, field);
    }

    /** All classes in the heap that are, or extend, the given Netty class (user subclasses included). */
    List<Long> subclassesOf(String localName) {
        long target = classId(localName);
        List<Long> result = new ArrayList<>();
        if (target == 0) {
            return result;
        }
        if (allClasses == null) {
            allClasses = graph.allClassIds();
            superOf = new HashMap<>();
            for (long id : allClasses) {
                superOf.put(id, graph.superclassId(id));
            }
        }
        for (long id : allClasses) {
            int depth = 0;
            for (Long c = id; c != null && c != 0 && depth < 64; c = superOf.get(c), depth++) {
                if (c == target) {
                    result.add(id);
                    break;
                }
            }
        }
        return result;
    }
}
