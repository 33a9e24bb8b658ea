/**
 * The JUnit Jupiter side: {@link io.github.leaklab.leakcheck.junit.LeakCheck} on a test class or
 * method, and the {@link io.github.leaklab.leakcheck.junit.LeakCheckExtension} it registers.
 * Needs JUnit Jupiter on the test classpath (leakcheck brings no version of its own).
 */
package io.github.leaklab.leakcheck.junit;
