package dev.jprefect;

/**
 * The function of a flow or task that takes an input: {@link java.util.function.Function}, but free
 * to throw checked exceptions, which fail the run as any other exception does.
 *
 * <pre>{@code
 * Task<Path, String> read = Task.of("read", (Path p) -> Files.readString(p));   // IOException fails the run
 * }</pre>
 *
 * <p>Java infers a lambda's parameter type only from a target type: with nothing to infer it from,
 * as in {@code Task.of("len", s -> s.length()).withRetries(1)}, write the type,
 * {@code Task.of("len", (String s) -> s.length()).withRetries(1)}, or assign first,
 * {@code Task<String, Integer> len = Task.of("len", s -> s.length());}.
 *
 * @param <I> the type of the input
 * @param <O> the type of the result
 */
@FunctionalInterface
public interface ThrowingFunction<I, O> {

    /**
     * Runs on {@code input} and returns the result.
     *
     * @throws Exception anything; the run fails with it
     */
    O apply(I input) throws Exception;
}
