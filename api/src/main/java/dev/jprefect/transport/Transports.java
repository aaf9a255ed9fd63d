package dev.jprefect.transport;

import dev.jprefect.transport.spi.TransportProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds a {@link TransportProvider} with {@link ServiceLoader} and opens a {@link Transport}.
 *
 * <p>Selection, in order: a provider named explicitly (the client passes the
 * {@code PREFECT_CLIENT_TRANSPORT} setting) wins whatever its schemes; otherwise the provider with
 * the highest priority among those that serve the API URL's scheme. Ties go to the name first in
 * alphabetical order, whatever order the providers were found in. Providers are found on the
 * module path ({@code provides ... with}) and on the class path ({@code META-INF/services}). When
 * none fits, a {@link TransportNotFoundException} names the URL, the providers found and the module
 * to add.
 *
 * <pre>{@code
 * try (Transport transport = Transports.open(TransportConfig.of(URI.create("http://127.0.0.1:4200/api")))) {
 *     ApiResponse health = transport.send(ApiRequest.get(URI.create("http://127.0.0.1:4200/api/health"))).join();
 * }
 * }</pre>
 */
public final class Transports {

    /** The jprefect setting that names a provider explicitly. */
    public static final String TRANSPORT_SETTING = "PREFECT_CLIENT_TRANSPORT";

    /** The built-in module that serves each well-known scheme, for the error when it is missing. */
    private static final Map<String, String> MODULE_FOR_SCHEME = Map.of(
            "http", "dev.jprefect.transport.http (Maven artifact dev.jprefect:jprefect-transport-http)",
            "https", "dev.jprefect.transport.http (Maven artifact dev.jprefect:jprefect-transport-http)",
            InProcessApps.SCHEME,
            "dev.jprefect.transport.inmemory (Maven artifact dev.jprefect:jprefect-transport-inmemory)");

    /**
     * Which of two fitting providers wins: the higher priority, then the name first in alphabetical
     * order, then the class name likewise, so the choice never depends on the order providers are found.
     */
    private static final Comparator<TransportProvider> PREFERENCE = Comparator
            .comparingInt(TransportProvider::priority)
            .thenComparing(TransportProvider::name, Comparator.reverseOrder())
            .thenComparing(p -> p.getClass().getName(), Comparator.reverseOrder());

    private Transports() {
    }

    /** Opens a transport to {@code config.apiUrl()} with the provider chosen by its scheme. */
    public static Transport open(TransportConfig config) {
        return open(config, null);
    }

    /**
     * Opens a transport to {@code config.apiUrl()}.
     *
     * @param providerName the provider to use whatever the scheme, or null (or blank) to choose by scheme
     * @throws TransportNotFoundException if no provider fits
     */
    public static Transport open(TransportConfig config, String providerName) {
        Objects.requireNonNull(config, "config");
        return select(config.apiUrl(), providerName, providers()).open(config);
    }

    /** Returns every provider found, in no particular order. */
    public static List<TransportProvider> providers() {
        return Loaded.PROVIDERS;
    }

    /**
     * Chooses among {@code candidates} for {@code apiUrl} by the rules above.
     *
     * @throws TransportNotFoundException if none fits
     */
    public static TransportProvider select(URI apiUrl, String providerName, List<TransportProvider> candidates) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (providerName != null && !providerName.isBlank()) {
            String wanted = providerName.trim();
            return candidates.stream()
                    .filter(p -> p.name().equalsIgnoreCase(wanted))
                    .max(PREFERENCE)
                    .orElseThrow(() -> new TransportNotFoundException(TRANSPORT_SETTING + "='" + wanted
                            + "' names no transport provider found (API URL " + apiUrl + "); providers found: "
                            + describe(candidates) + ". Add the module that provides '" + wanted
                            + "', or unset " + TRANSPORT_SETTING + " to choose by the URL's scheme."));
        }
        String scheme = apiUrl.getScheme() == null ? "" : apiUrl.getScheme().toLowerCase(Locale.ROOT);
        return candidates.stream()
                .filter(p -> p.schemes().contains(scheme))
                .max(PREFERENCE)
                .orElseThrow(() -> new TransportNotFoundException("No transport serves the API URL " + apiUrl
                        + " (scheme '" + scheme + "'); providers found: " + describe(candidates) + ". "
                        + remedy(scheme)));
    }

    private static String remedy(String scheme) {
        String module = MODULE_FOR_SCHEME.get(scheme);
        if (module != null) {
            return "Add the module " + module + " to the module path or class path.";
        }
        return "No jprefect module serves '" + scheme + "': check PREFECT_API_URL, or add a module that"
                + " provides dev.jprefect.transport.spi.TransportProvider for that scheme.";
    }

    private static String describe(List<TransportProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream()
                .map(p -> p.name() + " " + p.schemes().stream().sorted().collect(Collectors.toList())
                        + " (" + p.getClass().getName() + ")")
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Loads the providers once, on first use. */
    private static final class Loaded {
        static final List<TransportProvider> PROVIDERS = load();

        private static List<TransportProvider> load() {
            List<TransportProvider> found = new ArrayList<>();
            ServiceLoader.load(TransportProvider.class, Transports.class.getClassLoader()).forEach(found::add);
            return List.copyOf(found);
        }
    }
}
