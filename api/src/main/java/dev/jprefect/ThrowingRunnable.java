package dev.jprefect;

/**
 * The function of a flow or task without input or result: {@link Runnable}, but free to throw
 * checked exceptions, which fail the run as any other exception does. Its runs complete with the
 * result {@code null}.
 *
 * <pre>{@code
 * Flow<Void, Void> nightly = Flow.of("nightly", () -> {
 *     Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
 *     cleanup.call();
 * });
 * }</pre>
 *
 * <p>A lambda whose body is an expression with a value, {@code () -> compute()}, is a
 * {@link ThrowingSupplier} (the result is kept); a block without {@code return}, or a call of a
 * {@code void} method, is a {@code ThrowingRunnable}.
 */
@FunctionalInterface
public interface ThrowingRunnable {

    /**
     * Runs.
     *
     * @throws Exception anything; the run fails with it
     */
    void run() throws Exception;
}
