package leaklab.leakcheck;

import java.util.List;

/**
 * The two objects the verdict tests hand to a watcher. Each is created inside a method that
 * returns nothing, so that no reference to it stays on the calling test's stack.
 */
final class Watch {

    private Watch() {
    }

    /** Something nobody references: it must be judged collected. */
    static void garbage(ObjectWatcher watcher) {
        watcher.watch(new byte[1024], "garbage");
    }

    /** Something {@code holder} keeps (a static list in the test): it must be judged retained. */
    static void heldBy(List<Object> holder, ObjectWatcher watcher) {
        byte[] held = new byte[1024];
        holder.add(held);
        watcher.watch(held, "held");
    }
}
