package dev.jprefect.harness.junit;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.harness.junit.PrefectTest.Scope;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link PrefectTest}; register it with that annotation rather than
 * directly.
 *
 * <p>Per test it opens a {@link HarnessSession} on the test's harness (a new one, the class's or the
 * run's, as the annotation's {@link PrefectTest#scope() scope} says) and enters it on the thread
 * that runs the test, so the test and the threads it starts talk to the harness; harnesses shared
 * by a class or the whole run live in the class's or the root context's store. For a shared
 * harness, {@code @BeforeAll} and {@code @AfterAll} methods run inside a session of the class,
 * entered only while each of them runs. After the test it
 * sends the run logs still queued, restores the thread's settings, and prints the test's runs if
 * it failed.
 */
public final class PrefectTestExtension
        implements AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {

    /** The report entry under which a failing test's runs are published. */
    public static final String REPORT_KEY = "prefect.runs";

    private static final Namespace NAMESPACE = Namespace.create(PrefectTestExtension.class);

    private static final Set<Class<?>> INJECTABLE = Set.of(PrefectTestHarness.class, HarnessSession.class,
            PrefectClient.class, PrefectAsyncClient.class, TestRuns.class, VirtualClock.class);

    /** What tells one harness from another in a store: tests asking for the same share it. */
    private record HarnessKey(PrefectTestHarness.Mode mode, Scope scope, boolean timeSkipping) {
        static HarnessKey of(PrefectTest annotation) {
            return new HarnessKey(annotation.mode(), annotation.scope(), annotation.timeSkipping());
        }
    }

    /** The session of one test (or, for lifecycle methods of a shared harness, of one class) and its scope. */
    private static final class Entry implements AutoCloseable {
        final HarnessSession session;
        HarnessSession.Scope scope;

        Entry(HarnessSession session) {
            this.session = session;
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * The store key of {@code context}'s session entry. Stores look values up in their parents too,
     * so the key names the context: a test must not find its class's entry.
     */
    private static String entryKey(ExtensionContext context) {
        return "session " + context.getUniqueId();
    }

    /** Called by JUnit. */
    public PrefectTestExtension() {
    }

    // ---- lifecycle

    /**
     * Runs a {@code @BeforeAll} method inside the class's session of a shared harness. The session is
     * entered for the method's call only, not for the class: threads that JUnit starts from the
     * class's thread to run its tests in parallel must not inherit it.
     */
    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInClassSession(invocation, context);
    }

    /** Runs an {@code @AfterAll} method inside the class's session of a shared harness. */
    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        proceedInClassSession(invocation, context);
    }

    @SuppressWarnings("try") // the scope is held for its effect: the session is current while the method runs
    private static void proceedInClassSession(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        Optional<PrefectTest> annotation = classAnnotation(context.getRequiredTestClass());
        if (annotation.isEmpty() || annotation.get().scope() == Scope.PER_TEST) {
            invocation.proceed();
            return;
        }
        try (HarnessSession.Scope scope = entry(context, annotation.get()).session.enter()) {
            invocation.proceed();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Entry entry = context.getStore(NAMESPACE).remove(entryKey(context), Entry.class);
        if (entry != null) {
            entry.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Entry entry = entry(context, annotation(context));
        entry.scope = entry.session.enter();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Entry entry = context.getStore(NAMESPACE).remove(entryKey(context), Entry.class);
        if (entry == null) {
            return;
        }
        try {
            try {
                if (entry.scope != null) {
                    entry.scope.close(); // sends the queued run logs, so the report has them
                }
            } finally {
                if (context.getExecutionException().isPresent()) {
                    report(context, entry.session);
                }
            }
        } finally {
            entry.close();
            if (annotation(context).scope() == Scope.PER_TEST) {
                PrefectTestHarness harness = context.getStore(NAMESPACE)
                        .remove(HarnessKey.of(annotation(context)), PrefectTestHarness.class);
                if (harness != null) {
                    harness.close();
                }
            }
        }
    }

    /** Prints the failing test's runs to {@code System.err} and publishes them as a report entry. */
    private static void report(ExtensionContext context, HarnessSession session) {
        String header = "Prefect runs of failed test " + context.getDisplayName() + " (" + session.harness().mode()
                + " harness at " + session.harness().apiUrl() + "):";
        String body;
        try {
            body = session.runs().report();
        } catch (RuntimeException e) {
            body = "(could not read the runs: " + e + ")\n";
        }
        String report = header + "\n" + body;
        System.err.print(report);
        System.err.flush();
        context.publishReportEntry(REPORT_KEY, report);
    }

    // ---- parameters

    /** Lets constructors see the test's own context, so a per-test harness can be injected there too. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.contains(parameter.getParameter().getType()) && findAnnotation(context).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PrefectTest annotation = findAnnotation(context).orElseThrow();
        if (context.getTestMethod().isEmpty() && annotation.scope() == Scope.PER_TEST) {
            throw new ParameterResolutionException("a per-test Prefect harness exists only while a test runs, so "
                    + parameter.getDeclaringExecutable() + " cannot have its " + parameter.getParameter().getType()
                    .getSimpleName() + "; use @PrefectTest(scope = PER_CLASS) or PER_RUN to share one with lifecycle methods");
        }
        HarnessSession session = entry(context, annotation).session;
        Class<?> type = parameter.getParameter().getType();
        if (type == PrefectTestHarness.class) {
            return session.harness();
        }
        if (type == HarnessSession.class) {
            return session;
        }
        if (type == PrefectClient.class) {
            return session.client();
        }
        if (type == PrefectAsyncClient.class) {
            return session.client().async();
        }
        if (type == TestRuns.class) {
            return session.runs();
        }
        return session.harness().virtualClock().orElseThrow(() -> new ParameterResolutionException(
                parameter.getDeclaringExecutable() + " asks for a VirtualClock, but the harness does not skip time;"
                        + " use @PrefectTest(timeSkipping = true)"));
    }

    // ---- harnesses and sessions

    /** Returns the session entry of {@code context} (a test or a class), opening it on first use. */
    private static Entry entry(ExtensionContext context, PrefectTest annotation) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(entryKey(context),
                key -> new Entry(harness(context, annotation).openSession(context.getDisplayName())), Entry.class);
    }

    /** Returns the harness for {@code annotation}, started in the store its scope says on first use. */
    private static PrefectTestHarness harness(ExtensionContext context, PrefectTest annotation) {
        ExtensionContext owner;
        switch (annotation.scope()) {
            case PER_RUN:
                owner = context.getRoot();
                break;
            case PER_CLASS:
                owner = classContext(context);
                break;
            default:
                owner = context;
                break;
        }
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(HarnessKey.of(annotation), key -> PrefectTestHarness.builder()
                .mode(annotation.mode())
                .timeSkipping(annotation.timeSkipping())
                .startDetached(), PrefectTestHarness.class);
    }

    /** Returns the context of the class that declares the test (itself, for a class context). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** Returns the annotation that governs {@code context}'s test: the method's, else the class's. */
    private static PrefectTest annotation(ExtensionContext context) {
        return findAnnotation(context).orElseThrow(() -> new IllegalStateException(
                "PrefectTestExtension is registered for " + context.getDisplayName() + " without @PrefectTest;"
                        + " annotate the class or method with @PrefectTest instead of registering the extension directly"));
    }

    private static Optional<PrefectTest> findAnnotation(ExtensionContext context) {
        Optional<PrefectTest> onMethod = context.getTestMethod().flatMap(m -> find(m));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        return context.getTestClass().flatMap(PrefectTestExtension::classAnnotation);
    }

    /** Returns the annotation of {@code type}, its superclasses or, for nested classes, its enclosing classes. */
    private static Optional<PrefectTest> classAnnotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Optional<PrefectTest> found = find(c);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<PrefectTest> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, PrefectTest.class);
    }
}
