package leaklab.exercise.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.leaklab.leakcheck.FileDescriptors;
import io.github.leaklab.leakcheck.FileReport;
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
 * points to), with leakcheck's {@link FileDescriptors#leaksOf}: still open, or closed only because a
 * garbage collection let the JDK's Cleaner close it. Both count: until a GC runs, the file stays
 * open. A collection the JVM runs by itself during the imports would close a dropped file unseen,
 * so {@code leaksOf} imports again when one ran.
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

        FileReport files = FileDescriptors.leaksOf(() -> {
            ExpenseImporter.Result result = importer.importUpload(upload);

            assertThat(result.imported())
                    .as("an upload with a valid report.csv is imported")
                    .isTrue();
            assertThat(result.expenses())
                    .extracting(ExpenseImporter.Expense::amount)
                    .containsExactly(new BigDecimal("42.50"), new BigDecimal("18.00"));
        });
        assertThat(files.count())
                .as("files still open after importing one accepted upload: %s", files)
                .isZero();
    }

    @Test
    void rejected_uploads_leave_no_file_open() throws Exception {
        List<Path> all = new ArrayList<>();
        List<Path> withoutReport = new ArrayList<>();
        for (int i = 1; i <= UPLOADS; i++) {
            // Every third upload has no report.csv: only the scans of its receipts.
            String name = "upload-" + i + ".zip";
            Path upload = i % 3 == 0 ? uploadWithoutReport(name) : upload(name, "2024-03-01,9.90,coffee\n");
            all.add(upload);
            if (i % 3 == 0) {
                withoutReport.add(upload);
            }
        }

        FileReport files = FileDescriptors.leaksOf(() -> {
            for (Path upload : all) {
                assertThat(importer.importUpload(upload).imported())
                        .as("%s is imported if and only if it has a report.csv", upload.getFileName())
                        .isEqualTo(!withoutReport.contains(upload));
            }
        });
        assertThat(files.count())
                .as(
                        "ZIP files still open after importing %d uploads, %d of them rejected for having no report.csv;"
                                + " what leakcheck found:%n%s%n",
                        UPLOADS, withoutReport.size(), files)
                .isZero();
    }

    @Test
    void uploads_rejected_with_an_exception_leave_no_file_open() throws Exception {
        Path bad1 = upload("upload-bad-1.zip", "2024-03-01,42.50,taxi\n2024-03-02,eighteen,lunch\n");
        Path bad2 = upload("upload-bad-2.zip", "2024-03-03,12 EUR,parking\n");
        FileReport files = FileDescriptors.leaksOf(() -> {
            for (Path bad : List.of(bad1, bad2)) {
                assertThatThrownBy(() -> importer.importUpload(bad))
                        .as("%s has an amount that is not a number", bad.getFileName())
                        .isInstanceOf(ExpenseImporter.InvalidUploadException.class)
                        .hasMessageContaining("is not a number");
            }
        });
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
