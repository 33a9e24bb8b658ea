package leaklab.exercise.resource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Exercise "resource": an importer of expense reports.
 *
 * <p>Employees upload their expense reports as ZIP files: a {@code report.csv} with one expense a
 * line ({@code 2024-03-01,42.50,taxi to the airport}), and the scans of the receipts beside it.
 * The importer opens each upload, checks it, and reads its expenses. An upload without a report
 * is rejected; one with an amount that is not a number is rejected with an exception.
 *
 * <p>Uploads that pass are imported fine, day after day. But the service runs out of file
 * descriptors ("Too many open files") after a few days, sooner on days when many uploads are
 * rejected, and a restart puts it right, for a while.
 *
 * <p>Make {@code ./lab verify resource} pass without changing the tests: importing an upload,
 * accepted or rejected, must leave no file open. {@code ./lab hint resource} when you are stuck.
 */
public final class ExpenseImporter {

    /** The entry every upload must have. */
    public static final String REPORT = "report.csv";

    /** One line of a report. */
    public record Expense(String date, BigDecimal amount, String description) {}

    /**
     * What became of an upload.
     *
     * @param upload the uploaded file
     * @param expenses the expenses imported; empty when rejected
     * @param rejection why it was rejected, or {@code null} when it was imported
     */
    public record Result(Path upload, List<Expense> expenses, String rejection) {

        public boolean imported() {
            return rejection == null;
        }
    }

    /** An upload whose report cannot be read as expenses: the message says which line, and why. */
    public static final class InvalidUploadException extends Exception {
        public InvalidUploadException(String message) {
            super(message);
        }
    }

    /**
     * Imports one upload.
     *
     * @return the expenses, or the reason the upload was rejected
     * @throws InvalidUploadException if a line of its report is not an expense
     * @throws IOException if the upload cannot be read as a ZIP file
     */
    public Result importUpload(Path upload) throws IOException, InvalidUploadException {
        // TODO: every way out of this method (the return values, the exceptions) must leave the upload closed.
        ZipFile zip = new ZipFile(upload.toFile());
        ZipEntry report = zip.getEntry(REPORT);
        if (report == null) {
            return new Result(upload, List.of(), "no " + REPORT + " in the upload");
        }
        List<Expense> expenses = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(zip.getInputStream(report), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    expenses.add(parse(upload, number, line));
                }
            }
        }
        zip.close();
        return new Result(upload, List.copyOf(expenses), null);
    }

    private static Expense parse(Path upload, int number, String line) throws InvalidUploadException {
        String[] fields = line.split(",", 3);
        if (fields.length != 3) {
            throw new InvalidUploadException(upload.getFileName() + ", line " + number
                    + ": expected date,amount,description, got \"" + line + "\"");
        }
        try {
            return new Expense(fields[0].strip(), new BigDecimal(fields[1].strip()), fields[2].strip());
        } catch (NumberFormatException e) {
            throw new InvalidUploadException(upload.getFileName() + ", line " + number + ": the amount \""
                    + fields[1].strip() + "\" is not a number");
        }
    }
}
