package dev.jprefect.settings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Immutable Prefect settings: where a client, a server or a flow reads its configuration.
 *
 * <p>A value is looked up, first match wins, in: the settings' own explicit values; the scoped
 * overrides of the current thread ({@link #override(Map)}); JVM-wide overrides
 * ({@link #overrideForJvm(Map)}); Java system properties of the same name
 * ({@code -DPREFECT_API_URL=...}); {@code PREFECT_*} environment variables; Prefect's settings
 * files, in Prefect's order: {@code .env} and {@code prefect.toml} in the working directory, then the
 * active profile of {@code profiles.toml} ({@code PREFECT_PROFILE}, else the file's {@code active};
 * the file is {@code PREFECT_PROFILES_PATH}, else {@code $PREFECT_HOME/profiles.toml}, else
 * {@code ~/.prefect/profiles.toml}); and last the setting's default. A setting's older names ({@link Setting#aliases()}) are read after its name
 * in each place. Blank text counts as unset. Settings are read when asked, so an instance
 * reflects the overrides in force when it was made by {@link #current()}.
 *
 * <pre>{@code
 * Settings settings = Settings.current();
 * Optional<URI> api = settings.get(Setting.API_URL);
 *
 * try (Settings.Scope scope = Settings.override(Map.of("PREFECT_API_URL", "inmemory://test/api"))) {
 *     // code on this thread, and threads it starts now, sees the test server
 * }
 * }</pre>
 */
public final class Settings {

    /** A source of setting text by name; returns null when it has none. */
    private interface Source extends UnaryOperator<String> {
    }

    private static final Source SYSTEM_PROPERTIES = System::getProperty;
    private static final Source ENVIRONMENT = System::getenv;

    /** Scoped overrides, innermost first; a child thread starts with its parent's. */
    private static final InheritableThreadLocal<List<Map<String, String>>> THREAD_OVERRIDES =
            new InheritableThreadLocal<>() {
                @Override
                protected List<Map<String, String>> initialValue() {
                    return List.of();
                }
            };

    /** JVM-wide overrides, innermost first; replaced as a whole so readers need no lock. */
    private static volatile List<Map<String, String>> jvmOverrides = List.of();

    private final List<Source> sources;

    private Settings(List<Source> sources) {
        this.sources = sources;
    }

    /**
     * Returns the settings in force on this thread: its scoped overrides, then JVM-wide overrides,
     * then system properties, then environment variables, then Prefect's settings files, then defaults.
     */
    public static Settings current() {
        List<Source> sources = new ArrayList<>();
        for (Map<String, String> layer : THREAD_OVERRIDES.get()) {
            sources.add(layer::get);
        }
        for (Map<String, String> layer : jvmOverrides) {
            sources.add(layer::get);
        }
        sources.add(SYSTEM_PROPERTIES);
        sources.add(ENVIRONMENT);
        sources.add(files(List.copyOf(sources)));
        return new Settings(List.copyOf(sources));
    }

    /**
     * Returns {@code explicit} values above system properties, environment variables and Prefect's
     * settings files (no overrides).
     */
    public static Settings of(Map<String, String> explicit) {
        List<Source> above = List.of(copy(explicit)::get, SYSTEM_PROPERTIES, ENVIRONMENT);
        List<Source> sources = new ArrayList<>(above);
        sources.add(files(above));
        return new Settings(List.copyOf(sources));
    }

    /**
     * The settings files of the working directory and the active profile, read on the first lookup
     * that gets this far; what locates the profile ({@code PREFECT_PROFILE},
     * {@code PREFECT_PROFILES_PATH}, {@code PREFECT_HOME}) is read from {@code above}.
     */
    private static Source files(List<Source> above) {
        return new Source() {
            private volatile List<UnaryOperator<String>> loaded;

            @Override
            public String apply(String name) {
                List<UnaryOperator<String>> files = loaded;
                if (files == null) {
                    files = SettingsFiles.sources(Path.of("").toAbsolutePath(), n -> first(above, n));
                    loaded = files;
                }
                for (UnaryOperator<String> file : files) {
                    String value = nonBlank(file.apply(name));
                    if (value != null) {
                        return value;
                    }
                }
                return null;
            }
        };
    }

    private static String first(List<Source> sources, String name) {
        for (Source source : sources) {
            String value = nonBlank(source.apply(name));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Returns {@code explicit} values and the defaults, reading nothing from the process; for tests. */
    public static Settings isolated(Map<String, String> explicit) {
        return new Settings(List.of(copy(explicit)::get));
    }

    /** Returns a copy in which {@code name} has the explicit text {@code value}. */
    public Settings with(String name, String value) {
        Map<String, String> layer = Map.of(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        List<Source> layered = new ArrayList<>(sources.size() + 1);
        layered.add(layer::get);
        layered.addAll(sources);
        return new Settings(List.copyOf(layered));
    }

    /** Returns a copy in which {@code setting} has the explicit text {@code value}. */
    public Settings with(Setting<?> setting, String value) {
        return with(setting.name(), value);
    }

    /**
     * Returns the value of {@code setting}.
     *
     * @throws InvalidSettingException if its text cannot be read, naming the setting and the text
     */
    public <T> T get(Setting<T> setting) {
        return setting.parse(text(setting).orElse(null));
    }

    /** Returns the text of {@code setting} (by its name or an alias), without the default. */
    public Optional<String> text(Setting<?> setting) {
        for (Source source : sources) {
            String value = nonBlank(source.apply(setting.name()));
            for (int i = 0; value == null && i < setting.aliases().size(); i++) {
                value = nonBlank(source.apply(setting.aliases().get(i)));
            }
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Returns the text of the setting named {@code name}, without any default. */
    public Optional<String> raw(String name) {
        for (Source source : sources) {
            String value = nonBlank(source.apply(name));
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * Overrides settings for the current thread and the threads it starts from now on, until the
     * returned scope is closed. Scopes nest: the innermost wins; closing restores what was there.
     * This is how a test harness points the code under test at its server.
     */
    public static Scope override(Map<String, String> values) {
        Map<String, String> layer = copy(values);
        List<Map<String, String>> before = THREAD_OVERRIDES.get();
        List<Map<String, String>> after = new ArrayList<>(before.size() + 1);
        after.add(layer);
        after.addAll(before);
        THREAD_OVERRIDES.set(List.copyOf(after));
        return new Scope(Thread.currentThread(), () -> THREAD_OVERRIDES.set(without(THREAD_OVERRIDES.get(), layer)));
    }

    /**
     * Returns {@code task} wrapped so that, on whatever thread runs it, it sees the scoped overrides
     * in force on this thread now; the running thread's own overrides are restored afterwards. This
     * is how an executor carries a scope to the pooled threads that run work submitted inside it.
     */
    public static Runnable propagating(Runnable task) {
        Objects.requireNonNull(task, "task");
        List<Map<String, String>> captured = THREAD_OVERRIDES.get();
        return () -> {
            List<Map<String, String>> before = THREAD_OVERRIDES.get();
            THREAD_OVERRIDES.set(captured);
            try {
                task.run();
            } finally {
                THREAD_OVERRIDES.set(before);
            }
        };
    }

    /**
     * Overrides settings for every thread of the JVM until the returned scope is closed; thread
     * scopes ({@link #override(Map)}) still win over it. Scopes may be closed in any order.
     */
    public static Scope overrideForJvm(Map<String, String> values) {
        Map<String, String> layer = copy(values);
        synchronized (Settings.class) {
            List<Map<String, String>> after = new ArrayList<>(jvmOverrides.size() + 1);
            after.add(layer);
            after.addAll(jvmOverrides);
            jvmOverrides = List.copyOf(after);
        }
        return new Scope(null, () -> {
            synchronized (Settings.class) {
                jvmOverrides = without(jvmOverrides, layer);
            }
        });
    }

    private static List<Map<String, String>> without(List<Map<String, String>> layers, Map<String, String> layer) {
        List<Map<String, String>> rest = new ArrayList<>(layers);
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i) == layer) {
                rest.remove(i);
                break;
            }
        }
        return List.copyOf(rest);
    }

    private static Map<String, String> copy(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "setting name"),
                Objects.requireNonNull(value, () -> "value of " + name)));
        return Collections.unmodifiableMap(copy);
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** Overrides in force until closed; closing twice is harmless. */
    public static final class Scope implements AutoCloseable {
        private final Thread owner;
        private final Runnable restore;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Scope(Thread owner, Runnable restore) {
            this.owner = owner;
            this.restore = restore;
        }

        /**
         * Removes the overrides this scope added.
         *
         * @throws IllegalStateException if a thread scope is closed on another thread than its own
         *     (the scope stays open, so its owner can still close it)
         */
        @Override
        public void close() {
            if (owner != null && Thread.currentThread() != owner) {
                throw new IllegalStateException("a settings scope must be closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (closed.compareAndSet(false, true)) {
                restore.run();
            }
        }
    }
}
