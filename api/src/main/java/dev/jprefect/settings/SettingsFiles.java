package dev.jprefect.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The settings files Prefect reads, below environment variables and in Prefect's order: {@code .env}
 * in the working directory, then {@code prefect.toml} in the working directory, then the active
 * profile of {@code profiles.toml} (Prefect 3.9's {@code prefect/settings/sources.py}; its
 * {@code pyproject.toml [tool.prefect]} source is not read).
 *
 * <p>{@code prefect.toml} nests settings by their model path, which maps to the names used
 * everywhere else: {@code [api] url = ...} is {@code PREFECT_API_URL}, {@code [logging.to_api]
 * enabled = ...} is {@code PREFECT_LOGGING_TO_API_ENABLED}. The profiles file is, first found:
 * {@code PREFECT_PROFILES_PATH} (from the sources above the files, then {@code .env}, then
 * {@code prefect.toml}'s {@code profiles_path}), {@code $PREFECT_HOME/profiles.toml},
 * {@code ~/.prefect/profiles.toml}. The active profile is {@code PREFECT_PROFILE}, else the file's
 * {@code active}; a profile the file lacks means none. As in Prefect, a {@code profiles.toml} that
 * cannot be read is skipped with a warning, and a {@code prefect.toml} that cannot be read is an
 * error. Files are parsed again only when they change.
 */
final class SettingsFiles {

    private static final System.Logger LOG = System.getLogger("dev.jprefect.settings");

    /** Parsed files by path, with the size and time they had; re-read when either changes. */
    private static final Map<Path, Parsed> CACHE = new ConcurrentHashMap<>();

    private record Parsed(long size, long modified, Map<String, String> values) {
    }

    private SettingsFiles() {
    }

    /**
     * Returns the file sources, highest first, for a process in {@code workingDir} whose higher
     * sources (overrides, system properties, environment) are {@code above}.
     */
    static List<UnaryOperator<String>> sources(Path workingDir, UnaryOperator<String> above) {
        Map<String, String> dotenv = cached(workingDir.resolve(".env"), SettingsFiles::dotenv, false);
        Map<String, String> prefectToml = cached(workingDir.resolve("prefect.toml"), SettingsFiles::prefectToml, true);
        Path profilesPath = profilesPath(above, dotenv, prefectToml);
        Map<String, String> profile = profilesPath == null ? Map.of()
                : profile(cached(profilesPath, SettingsFiles::flatToml, false), nonBlank(above.apply("PREFECT_PROFILE")));
        return List.of(dotenv::get, prefectToml::get, profile::get);
    }

    private static Path profilesPath(UnaryOperator<String> above, Map<String, String> dotenv,
            Map<String, String> prefectToml) {
        for (String named : new String[] {nonBlank(above.apply("PREFECT_PROFILES_PATH")),
                nonBlank(dotenv.get("PREFECT_PROFILES_PATH")), nonBlank(prefectToml.get("PREFECT_PROFILES_PATH"))}) {
            if (named != null) {
                return expandHome(named);
            }
        }
        String home = nonBlank(above.apply("PREFECT_HOME"));
        if (home != null) {
            return expandHome(home).resolve("profiles.toml");
        }
        String userHome = System.getProperty("user.home");
        return userHome == null ? null : Path.of(userHome, ".prefect", "profiles.toml");
    }

    private static Path expandHome(String path) {
        String userHome = System.getProperty("user.home");
        if (userHome != null && (path.equals("~") || path.startsWith("~/"))) {
            return Path.of(userHome + path.substring(1));
        }
        return Path.of(path);
    }

    /** The settings of profile {@code name} (else of the file's {@code active} profile) in a flattened profiles file. */
    static Map<String, String> profile(Map<String, String> profilesFile, String name) {
        String active = name != null ? name : profilesFile.get("active");
        if (active == null) {
            return Map.of();
        }
        String prefix = "profiles." + active + ".";
        Map<String, String> values = new LinkedHashMap<>();
        profilesFile.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0) {
                values.put(key.substring(prefix.length()).toUpperCase(Locale.ROOT), value);
            }
        });
        return values;
    }

    /** A TOML file's values by dotted key path (a profile name with dots would be ambiguous; Prefect's have none). */
    static Map<String, String> flatToml(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Toml.read(text).forEach((path, value) -> values.put(String.join(".", path), value));
        return values;
    }

    /** {@code prefect.toml}: each key path becomes a setting name, {@code api.url} {@code PREFECT_API_URL}. */
    static Map<String, String> prefectToml(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Toml.read(text).forEach((path, value) ->
                values.put("PREFECT_" + String.join("_", path).toUpperCase(Locale.ROOT), value));
        return values;
    }

    /**
     * A {@code .env} file: {@code NAME=value} lines, optionally {@code export NAME=value}; values
     * may be single-quoted (taken as they are) or double-quoted (with {@code \n}, {@code \"} and
     * {@code \\} escapes); an unquoted value ends at {@code " #"}; blank lines and {@code #}
     * comments are skipped.
     */
    static Map<String, String> dotenv(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("'") && value.indexOf('\'', 1) > 0) {
                value = value.substring(1, value.indexOf('\'', 1));
            } else if (value.length() >= 2 && value.startsWith("\"") && value.lastIndexOf('"') > 0) {
                value = value.substring(1, value.lastIndexOf('"'))
                        .replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            } else {
                int comment = value.indexOf(" #");
                value = (comment >= 0 ? value.substring(0, comment) : value).strip();
            }
            values.put(name, value);
        }
        return values;
    }

    private static Map<String, String> cached(Path path, Function<String, Map<String, String>> parse, boolean strict) {
        Path key = path.toAbsolutePath().normalize();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(key, BasicFileAttributes.class);
        } catch (NoSuchFileException absent) {
            CACHE.remove(key);
            return Map.of();
        } catch (IOException | SecurityException unreadable) {
            return Map.of();
        }
        if (!attributes.isRegularFile()) {
            return Map.of();
        }
        Parsed parsed = CACHE.get(key);
        if (parsed != null && parsed.size() == attributes.size()
                && parsed.modified() == attributes.lastModifiedTime().toMillis()) {
            return parsed.values();
        }
        Map<String, String> values;
        try {
            values = Map.copyOf(parse.apply(Files.readString(key, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            String message = "Failed to load Prefect settings from " + key + ": " + e.getMessage();
            if (strict) {
                throw new IllegalStateException(message, e);
            }
            LOG.log(System.Logger.Level.WARNING, message + "; the file is ignored");
            values = Map.of();
        }
        CACHE.put(key, new Parsed(attributes.size(), attributes.lastModifiedTime().toMillis(), values));
        return values;
    }

    private static String nonBlank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
