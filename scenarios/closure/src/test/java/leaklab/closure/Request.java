package leaklab.closure;

/**
 * A request, as far as its callbacks go: an id the callback needs, and an upload it does not. Its
 * one callback, "tell client-7 that report-7 is out of date", is written eleven ways, compiled by
 * the build like every test class. {@link CaptureRulesTest} shows what each way captures, from the
 * classes the compiler and the JVM made of it.
 */
final class Request {

    final String reportId = "report-7";
    final byte[] upload = new byte[64 * 1024];
    private final Notifier notifier;

    Request(Notifier notifier) {
        this.notifier = notifier;
    }

    // tag::shapes[]
    /** A lambda that reads a field: its body needs {@code this}, so the lambda captures it. */
    Runnable lambdaReadingAField() {
        return () -> notifier.tell("client-7", reportId);
    }

    /** A lambda that calls an instance method: the same. */
    Runnable lambdaCallingAnInstanceMethod() {
        return () -> tell();
    }

    /** A method reference to an instance method of {@code this}: bound to {@code this}. */
    Runnable methodReferenceOnThis() {
        return this::tell;
    }

    /** A lambda over copies in local variables: it captures the copies, nothing else. */
    Runnable lambdaOverLocalCopies() {
        Notifier to = notifier;
        String id = reportId;
        return () -> to.tell("client-7", id);
    }

    /** A lambda that uses nothing around it. */
    Runnable lambdaUsingNothing() {
        return () -> System.out.println("the rates changed");
    }

    /** A reference to a static method. */
    Runnable staticMethodReference() {
        return Request::ratesChanged;
    }

    /** An anonymous class that reads a field. */
    Runnable anonymousClassReadingAField() {
        return new Runnable() {
            @Override
            public void run() {
                notifier.tell("client-7", reportId);
            }
        };
    }

    /** An anonymous class over copies in local variables, which never touches {@code this}. */
    Runnable anonymousClassOverLocalCopies() {
        Notifier to = notifier;
        String id = reportId;
        return new Runnable() {
            @Override
            public void run() {
                to.tell("client-7", id);
            }
        };
    }

    /** An inner class that reads a field. */
    Runnable innerClassReadingAField() {
        return new TellOutOfDate();
    }

    /** An inner class that uses nothing of its outer instance. */
    Runnable innerClassUsingNothing() {
        return new RatesChanged();
    }

    /** A static nested class, given what it needs as explicit fields. */
    Runnable staticNestedClass() {
        return new Tell(notifier, "client-7", reportId);
    }

    class TellOutOfDate implements Runnable {
        @Override
        public void run() {
            notifier.tell("client-7", reportId);
        }
    }

    class RatesChanged implements Runnable {
        @Override
        public void run() {
            System.out.println("the rates changed");
        }
    }

    static final class Tell implements Runnable {
        private final Notifier to;
        private final String clientId;
        private final String reportId;

        Tell(Notifier to, String clientId, String reportId) {
            this.to = to;
            this.clientId = clientId;
            this.reportId = reportId;
        }

        @Override
        public void run() {
            to.tell(clientId, reportId);
        }
    }
    // end::shapes[]

    private void tell() {
        notifier.tell("client-7", reportId);
    }

    private static void ratesChanged() {
        System.out.println("the rates changed");
    }
}
