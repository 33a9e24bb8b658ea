package io.github.leaklab.leakcheck;

/**
 * One open file descriptor, as {@code ls -l /proc/<pid>/fd} shows it.
 *
 * @param fd its number
 * @param target what it points to: a path, {@code socket:[1234]}, {@code pipe:[99]}, {@code anon_inode:[eventpoll]}
 */
public record OpenDescriptor(int fd, String target) {

    @Override
    public String toString() {
        return "fd " + fd + " -> " + target;
    }
}
