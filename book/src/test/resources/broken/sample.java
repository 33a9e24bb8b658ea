class Sample {
    // tag::body[]
    int answer() {
        return 42;
    }
    // end::body[]
}
