package dev.jprefect.integration.deployments;

import dev.jprefect.Flow;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;

/** Flows the deployment tests deploy, found by entrypoint ({@code ...DeployedFlows#fulfil}). */
public final class DeployedFlows {

    /** A flow's parameters: a record with a required, an optional and a list component. */
    public record Order(String customer, int quantity, Optional<String> note, List<String> items) {
    }

    /** A flow of a record, returning a receipt. */
    public static final Flow<Order, String> FULFIL = Flow.of("deployed-fulfil",
            (Order o) -> o.quantity() + " for " + o.customer() + o.note().map(n -> " (" + n + ")").orElse(""));

    /** The entrypoint of {@link #FULFIL}. */
    public static final String FULFIL_ENTRYPOINT = DeployedFlows.class.getName() + "#FULFIL";

    /** A flow that waits at the gate named by its parameter until the test opens it (or it is interrupted). */
    public static final Flow<String, String> GATED = Flow.of("deployed-gated", (String gate) -> {
        Gate g = gate(gate);
        g.entered.countDown();
        g.open.await();
        return gate;
    });

    /** The entrypoint of {@link #GATED}. */
    public static final String GATED_ENTRYPOINT = DeployedFlows.class.getName() + "#GATED";

    private static final ConcurrentMap<String, Gate> GATES = new ConcurrentHashMap<>();

    /** Returns the gate of that name: a latch counted down when a run reaches it, and one that opens it. */
    public static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate(new CountDownLatch(1), new CountDownLatch(1)));
    }

    /**
     * A gate of {@link #GATED}.
     *
     * @param entered counted down when a run reaches the gate
     * @param open counted down by the test to let the run through
     */
    public record Gate(CountDownLatch entered, CountDownLatch open) {
    }

    private DeployedFlows() {
    }
}
