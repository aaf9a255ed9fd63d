package dev.jprefect;

/**
 * The function of a flow or task without input that returns a result:
 * {@link java.util.function.Supplier}, but free to throw checked exceptions, which fail the run as
 * any other exception does.
 *
 * <pre>{@code
 * Flow<Void, String> today = Flow.of("today", () -> Files.readString(Path.of("today.csv")));
 * }</pre>
 *
 * @param <O> the type of the result
 */
@FunctionalInterface
public interface ThrowingSupplier<O> {

    /**
     * Runs and returns the result.
     *
     * @throws Exception anything; the run fails with it
     */
    O get() throws Exception;
}
