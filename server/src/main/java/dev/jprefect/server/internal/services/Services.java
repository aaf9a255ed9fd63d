package dev.jprefect.server.internal.services;

import dev.jprefect.server.internal.models.Models;
import dev.jprefect.server.internal.models.SchedulerPolicy;
import dev.jprefect.server.internal.storage.StorageBusyException;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's background services, as Prefect's: the scheduler (makes the runs of deployments'
 * active schedules ahead of time), late runs (marks runs still Scheduled past their time plus
 * {@code PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS} as Late), the repossessor (gives back
 * the slots of concurrency leases that expired unrenewed) and triggers (evaluates the
 * automations' triggers on the events stored and, every {@code PREFECT_SERVER_EVENTS_PROACTIVE_GRANULARITY},
 * their proactive triggers; runs their actions). Each round reads "now" from the
 * server's clock, so a test that moves a virtual clock and runs a round ({@link #runOnce()}) sees
 * exactly what a server would after that much time.
 *
 * <p>{@link #start()} runs each enabled service every {@code *_LOOP_SECONDS} of real time on one
 * daemon thread until {@link #stop()}; rounds never overlap (one lock), and a failing round is
 * logged and the next one runs as planned. The triggers service also evaluates each event as it is
 * stored, on a daemon thread of its own.
 */
public final class Services {
    /** How long {@link #stop()} waits for a running round to finish. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Prefect's late-runs batch: runs marked per round at most. */
    static final int LATE_RUNS_BATCH_SIZE = 400;
    /** Prefect's repossessor batch: expired leases read per round at most (its lease storage's default). */
    static final int REPOSSESSOR_BATCH_SIZE = 100;

    private static final System.Logger LOG = System.getLogger(Services.class.getName());

    /** One service: its name, its loop interval and one round of its work. */
    private record Service(String name, Duration every, Runnable round) {
    }

    private final List<Service> services = new ArrayList<>();
    private final Object roundLock = new Object();
    private ScheduledExecutorService loop;
    /** The triggers service, or null when {@code PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED} is false. */
    private final Triggers triggers;
    private Thread reactive;

    /**
     * Reads the services' settings once, here.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if one has a bad value, naming it
     */
    public Services(Settings settings, Models models, InstantSource clock) {
        if (settings.get(Setting.SERVER_SERVICES_SCHEDULER_ENABLED)) {
            SchedulerPolicy policy = new SchedulerPolicy(settings.get(Setting.SERVER_SERVICES_SCHEDULER_MAX_RUNS),
                    settings.get(Setting.SERVER_SERVICES_SCHEDULER_MIN_RUNS),
                    settings.get(Setting.SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME),
                    settings.get(Setting.SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME));
            services.add(new Service("scheduler", settings.get(Setting.SERVER_SERVICES_SCHEDULER_LOOP_SECONDS),
                    () -> models.deployments.scheduleRuns(policy)));
        }
        if (settings.get(Setting.SERVER_SERVICES_LATE_RUNS_ENABLED)) {
            Duration after = settings.get(Setting.SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS);
            services.add(new Service("late runs", settings.get(Setting.SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS),
                    () -> models.flowRuns.markLate(clock.instant().minus(after), LATE_RUNS_BATCH_SIZE)));
        }
        if (settings.get(Setting.SERVER_SERVICES_REPOSSESSOR_ENABLED)) {
            services.add(new Service("repossessor", settings.get(Setting.SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS),
                    () -> models.concurrencyLimits.repossessExpiredLeases(REPOSSESSOR_BATCH_SIZE)));
        }
        if (settings.get(Setting.SERVER_SERVICES_TRIGGERS_ENABLED)) {
            triggers = new Triggers(models, clock, settings.get(Setting.SERVER_SERVICES_TRIGGERS_QUEUE_SIZE),
                    new AutomationActions(models, clock));
            services.add(new Service("triggers", settings.get(Setting.SERVER_EVENTS_PROACTIVE_GRANULARITY), triggers::drain));
        } else {
            triggers = null;
        }
    }

    /**
     * Runs one round of every enabled service now, on the caller's thread, in order: scheduler, late
     * runs, repossessor, then triggers (every event stored so far, then the proactive triggers due).
     */
    public void runOnce() {
        for (Service s : services) {
            synchronized (roundLock) {
                s.round().run();
            }
        }
    }

    /** Starts running the enabled services in the background; does nothing if none is enabled or they run already. */
    public synchronized void start() {
        if (loop != null || services.isEmpty()) {
            return;
        }
        if (triggers != null) {
            reactive = new Thread(this::evaluateEvents, "jprefect-server-triggers");
            reactive.setDaemon(true);
            reactive.start();
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jprefect-server-services");
            t.setDaemon(true);
            return t;
        });
        for (Service s : services) {
            loop.scheduleWithFixedDelay(() -> guarded(s), 0, s.every().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the background rounds, waiting up to {@link #STOP_TIMEOUT} for a running one. */
    public synchronized void stop() throws InterruptedException {
        if (loop == null) {
            return;
        }
        loop.shutdownNow();
        if (reactive != null) {
            reactive.interrupt();
        }
        if (!loop.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.log(Level.WARNING, "a server service round still runs after " + STOP_TIMEOUT + "; left to finish");
        }
        if (reactive != null) {
            reactive.join(STOP_TIMEOUT.toMillis());
            reactive = null;
        }
        loop = null;
    }

    /** The triggers service's thread: evaluates each event as it arrives, until interrupted. */
    private void evaluateEvents() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                triggers.takeAndEvaluate();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "the triggers service failed to evaluate an event; it goes on with the next", e);
            }
        }
    }

    private void guarded(Service s) {
        try {
            synchronized (roundLock) {
                s.round().run();
            }
        } catch (StorageBusyException e) { // e.g. a table still loading as a database's server starts
            LOG.log(Level.WARNING, "the " + s.name() + " service's round waits for the storage (" + e.getMessage()
                    + "); the next runs in " + s.every());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the " + s.name() + " service's round failed; the next runs in " + s.every(), e);
        }
    }
}
