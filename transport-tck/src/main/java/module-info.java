/**
 * The transport contract test suite: the JUnit 5 tests that every jprefect transport must pass,
 * packaged so that a third party can run them against their own transport.
 *
 * <p>Exports {@code dev.jprefect.transport.tck}, whose abstract
 * {@link dev.jprefect.transport.tck.TransportContract} a test class extends, saying how to host a
 * {@code RequestHandler} and (optionally) how to open a {@code Transport} to it. Uses and provides
 * no service itself: the contract opens transports through {@code dev.jprefect.transport.Transports},
 * so it also proves that the transport's provider is registered. Reads no setting.
 *
 * <p>Requires {@code dev.jprefect.api} and JUnit Jupiter transitively (their types appear in the
 * contract's signatures) and AssertJ. Put this module on the test path only.
 *
 * @since 0.1
 */
module dev.jprefect.transport.tck {
    requires transitive dev.jprefect.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.assertj.core;

    exports dev.jprefect.transport.tck;

    // JUnit discovers and calls the contract's test methods reflectively.
    opens dev.jprefect.transport.tck to org.junit.platform.commons;
}
