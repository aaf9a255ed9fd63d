package dev.jprefect.server.internal.ui;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Gzip;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.spi.UiBundleProvider;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;

/**
 * Everything outside {@code /api}, as Prefect's {@code create_ui_app} serves it: {@code GET
 * /ui-settings}, the redirect of a browser's navigation to the UI it prefers (the
 * {@code prefect_ui_version} cookie, else {@code PREFECT_SERVER_UI_V2_ENABLED}'s choice), and the
 * files of the two built bundles, V2 under {@code <base>/v2} and V1 under {@code <base>}
 * ({@code PREFECT_SERVER_UI_SERVE_BASE}), with the base-path placeholder replaced and
 * {@code index.html} for any other page a browser navigates to (the UIs route on the client).
 *
 * <p>The bundles come from a {@link UiBundleProvider} found by {@link ServiceLoader} (the
 * {@code dev.jprefect.ui} module); with none, or with {@code PREFECT_SERVER_UI_ENABLED=false},
 * only {@code /ui-settings} answers, as in Prefect. Files are read on first request and kept.
 */
public final class UiApp {
    /** What Prefect's built bundles carry where the serve base goes. */
    static final String PLACEHOLDER = "/PREFECT_UI_SERVE_BASE_REPLACE_PLACEHOLDER";
    /** The files Prefect replaces the placeholder in (its {@code replace_placeholder_string_in_files}). */
    private static final List<String> REPLACED_EXTENSIONS = List.of(".txt", ".html", ".css", ".js", ".json");
    static final String VERSION_COOKIE = "prefect_ui_version";
    private static final String V2_SEGMENT = "v2";
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("xml", "application/xml"),
            Map.entry("map", "application/json"));

    private final UiBundleProvider provider;
    private final String v1Base;
    private final String v2Base;
    private final String uiSettingsPath;
    private final String configuredDefault;
    /** The mounted bundles, version to base path, in Prefect's order: v1, v2. */
    private final Map<String, String> mounted = new LinkedHashMap<>();
    private final Map<String, Object> settingsView;
    private final Map<String, Optional<Asset>> files = new ConcurrentHashMap<>();

    /**
     * A bundle's file as served: its bytes (placeholder replaced), an entity tag of them, and their
     * gzip form once a browser has asked for it (compressed once, not on every request).
     */
    private record Asset(byte[] bytes, String etag, AtomicReference<byte[]> gzip) {
        static Asset of(byte[] bytes) {
            CRC32 crc = new CRC32();
            crc.update(bytes);
            return new Asset(bytes, "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"",
                    new AtomicReference<>());
        }

        byte[] gzipped() {
            return gzip.updateAndGet(z -> z != null ? z : Gzip.compress(bytes));
        }
    }

    private UiApp(Settings settings, UiBundleProvider provider) {
        this.provider = provider;
        this.configuredDefault = settings.get(Setting.SERVER_UI_V2_ENABLED) ? "v2" : "v1";
        String[] bases = resolveBases(settings.get(Setting.SERVER_UI_SERVE_BASE));
        this.v1Base = bases[0];
        this.v2Base = bases[1];
        this.uiSettingsPath = join(v1Base, "ui-settings");
        if (provider != null && settings.get(Setting.SERVER_UI_ENABLED)) {
            for (String version : List.of("v1", "v2")) {
                if (provider.versions().contains(version)) {
                    mounted.put(version, version.equals("v1") ? v1Base : v2Base);
                }
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("api_url", apiUrl(settings));
        view.put("csrf_enabled", settings.get(Setting.SERVER_API_CSRF_PROTECTION_ENABLED));
        view.put("auth", settings.get(Setting.SERVER_API_AUTH_STRING).isPresent() ? "BASIC" : null);
        view.put("flags", List.of());
        view.put("default_ui", defaultUi());
        view.put("available_uis", List.copyOf(mounted.keySet()));
        view.put("v1_base_url", mounted.containsKey("v1") ? v1Base : null);
        view.put("v2_base_url", mounted.containsKey("v2") ? v2Base : null);
        this.settingsView = view;
    }

    /**
     * Returns the UI app of {@code settings}, with the bundles of the first {@link UiBundleProvider}
     * on the path, if any.
     *
     * @throws dev.jprefect.settings.InvalidSettingException if a UI setting has a bad value, naming it
     */
    public static UiApp create(Settings settings) {
        UiBundleProvider provider = ServiceLoader.load(UiBundleProvider.class, UiApp.class.getClassLoader())
                .findFirst().orElse(null);
        return new UiApp(settings, provider);
    }

    /** Returns the bundles served, {@code v1} and/or {@code v2}; empty when the server serves no UI. */
    public List<String> served() {
        return List.copyOf(mounted.keySet());
    }

    /** Returns the base path of the UI a browser is sent to first (the default UI's). */
    public String defaultBase() {
        return mounted.getOrDefault(defaultUi(), v1Base);
    }

    /** Answers a request for a path outside the API; throws {@link ApiError} for Prefect's 404 and 405. */
    public ApiResponse handle(ApiRequest request) {
        String path = request.path().isEmpty() ? "/" : request.path();
        if (path.equals(uiSettingsPath)) {
            if (!request.method().equals("GET")) {
                throw ApiError.of(Responses.json(405, Map.of("detail", "Method Not Allowed")).toBuilder()
                        .header("Allow", "GET").build());
            }
            return Responses.ok(settingsView);
        }
        if (isHtmlNavigation(request) && !mounted.isEmpty() && !path.endsWith("/ui-settings")) {
            Optional<ApiResponse> redirect = redirectToPreferred(request, path);
            if (redirect.isPresent()) {
                return redirect.get();
            }
        }
        for (String version : List.of("v2", "v1")) { // the more specific mount first
            String base = mounted.get(version);
            if (base != null && targets(path, base)) {
                return serve(request, version, path, relative(path, base));
            }
        }
        throw ApiError.detail(404, "Not Found");
    }

    private Optional<ApiResponse> redirectToPreferred(ApiRequest request, String path) {
        String requested;
        String relative;
        if (targets(path, v2Base)) {
            requested = "v2";
            relative = relative(path, v2Base);
        } else if (targets(path, v1Base)) {
            requested = "v1";
            relative = relative(path, v1Base);
        } else {
            return Optional.empty();
        }
        if (requested.equals("v2") ? mounted.containsKey("v2") : !relative.equals("/")) {
            return Optional.empty();
        }
        String cookie = cookie(request, VERSION_COOKIE);
        String preferred = cookie != null && mounted.containsKey(cookie) ? cookie : defaultUi();
        if (preferred.equals(requested)) {
            return Optional.empty();
        }
        String target = buildPath(mounted.get(preferred), relative);
        if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
            target += "?" + request.rawQuery();
        }
        return Optional.of(ApiResponse.builder(307).header("Location", target).build());
    }

    /** Serves a file of a bundle, or its {@code index.html} to a browser's navigation, as FastAPI's frontend routes. */
    private ApiResponse serve(ApiRequest request, String version, String path, String relative) {
        String file = relative.substring(1);
        boolean directoryIndex = file.isEmpty();
        Optional<Asset> found = directoryIndex ? read(version, "index.html") : read(version, file);
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw found.isPresent() ? ApiError.detail(405, "Method Not Allowed") : ApiError.detail(404, "Not Found");
        }
        if (found.isPresent()) {
            if (directoryIndex && !path.endsWith("/")) {
                String target = path + "/" + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
                return ApiResponse.builder(307).header("Location", target).build();
            }
            return file(request, directoryIndex ? "index.html" : file, found.get());
        }
        if (acceptsHtml(request)) {
            Optional<Asset> index = read(version, "index.html");
            if (index.isPresent()) {
                return file(request, "index.html", index.get());
            }
        }
        throw ApiError.detail(404, "Not Found");
    }

    /**
     * Answers a file with its type and entity tag, or 304 when the browser holds it already (as
     * Starlette's {@code FileResponse} with {@code If-None-Match}), so each page does not fetch the
     * bundle's megabytes again.
     */
    private static ApiResponse file(ApiRequest request, String name, Asset asset) {
        if (request.headers().all("If-None-Match").stream().anyMatch(tags -> List.of(tags.split(",")).stream()
                .map(String::strip).anyMatch(tag -> tag.equals(asset.etag()) || tag.equals("W/" + asset.etag())))) {
            return ApiResponse.builder(304).header("ETag", asset.etag()).build();
        }
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ApiResponse response = ApiResponse.builder(200)
                .header("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"))
                .header("ETag", asset.etag())
                .body(request.method().equals("HEAD") ? new byte[0] : asset.bytes())
                .build();
        return Gzip.apply(request, response, asset::gzipped);
    }

    /** Returns a bundle's file with the placeholder replaced, or empty; a path leaving the bundle is never read. */
    private Optional<Asset> read(String version, String file) {
        if (file.isEmpty() || file.startsWith("/") || file.contains("\\")
                || List.of(file.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            return Optional.empty();
        }
        return files.computeIfAbsent(version + "/" + file, key -> {
            try {
                Optional<InputStream> in = provider.open(version, file);
                if (in.isEmpty()) {
                    return Optional.empty();
                }
                byte[] bytes;
                try (InputStream stream = in.get()) {
                    bytes = stream.readAllBytes();
                }
                if (REPLACED_EXTENSIONS.stream().anyMatch(file::endsWith)) {
                    String base = mounted.get(version);
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    bytes = text.replace(PLACEHOLDER, base.equals("/") ? "" : base).getBytes(StandardCharsets.UTF_8);
                }
                return Optional.of(Asset.of(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + version + "/" + file + " of Prefect's UI bundle", e);
            }
        });
    }

    private String defaultUi() {
        if (mounted.containsKey(configuredDefault) || mounted.isEmpty()) {
            return configuredDefault;
        }
        return mounted.keySet().iterator().next();
    }

    /** {@code PREFECT_SERVER_UI_API_URL}, else {@code PREFECT_API_URL}, else the server's own address, as Prefect's settings. */
    private static String apiUrl(Settings settings) {
        Optional<String> configured = settings.get(Setting.SERVER_UI_API_URL);
        if (configured.isPresent()) {
            return configured.get();
        }
        return settings.get(Setting.API_URL).map(Object::toString).orElseGet(() ->
                "http://" + settings.get(Setting.SERVER_API_HOST) + ":" + settings.get(Setting.SERVER_API_PORT) + "/api");
    }

    private static boolean isHtmlNavigation(ApiRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return false;
        }
        String mode = request.headers().first("Sec-Fetch-Mode").orElse("");
        String dest = request.headers().first("Sec-Fetch-Dest").orElse("");
        if (mode.equals("navigate") || dest.equals("document") || dest.equals("iframe")) {
            return true;
        }
        return request.headers().first("Accept").orElse("").toLowerCase(Locale.ROOT).contains("text/html");
    }

    /** FastAPI's test for the index fallback: the Accept header lists HTML with a quality above 0. */
    private static boolean acceptsHtml(ApiRequest request) {
        for (String part : request.headers().first("Accept").orElse("").split(",")) {
            String[] params = part.split(";");
            String type = params[0].strip().toLowerCase(Locale.ROOT);
            if (!type.equals("text/html") && !type.equals("application/xhtml+xml")) {
                continue;
            }
            double quality = 1.0;
            for (int i = 1; i < params.length; i++) {
                String param = params[i].strip();
                if (param.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 1.0;
                    }
                }
            }
            if (quality != 0) {
                return true;
            }
        }
        return false;
    }

    private static String cookie(ApiRequest request, String name) {
        for (String header : request.headers().all("Cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return pair.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }

    // ---- Prefect's path helpers (server.py: _normalize_ui_base_url, _join_ui_path, ...) ----

    static String normalize(String base) {
        if (base.isEmpty()) {
            return "/";
        }
        String b = base.startsWith("/") ? base : "/" + base;
        if (!b.equals("/")) {
            b = b.replaceAll("/+$", "");
        }
        return b.isEmpty() ? "/" : b;
    }

    static String join(String base, String suffix) {
        String b = normalize(base);
        String s = "/" + suffix.replaceAll("^/+", "");
        return b.equals("/") ? s : b + s;
    }

    /** Returns V1's and V2's base paths from the serve base; a base ending in {@code /v2} is V2's. */
    static String[] resolveBases(String configured) {
        String b = normalize(configured);
        String v2Suffix = "/" + V2_SEGMENT;
        if (b.equals(v2Suffix)) {
            return new String[] {"/", b};
        }
        if (b.endsWith(v2Suffix)) {
            String v1 = b.substring(0, b.length() - v2Suffix.length());
            return new String[] {v1.isEmpty() ? "/" : v1, b};
        }
        return new String[] {b, join(b, V2_SEGMENT)};
    }

    static boolean targets(String path, String base) {
        return base.equals("/") ? path.startsWith("/") : path.equals(base) || path.startsWith(base + "/");
    }

    static String relative(String path, String base) {
        if (base.equals("/")) {
            return path.isEmpty() ? "/" : path;
        }
        String rest = path.startsWith(base) ? path.substring(base.length()) : path;
        return rest.isEmpty() ? "/" : rest;
    }

    static String buildPath(String base, String relative) {
        String b = normalize(base);
        String r = relative.startsWith("/") ? relative : "/" + relative;
        if (b.equals("/")) {
            return r;
        }
        return r.equals("/") ? b + "/" : b + r;
    }
}
