package leaklab.exercise.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.leaklab.leakcheck.FileDescriptors;
import io.github.leaklab.leakcheck.FileReport;
import io.github.leaklab.leakcheck.FileSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "fixed" means for {@link ExpenseImporter}. {@code ./lab verify resource} runs these tests
 * against your code. Leave this file as it is: the fix belongs in ExpenseImporter.java.
 *
 * <p>Each test counts the file descriptors the imports left open, by identity (which file each one
 * points to), with leakcheck's {@link FileDescriptors}: still open, or closed only because a garbage
 * collection let the JDK's Cleaner close it. Both count: until a GC runs, the file stays open.
 */
class ExpenseImporterTest {

    static final int UPLOADS = 10;

    @TempDir
    Path uploads;

    private final ExpenseImporter importer = new ExpenseImporter();

    @BeforeEach
    void descriptorsCanBeCounted() {
        assumeThat(FileDescriptors.countable())
                .as("this system counts open file descriptors")
                .isTrue();
    }

    @Test
    void accepted_uploads_are_imported_with_their_expenses() throws Exception {
        Path upload = upload("upload-1.zip", "2024-03-01,42.50,taxi to the airport\n2024-03-02,18.00,lunch\n");
        FileSnapshot before = FileDescriptors.snapshot();

        ExpenseImporter.Result result = importer.importUpload(upload);

        assertThat(result.imported())
                .as("an upload with a valid report.csv is imported")
                .isTrue();
        assertThat(result.expenses())
                .extracting(ExpenseImporter.Expense::amount)
                .containsExactly(new BigDecimal("42.50"), new BigDecimal("18.00"));
        FileReport files = before.leaks();
        assertThat(files.count())
                .as("files still open after importing one accepted upload: %s", files)
                .isZero();
    }

    @Test
    void rejected_uploads_leave_no_file_open() throws Exception {
        List<Path> all = new ArrayList<>();
        for (int i = 1; i <= UPLOADS; i++) {
            // Every third upload has no report.csv: only the scans of its receipts.
            String name = "upload-" + i + ".zip";
            all.add(i % 3 == 0 ? uploadWithoutReport(name) : upload(name, "2024-03-01,9.90,coffee\n"));
        }
        FileSnapshot before = FileDescriptors.snapshot();

        int rejected = 0;
        for (Path upload : all) {
            ExpenseImporter.Result result = importer.importUpload(upload);
            assertThat(result.imported())
                    .as("%s is imported if and only if it has a report.csv", upload.getFileName())
                    .isEqualTo(!upload.getFileName().toString().matches("upload-[369]\\.zip"));
            rejected += result.imported() ? 0 : 1;
        }

        FileReport files = before.leaks();
        assertThat(files.count())
                .as(
                        "ZIP files still open after importing %d uploads, %d of them rejected for having no report.csv;"
                                + " what leakcheck found:%n%s%n",
                        UPLOADS, rejected, files)
                .isZero();
    }

    @Test
    void uploads_rejected_with_an_exception_leave_no_file_open() throws Exception {
        Path bad1 = upload("upload-bad-1.zip", "2024-03-01,42.50,taxi\n2024-03-02,eighteen,lunch\n");
        Path bad2 = upload("upload-bad-2.zip", "2024-03-03,12 EUR,parking\n");
        FileSnapshot before = FileDescriptors.snapshot();

        for (Path bad : List.of(bad1, bad2)) {
            assertThatThrownBy(() -> importer.importUpload(bad))
                    .as("%s has an amount that is not a number", bad.getFileName())
                    .isInstanceOf(ExpenseImporter.InvalidUploadException.class)
                    .hasMessageContaining("is not a number");
        }

        FileReport files = before.leaks();
        assertThat(files.count())
                .as(
                        "ZIP files still open after 2 uploads rejected with an InvalidUploadException;"
                                + " what leakcheck found:%n%s%n",
                        files)
                .isZero();
    }

    /** An upload: a report.csv with {@code report}, and the scan of a receipt. */
    private Path upload(String name, String report) throws IOException {
        return zip(name, report);
    }

    /** An upload with the scan of a receipt and no report.csv. */
    private Path uploadWithoutReport(String name) throws IOException {
        return zip(name, null);
    }

    private Path zip(String name, String report) throws IOException {
        Path file = uploads.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            if (report != null) {
                zip.putNextEntry(new ZipEntry(ExpenseImporter.REPORT));
                zip.write(report.getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("receipts/receipt-1.txt"));
            zip.write("(the scan of a receipt)".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return file;
    }
}
