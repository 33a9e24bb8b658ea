package leaklab.closure;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A data set a client uploaded: a CSV file of sales, one {@code sku,cents} line per sale, in US
 * dollar cents. The report server reads it once, to render the report; it is by far the largest
 * thing a request holds.
 */
public final class Upload {

    private final String name;
    private final byte[] bytes;

    public Upload(String name, byte[] bytes) {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /**
     * A data set of {@code size} bytes of sales lines ({@code sku-0001,1250}), the same for the
     * same size: what the tests and the demo upload.
     */
    public static Upload ofSales(String name, int size) {
        if (size < 16) {
            throw new IllegalArgumentException("an upload of sales needs at least 16 bytes: " + size);
        }
        StringBuilder csv = new StringBuilder(size + 16);
        for (int sale = 1; csv.length() < size; sale++) {
            int sku = sale % 10_000;
            csv.append("sku-")
                    .append(sku < 1000 ? "0" : "")
                    .append(sku < 100 ? "0" : "")
                    .append(sku < 10 ? "0" : "")
                    .append(sku)
                    .append(',')
                    .append(100 + sale % 9_900)
                    .append('\n');
        }
        csv.setLength(size);
        csv.setCharAt(size - 1, '\n'); // the last line ends, even if cut short
        return new Upload(name, csv.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public String name() {
        return name;
    }

    public int size() {
        return bytes.length;
    }

    /** The sales in this upload, and their total in cents. */
    Sales sales() {
        int lines = 0;
        long cents = 0;
        long amount = 0;
        boolean inAmount = false;
        for (byte b : bytes) {
            if (b == ',') {
                inAmount = true;
                amount = 0;
            } else if (b == '\n') {
                if (inAmount) {
                    lines++;
                    cents += amount;
                }
                inAmount = false;
            } else if (inAmount && b >= '0' && b <= '9') {
                amount = amount * 10 + (b - '0');
            }
        }
        return new Sales(lines, cents);
    }

    /** What a report needs of an upload: how many sales, and their total. */
    record Sales(int count, long totalCents) {}

    @Override
    public String toString() {
        return "Upload[" + name + ", " + bytes.length + " bytes]";
    }
}
