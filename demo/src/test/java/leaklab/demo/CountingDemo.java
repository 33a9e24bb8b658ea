package leaklab.demo;

import java.util.concurrent.atomic.AtomicLong;

/** The smallest live demo: it counts its operations. {@link LiveDemoProcessTest} runs it in a JVM of its own. */
public final class CountingDemo {

    private CountingDemo() {}

    public static void main(String[] args) {
        LiveDemo demo = new LiveDemo("CountingDemo", "operations per second", "operation");
        DemoOptions options = demo.parseOrExit(args);
        AtomicLong operations = new AtomicLong();
        demo.run(options, Gauge.ofThisJvm().total("counted", "counted", operations::get), operations::incrementAndGet);
    }
}
