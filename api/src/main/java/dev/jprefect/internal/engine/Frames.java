package dev.jprefect.internal.engine;

import dev.jprefect.RunContext;

/**
 * The run active on each thread. Deliberately not inherited by threads a run starts (as Prefect's
 * context is not); the engine carries it to the threads it runs work on.
 */
public final class Frames {
    private static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

    private Frames() {
    }

    /** Returns the context of the run active on this thread, or null. */
    public static RunContext current() {
        return CURRENT.get();
    }

    static Frame frame() {
        return CURRENT.get();
    }

    /** Makes {@code frame} this thread's active run; returns the one it replaces, for {@link #restore}. */
    static Frame enter(Frame frame) {
        Frame before = CURRENT.get();
        CURRENT.set(frame);
        return before;
    }

    static void restore(Frame before) {
        if (before == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(before);
        }
    }
}
