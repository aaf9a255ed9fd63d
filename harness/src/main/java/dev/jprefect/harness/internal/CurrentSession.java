package dev.jprefect.harness.internal;

import dev.jprefect.harness.HarnessSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harness sessions entered on the current thread, innermost first; a thread started inside a
 * session's scope starts with its parent's sessions, as with {@code Settings.override}. This is
 * how assertions find the client to look runs up with.
 */
public final class CurrentSession {

    private static final InheritableThreadLocal<List<HarnessSession>> ENTERED = new InheritableThreadLocal<>() {
        @Override
        protected List<HarnessSession> initialValue() {
            return List.of();
        }
    };

    private CurrentSession() {
    }

    /** Returns the innermost session entered on this thread, if any. */
    public static Optional<HarnessSession> get() {
        List<HarnessSession> entered = ENTERED.get();
        return entered.isEmpty() ? Optional.empty() : Optional.of(entered.get(0));
    }

    /** Makes {@code session} the innermost on this thread; the returned action undoes exactly that. */
    static Runnable push(HarnessSession session) {
        List<HarnessSession> after = new ArrayList<>();
        after.add(session);
        after.addAll(ENTERED.get());
        ENTERED.set(List.copyOf(after));
        return () -> {
            List<HarnessSession> rest = new ArrayList<>(ENTERED.get());
            for (int i = 0; i < rest.size(); i++) {
                if (rest.get(i) == session) {
                    rest.remove(i);
                    break;
                }
            }
            ENTERED.set(List.copyOf(rest));
        };
    }
}
