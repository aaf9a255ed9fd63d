package dev.jprefect.server.internal.services;

import dev.jprefect.server.internal.models.Models;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * The triggers service, as Prefect's {@code server/events/triggers}: every enabled automation's
 * event triggers are evaluated against each event the server stores (reactive evaluation), and
 * proactive triggers each round as of the server's clock (proactive evaluation). Counts are kept in
 * buckets per trigger and {@code for_each} key over the trigger's {@code within}; a trigger that
 * fires either acts (its automation emits {@code prefect.automation.triggered} and runs its actions,
 * see {@link AutomationActions}) or, inside a compound or sequence trigger, records a child firing
 * until its parent is satisfied.
 *
 * <p>Events wait in a queue of {@code PREFECT_SERVER_SERVICES_TRIGGERS_QUEUE_SIZE}; one that finds
 * it full is not evaluated (logged once until the queue drains); while no automation is enabled, no
 * event is queued. {@link #drain} evaluates what waits, on the caller's thread;
 * the background thread of {@link Services#start} does the same as events arrive. Buckets and child firings
 * live in memory (Prefect keeps them in its database), so a restart begins them anew.
 */
final class Triggers {
    private static final System.Logger LOG = System.getLogger(Triggers.class.getName());
    /** Prefect's {@code PRECEDING_EVENT_LOOKBACK}: how far before an event its new bucket starts. */
    static final Duration PRECEDING_EVENT_LOOKBACK = Duration.ofMinutes(15);

    /** A trigger of a loaded automation: its tree, its automation's view and its parent composite (null at the top). */
    private record Loaded(Map<String, Object> trigger, Map<String, Object> automation, Loaded parent) {
        UUID id() {
            return UUID.fromString((String) trigger.get("id"));
        }

        String type() {
            return (String) trigger.get("type");
        }

        @SuppressWarnings("unchecked")
        List<String> strings(String key) {
            return (List<String>) trigger.get(key);
        }

        boolean proactive() {
            return "Proactive".equals(trigger.get("posture"));
        }

        Duration within() {
            Object w = trigger.get("within");
            return w == null ? null : Duration.ofNanos(Math.round(((Number) w).doubleValue() * 1e9));
        }

        long threshold() {
            return ((Number) trigger.get("threshold")).longValue();
        }
    }

    /** A bucket: counts of one trigger and {@code for_each} key over {@code [start, end)}. */
    private static final class Bucket {
        Instant start;
        Instant end;
        long count;
        Map<String, Object> lastEvent;

        Bucket(Instant start, Instant end, long count, Map<String, Object> lastEvent) {
            this.start = start;
            this.end = end;
            this.count = count;
            this.lastEvent = lastEvent;
        }
    }

    private record BucketKey(UUID trigger, List<String> key) {
    }

    /** One firing of a trigger, as Prefect's {@code Firing}. */
    record Firing(UUID id, Map<String, Object> trigger, Instant triggered, Map<String, String> triggeringLabels,
            Map<String, Object> triggeringEvent) {
    }

    private final Models models;
    private final InstantSource clock;
    private final AutomationActions actions;
    private final BlockingQueue<Map<String, Object>> queue;
    private final Object lock = new Object();
    private final Map<UUID, List<Loaded>> byAutomation = new HashMap<>();
    private final Map<BucketKey, Bucket> buckets = new HashMap<>();
    private final Map<UUID, Instant> nextProactiveRuns = new HashMap<>();
    private final Map<UUID, List<Firing>> childFirings = new HashMap<>();
    /** Whether any automation is enabled: without one, events are not queued at all. */
    private volatile boolean active;
    /** Whether the queue was found full and not yet drained since (its warning is logged once). */
    private final java.util.concurrent.atomic.AtomicBoolean overflowing = new java.util.concurrent.atomic.AtomicBoolean();

    Triggers(Models models, InstantSource clock, int queueSize, AutomationActions actions) {
        this.models = models;
        this.clock = clock;
        this.actions = actions;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        synchronized (lock) {
            for (Map<String, Object> a : models.automations.enabled()) {
                load(a);
            }
            active = !byAutomation.isEmpty();
        }
        models.events.listen(this::offer);
        models.automations.listen(this::changed);
    }

    private void offer(Map<String, Object> event) {
        if (!active) {
            return; // no automation to evaluate it for
        }
        if (queue.offer(event)) {
            return;
        }
        if (overflowing.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "the triggers queue is full (PREFECT_SERVER_SERVICES_TRIGGERS_QUEUE_SIZE is "
                    + (queue.size() + queue.remainingCapacity()) + "); events are not evaluated until it drains (event "
                    + event.get("id") + " is the first left out)");
        }
    }

    /** Takes the next waiting event, waiting for one; then evaluates it. */
    void takeAndEvaluate() throws InterruptedException {
        Map<String, Object> event = queue.take();
        overflowing.set(false);
        synchronized (lock) {
            evaluateReactively(event);
        }
    }

    /** Evaluates every waiting event, then the proactive triggers due, as of the clock. */
    void drain() {
        synchronized (lock) {
            Map<String, Object> event;
            int bound = queue.size() + queue.remainingCapacity(); // events the actions add are evaluated too, within one queue's worth
            while (bound-- > 0 && (event = queue.poll()) != null) {
                evaluateReactively(event);
            }
            overflowing.set(false);
            evaluateProactively(clock.instant());
        }
    }

    /** Evaluates the proactive triggers due as of the clock. */
    void evaluateProactively() {
        synchronized (lock) {
            evaluateProactively(clock.instant());
        }
    }

    // ---- the automations ----------------------------------------------------------------------

    private void changed(UUID id) {
        synchronized (lock) {
            forget(id);
            models.automations.read(id).filter(a -> Boolean.TRUE.equals(a.get("enabled"))).ifPresent(this::load);
            active = !byAutomation.isEmpty();
        }
    }

    private void forget(UUID automationId) {
        List<Loaded> gone = byAutomation.remove(automationId);
        if (gone != null) {
            for (Loaded t : gone) {
                buckets.keySet().removeIf(k -> k.trigger().equals(t.id()));
                nextProactiveRuns.remove(t.id());
                childFirings.remove(t.id());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void load(Map<String, Object> automation) {
        List<Loaded> all = new ArrayList<>();
        collect(new Loaded((Map<String, Object>) automation.get("trigger"), automation, null), all);
        byAutomation.put(UUID.fromString(String.valueOf(automation.get("id"))), all);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Loaded t, List<Loaded> into) {
        into.add(t);
        if (t.trigger().get("triggers") instanceof List) {
            for (Object child : (List<Object>) t.trigger().get("triggers")) {
                collect(new Loaded((Map<String, Object>) child, t.automation(), t), into);
            }
        }
    }

    private Collection<Loaded> eventTriggers() {
        List<Loaded> out = new ArrayList<>();
        byAutomation.values().forEach(list -> list.stream().filter(t -> "event".equals(t.type())).forEach(out::add));
        return out;
    }

    // ---- reactive evaluation ------------------------------------------------------------------

    private void evaluateReactively(Map<String, Object> event) {
        String name = (String) event.get("event");
        Instant occurred = Instant.parse(String.valueOf(event.get("occurred")));
        for (Loaded t : eventTriggers()) {
            if (!covers(t, event)) {
                continue;
            }
            List<String> key = bucketingKey(t, event);
            BucketKey bk = new BucketKey(t.id(), key);
            Bucket bucket = null;
            if (!t.strings("after").isEmpty() && startsAfter(t, name)) {
                long initial = expects(t, name) ? -1 : 0;
                bucket = buckets.computeIfAbsent(bk, k -> new Bucket(occurred, occurred.plus(t.within()), initial, event));
            }
            if (bucket == null && t.strings("after").isEmpty() && expects(t, name)) {
                bucket = buckets.computeIfAbsent(bk, k -> new Bucket(occurred.minus(PRECEDING_EVENT_LOOKBACK),
                        occurred.plus(t.within()), 0, event));
            }
            if (!expects(t, name)) {
                continue;
            }
            if (bucket == null) {
                bucket = buckets.get(bk);
                if (bucket == null) {
                    continue;
                }
            }
            evaluate(t, bk, bucket, occurred, event);
        }
    }

    /** Prefect's {@code evaluate}: counts the event, fires or rolls the bucket; returns the bucket kept, or null. */
    private Bucket evaluate(Loaded t, BucketKey bk, Bucket bucket, Instant now, Map<String, Object> event) {
        long count = event != null ? 1 : 0;
        if (now.isBefore(bucket.start)) {
            return bucket; // a late event
        }
        Map<String, Object> previousLast = bucket.lastEvent;
        boolean immediate = !t.proactive() && t.within().isZero();
        if (count > 0 && (immediate || (!now.isBefore(bucket.start) && now.isBefore(bucket.end)))) {
            bucket.count += count;
            bucket.lastEvent = event;
            count = 0;
        }
        boolean readyToFire = !t.proactive() || !bucket.end.isAfter(now);
        boolean meetsThreshold = t.proactive() ? bucket.count < t.threshold() : bucket.count >= t.threshold();
        if (readyToFire && meetsThreshold) {
            Map<String, String> labels = new LinkedHashMap<>();
            List<String> forEach = sorted(t.strings("for_each"));
            for (int i = 0; i < forEach.size(); i++) {
                labels.put(forEach.get(i), bk.key().get(i));
            }
            buckets.remove(bk);
            fire(t, new Firing(UUID.randomUUID(), t.trigger(), clock.instant(), labels,
                    event != null ? event : bucket.lastEvent));
        } else if (now.isBefore(bucket.end)) {
            if (event != null && t.proactive() && !meetsThreshold && startsAfter(t, (String) event.get("event"))
                    && expects(t, (String) event.get("event"))) {
                Instant occurred = Instant.parse(String.valueOf(event.get("occurred")));
                Map<String, Object> last = event;
                if (previousLast != null && expects(t, (String) previousLast.get("event"))
                        && !startsAfter(t, (String) previousLast.get("event"))
                        && !Instant.parse(String.valueOf(previousLast.get("occurred"))).isBefore(occurred)) {
                    last = previousLast;
                }
                Bucket fresh = new Bucket(occurred, occurred.plus(t.within()), 0, last);
                buckets.put(bk, fresh);
                return fresh;
            }
            return bucket;
        }
        if (!t.strings("after").isEmpty()) {
            buckets.remove(bk);
            return null;
        }
        if (t.within().isZero()) {
            buckets.remove(bk);
            return null;
        }
        Instant start = bucket.end.isAfter(now) ? bucket.end : now;
        Bucket next = new Bucket(start, start.plus(t.within()), count > 0 && !t.proactive() ? 0 : count, null);
        buckets.put(bk, next);
        if (!t.proactive() && count > 0) {
            return evaluate(t, bk, next, now, event);
        }
        return next;
    }

    // ---- proactive evaluation -----------------------------------------------------------------

    private void evaluateProactively(Instant now) {
        for (Loaded t : eventTriggers()) {
            if (!t.proactive()) {
                continue;
            }
            Instant next = nextProactiveRuns.getOrDefault(t.id(), now);
            if (next.isAfter(now)) {
                continue;
            }
            Instant runAgainAt = now.plus(t.within());
            if (t.strings("for_each").isEmpty()) {
                buckets.computeIfAbsent(new BucketKey(t.id(), List.of()), k -> new Bucket(now, now.plus(t.within()), 0, null));
            }
            buckets.entrySet().removeIf(e -> e.getKey().trigger().equals(t.id()) && e.getValue().count >= t.threshold());
            List<Map.Entry<BucketKey, Bucket>> mine = new ArrayList<>();
            buckets.entrySet().stream().filter(e -> e.getKey().trigger().equals(t.id())).forEach(mine::add);
            for (Map.Entry<BucketKey, Bucket> e : mine) {
                Bucket kept = evaluate(t, e.getKey(), e.getValue(), now, null);
                if (kept != null && now.isBefore(kept.end) && kept.end.isBefore(runAgainAt)) {
                    runAgainAt = kept.end;
                }
            }
            nextProactiveRuns.put(t.id(), runAgainAt);
        }
    }

    // ---- firing -------------------------------------------------------------------------------

    private void fire(Loaded t, Firing firing) {
        if (t.parent() == null) {
            actions.act(t.automation(), firing);
            return;
        }
        Loaded parent = t.parent();
        @SuppressWarnings("unchecked")
        List<Object> children = (List<Object>) parent.trigger().get("triggers");
        long expected = "compound".equals(parent.type()) ? switch (String.valueOf(parent.trigger().get("require"))) {
            case "any" -> 1;
            case "all" -> children.size();
            default -> ((Number) parent.trigger().get("require")).longValue();
        } : children.size();
        if (expected == 1) {
            fire(parent, new Firing(UUID.randomUUID(), parent.trigger(), clock.instant(), Map.of(), firing.triggeringEvent()));
            return;
        }
        List<Firing> firings = childFirings.computeIfAbsent(parent.id(), k -> new ArrayList<>());
        Duration within = parent.within();
        if (within != null) {
            Instant oldest = firing.triggered().minus(within);
            firings.removeIf(f -> f.triggered().isBefore(oldest));
        }
        firings.removeIf(f -> f.trigger().get("id").equals(firing.trigger().get("id")));
        firings.add(firing);
        boolean ready;
        if ("compound".equals(parent.type())) {
            ready = firings.size() >= expected;
        } else {
            List<Object> order = firings.stream().sorted((a, b) -> a.triggered().compareTo(b.triggered()))
                    .map(f -> f.trigger().get("id")).map(Object.class::cast).toList();
            ready = order.equals(children.stream().map(c -> ((Map<?, ?>) c).get("id")).toList());
        }
        if (ready) {
            childFirings.remove(parent.id());
            fire(parent, new Firing(UUID.randomUUID(), parent.trigger(), clock.instant(), Map.of(), firing.triggeringEvent()));
        }
    }

    // ---- matching -----------------------------------------------------------------------------

    /** Prefect's {@code EventTrigger.covers}: the event's name and resources match. */
    @SuppressWarnings("unchecked")
    private static boolean covers(Loaded t, Map<String, Object> event) {
        String name = (String) event.get("event");
        List<String> expect = t.strings("expect");
        if (!expect.isEmpty()) {
            boolean any = false;
            for (String pattern : concat(expect, t.strings("after"))) {
                any |= Pattern.matches(Pattern.quote(pattern).replace("*", "\\E.+\\Q"), name);
            }
            if (!any) {
                return false;
            }
        }
        Map<String, String> resource = (Map<String, String>) event.get("resource");
        List<Map<String, String>> related = (List<Map<String, String>>) event.get("related");
        if (!includes((Map<String, Object>) t.trigger().get("match"), List.of(resource))) {
            return false;
        }
        Object matchRelated = t.trigger().get("match_related");
        List<Object> specs = matchRelated instanceof List ? (List<Object>) matchRelated : List.of(matchRelated);
        for (Object spec : specs) {
            if (!includes((Map<String, Object>) spec, related)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Prefect's {@code ResourceSpecification.includes}. */
    private static boolean includes(Map<String, Object> spec, List<Map<String, String>> candidates) {
        if (spec.isEmpty()) {
            return true;
        }
        for (Map<String, String> candidate : candidates) {
            if (matchesResource(spec, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesResource(Map<String, Object> spec, Map<String, String> resource) {
        for (Map.Entry<String, Object> e : spec.entrySet()) {
            List<?> expected = e.getValue() instanceof List ? (List<?>) e.getValue() : List.of(e.getValue());
            String value = resource.get(e.getKey());
            if (expected.stream().noneMatch(candidate -> matches((String) candidate, value))) {
                return false;
            }
        }
        return true;
    }

    /** Prefect's {@code matches}: a glob ({@code fnmatchcase}), negated by a leading {@code !}. */
    static boolean matches(String expected, String value) {
        if (value == null) {
            return false;
        }
        boolean positive = !expected.startsWith("!");
        String glob = positive ? expected : expected.substring(1);
        boolean match = Pattern.matches(globToRegex(glob), value);
        return positive == match;
    }

    private static String globToRegex(String glob) {
        StringBuilder out = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> out.append(".*");
                case '?' -> out.append('.');
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    private static boolean startsAfter(Loaded t, String event) {
        return t.strings("after").stream().anyMatch(candidate -> matches(candidate, event));
    }

    private static boolean expects(Loaded t, String event) {
        List<String> expect = t.strings("expect");
        return expect.isEmpty() || expect.stream().anyMatch(candidate -> matches(candidate, event));
    }

    /** Prefect's {@code bucketing_key}: the value of each {@code for_each} label, sorted by label. */
    @SuppressWarnings("unchecked")
    private static List<String> bucketingKey(Loaded t, Map<String, Object> event) {
        List<String> key = new ArrayList<>();
        for (String label : sorted(t.strings("for_each"))) {
            String value = null;
            int colon = label.lastIndexOf(':');
            String directive = colon < 0 ? "" : label.substring(0, colon);
            String relatedLabel = colon < 0 ? label : label.substring(colon + 1);
            if (directive.startsWith("related:")) {
                String role = directive.substring("related:".length());
                for (Map<String, String> r : (List<Map<String, String>>) event.get("related")) {
                    if (role.equals(r.get("prefect.resource.role"))) {
                        value = r.get(relatedLabel);
                        break;
                    }
                }
            } else {
                value = ((Map<String, String>) event.get("resource")).get(label);
            }
            key.add(value == null ? "" : value);
        }
        return key;
    }

    private static List<String> sorted(List<String> labels) {
        return labels.stream().sorted().toList();
    }
}
