package io.github.leaklab.leakcheck;

import java.util.List;

/**
 * What stopping leaked threads achieved.
 *
 * @param stopped the threads that ended
 * @param survivors the threads still alive after the timeout (zombies)
 * @param notes for each survivor that could not be stopped the way its owner would, why: the JDK
 *     internals a Timer's or a pool's teardown reaches need {@code --add-opens}
 */
public record StopResult(List<Thread> stopped, List<Thread> survivors, List<String> notes) {

    public StopResult {
        stopped = List.copyOf(stopped);
        survivors = List.copyOf(survivors);
        notes = List.copyOf(notes);
    }

    public boolean allStopped() {
        return survivors.isEmpty();
    }

    @Override
    public String toString() {
        if (allStopped()) {
            return "Stopped "
                    + (stopped.size() == 1 ? "the leaked thread." : "all " + stopped.size() + " leaked threads.");
        }
        StringBuilder out = new StringBuilder("Could not stop ")
                .append(survivors.size())
                .append(" of ")
                .append(stopped.size() + survivors.size())
                .append(" leaked threads; they stay alive, but no later test is charged with them:");
        for (String note : notes) {
            out.append("\n  ").append(note);
        }
        for (Thread survivor : survivors) {
            if (notes.stream().noneMatch(note -> note.startsWith("\"" + survivor.getName() + "\""))) {
                out.append("\n  \"")
                        .append(survivor.getName())
                        .append("\" ")
                        .append(survivor.getState())
                        .append(": did not end within the timeout after an interrupt.");
            }
        }
        return out.toString();
    }
}
