package leaklab.book.evidence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gauge a live demo writes with {@code --csv}: a header of column names, then one row of whole
 * numbers per second, e.g.
 * <pre>
 * seconds,threads,heapUsedBytes,queuedTasks,openSessions,sessionsOpened
 * 0,7,3040632,0,0,0
 * 1,57,4718592,50,50,50
 * </pre>
 */
public final class GaugeCsv {

    private final List<String> columns;
    private final long[][] rows;

    private GaugeCsv(List<String> columns, long[][] rows) {
        this.columns = columns;
        this.rows = rows;
    }

    /**
     * Reads the CSV.
     *
     * @throws IllegalArgumentException on a file without a {@code seconds} column or rows, or a row
     *         that is not a whole number per column, naming the line
     */
    public static GaugeCsv parse(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the gauge CSV is empty");
        }
        List<String> columns = List.of(lines.get(0).split(","));
        if (!columns.get(0).equals("seconds")) {
            throw new IllegalArgumentException("the gauge CSV does not start with a seconds column: " + lines.get(0));
        }
        if (lines.size() < 2) {
            throw new IllegalArgumentException("the gauge CSV has a header and no rows");
        }
        long[][] rows = new long[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException("gauge CSV line " + (i + 1) + " has " + cells.length + " values for "
                        + columns.size() + " columns: " + lines.get(i));
            }
            rows[i - 1] = new long[cells.length];
            for (int c = 0; c < cells.length; c++) {
                try {
                    rows[i - 1][c] = Long.parseLong(cells[c].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("gauge CSV line " + (i + 1) + ", column " + columns.get(c)
                            + ": not a whole number: \"" + cells[c] + "\"");
                }
            }
        }
        return new GaugeCsv(columns, rows);
    }

    public List<String> columns() {
        return columns;
    }

    /** How many seconds were sampled (rows). */
    public int size() {
        return rows.length;
    }

    /**
     * One column's values, a row per second.
     *
     * @throws IllegalArgumentException naming the columns there are, if {@code name} is not one
     */
    public long[] column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("the gauge has no column " + name + " (it has " + columns + ")");
        }
        return Arrays.stream(rows).mapToLong(row -> row[index]).toArray();
    }

    /** A column's value at the row of second {@code second}. */
    public long valueAt(String name, long second) {
        long[] seconds = column("seconds");
        long[] values = column(name);
        for (int i = 0; i < seconds.length; i++) {
            if (seconds[i] == second) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("the gauge has no row for second " + second + " (it has seconds "
                + seconds[0] + " to " + seconds[seconds.length - 1] + ")");
    }

    /**
     * A column's value at the first row that counts {@code operations} operations done: the row a
     * demo writes when it pauses for a look there.
     */
    public long valueAtOperations(String name, long operations) {
        long[] done = column(OPERATIONS);
        long[] values = column(name);
        for (int i = 0; i < done.length; i++) {
            if (done[i] == operations) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("the gauge has no row at " + operations + " operations (it has " + done[0]
                + " to " + done[done.length - 1] + ")");
    }

    /** How much a column grew per operation from one point of the workload to another. */
    public double perOperation(String name, long fromOperations, long toOperations) {
        return (valueAtOperations(name, toOperations) - valueAtOperations(name, fromOperations))
                / (double) (toOperations - fromOperations);
    }

    /** The operations column every live demo writes. */
    public static final String OPERATIONS = "operations";

    /** The last second sampled. */
    public long lastSecond() {
        return rows[rows.length - 1][0];
    }

    /**
     * How much {@code column} grew per unit of {@code per} from second {@code from} to the last row:
     * e.g. threads per session opened. A steady state window keeps the ramp-up of the first second
     * (when sessions open and none has closed yet) out of the figure.
     */
    public double growthPer(String column, String per, long from) {
        long last = lastSecond();
        long denominator = valueAt(per, last) - valueAt(per, from);
        if (denominator <= 0) {
            throw new IllegalArgumentException(per + " did not grow from second " + from + " to " + last);
        }
        return (valueAt(column, last) - valueAt(column, from)) / (double) denominator;
    }
}
