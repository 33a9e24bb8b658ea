package leaklab.leakcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HeapAnalysisTest {

    @Test
    void lambda_names_lose_their_per_run_suffix_and_the_underline_follows_the_name() {
        String jdk17 = String.join("\n",
                "├─ leaklab.Cache$$Lambda$89/0x0000000800c0b000 instance",
                "│    ↓ Cache$$Lambda$89/0x0000000800c0b000.arg$1",
                "│                                          ~~~~~");

        String normalised = HeapAnalysis.normalise(jdk17);

        assertThat(normalised).isEqualTo(String.join("\n",
                "├─ leaklab.Cache$$Lambda instance",
                "│    ↓ Cache$$Lambda.arg$1",
                "│                    ~~~~~"));
    }

    @Test
    void newer_jdks_lambda_names_are_normalised_too() {
        assertThat(HeapAnalysis.normalise("Cache$$Lambda/0x000071c3a8003c00.arg$1"))
                .isEqualTo("Cache$$Lambda.arg$1");
        assertThat(HeapAnalysis.normalise("Cache$$Lambda$14+0x000071c3a8003c00 instance"))
                .isEqualTo("Cache$$Lambda instance");
    }
}
