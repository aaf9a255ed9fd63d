package dev.jprefect.harness;

/**
 * A {@link PrefectTestHarness} did not start: a step failed, or start-up took longer than its
 * timeout. The message names the mode, the step that did not finish, the steps that did, and the
 * setting that bounds start-up ({@code PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS}).
 */
public final class HarnessStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String step;

    /** Creates the exception for a failure at {@code step}. */
    public HarnessStartupException(String step, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
    }

    /** Returns the start-up step that did not finish, e.g. {@code "listen on a loopback port"}. */
    public String step() {
        return step;
    }
}
