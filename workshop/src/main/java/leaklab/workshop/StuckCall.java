package leaklab.workshop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Where a test that ran out of time was stuck, read from its thread's stack: the call into the
 * learner's code that never returned (the outermost frame of a learner's class), the frames of the
 * exercise's own code (learner's and tests', from the innermost to the test method), and the frames
 * above them, in the JDK or a library, where the call waits or spins.
 *
 * @param call the call that never returned, as a learner reads it ({@code ImportWorkers.close()}),
 *     or empty when no learner's code is on the stack
 * @param exerciseFrames the exercise's frames, and whatever runs between them, innermost first
 * @param innerFrames the frames above the exercise's innermost one, innermost first
 */
record StuckCall(String call, List<String> exerciseFrames, List<String> innerFrames) {

    /** How many frames above the exercise's code are shown: enough to see what it waits in. */
    static final int INNER_FRAMES = 8;

    static StuckCall of(StackTraceElement[] stack, Set<String> learnerClasses, Set<String> testClasses) {
        int innermost = -1;
        int outermost = -1;
        int outermostLearner = -1;
        for (int i = 0; i < stack.length; i++) {
            String type = topLevel(stack[i].getClassName());
            boolean learner = learnerClasses.contains(type);
            if (learner || testClasses.contains(type)) {
                innermost = innermost < 0 ? i : innermost;
                outermost = i;
            }
            if (learner) {
                outermostLearner = i;
            }
        }
        List<String> exercise = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        int innerEnd = innermost < 0 ? stack.length : innermost;
        for (int i = 0; i < Math.min(innerEnd, INNER_FRAMES); i++) {
            inner.add(frame(stack[i]));
        }
        if (innerEnd > INNER_FRAMES) {
            inner.add("... " + (innerEnd - INNER_FRAMES) + " more");
        }
        if (innermost >= 0) {
            Arrays.stream(stack, innermost, outermost + 1).forEach(frame -> exercise.add(frame(frame)));
        }
        String call = outermostLearner < 0 ? "" : readable(stack[outermostLearner]);
        return new StuckCall(call, List.copyOf(exercise), List.copyOf(inner));
    }

    /** {@code java.lang.Thread.join(Thread.java:1313)}: as an exception's stack shows it, without module versions. */
    static String frame(StackTraceElement frame) {
        String where = frame.isNativeMethod()
                ? "Native Method"
                : frame.getFileName() == null
                        ? "Unknown Source"
                        : frame.getLineNumber() >= 0
                                ? frame.getFileName() + ":" + frame.getLineNumber()
                                : frame.getFileName();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }

    /** {@code a.b.Outer$Inner} and {@code a.b.Outer$$Lambda/0x...} belong to {@code a.b.Outer}'s source. */
    private static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** {@code ImportWorkers.close()}, {@code new ImportWorkers(...)}, {@code a lambda in ImportWorkers.close()}. */
    static String readable(StackTraceElement frame) {
        String className = frame.getClassName();
        String simple = className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
        String method = frame.getMethodName();
        if (method.equals("<init>")) {
            return "new " + simple + "(...)";
        }
        if (method.equals("<clinit>")) {
            return "the static initialiser of " + simple;
        }
        if (method.startsWith("lambda$")) {
            String[] parts = method.split("\\$");
            String enclosing = parts.length > 1 ? parts[1] : "";
            return "a lambda in "
                    + switch (enclosing) {
                        case "new" -> "new " + simple + "(...)";
                        case "static", "" -> simple;
                        default -> simple + "." + enclosing + "()";
                    };
        }
        return simple + "." + method + "()";
    }
}
