package leaklab.benchmarks.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class VariantClassLoaderTest {

    @Test
    void theLeakingAndTheFixedClassShareANameButNotAClass() {
        Class<?> leaking = VariantClassLoader.of("timer", "leaking").variantClass("leaklab.timer.Session");
        Class<?> fixed = VariantClassLoader.of("timer", "fixed").variantClass("leaklab.timer.Session");

        assertThat(leaking.getName()).isEqualTo(fixed.getName());
        assertThat(leaking).isNotSameAs(fixed);
        assertThat(leaking.getClassLoader()).hasToString("VariantClassLoader[timer/leaking]");
        assertThat(fixed.getClassLoader()).hasToString("VariantClassLoader[timer/fixed]");
    }

    @Test
    void eachVariantIsDefinedFromItsOwnModulesBytes() throws IOException {
        assertThat(bytes("leaking", "leaklab/timer/Session.class"))
                .as("Session.class as compiled in scenarios/timer and in fixes/timer")
                .isNotEqualTo(bytes("fixed", "leaklab/timer/Session.class"));
    }

    @Test
    void classesOutsideTheVariantComeFromTheParent() throws ClassNotFoundException {
        ClassLoader loader = VariantClassLoader.of("timer", "leaking");
        assertThat(loader.loadClass("leaklab.benchmarks.variants.VariantClassLoader"))
                .isSameAs(VariantClassLoader.class);
    }

    @Test
    void anUnknownVariantSaysWhatExistsAndHowToBuildIt() {
        assertThatThrownBy(() -> VariantClassLoader.of("timer", "fix"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("\"leaking\" and \"fixed\"")
                .hasMessageContaining("./mvnw package -pl benchmarks");
    }

    private static byte[] bytes(String variant, String resource) throws IOException {
        try (InputStream in = VariantClassLoader.of("timer", variant).getResourceAsStream(resource)) {
            assertThat(in).as("%s in variant %s", resource, variant).isNotNull();
            return in.readAllBytes();
        }
    }
}
