package dev.jprefect.ui.internal;

import dev.jprefect.server.spi.UiBundleProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bundles copied into this jar at build time: {@code prefect-ui/<version>/...}, each with its
 * file list {@code prefect-ui/<version>.files} (a path per line), which says what exists (a jar
 * cannot tell a directory from a file by name alone).
 */
public final class PrefectUiBundles implements UiBundleProvider {
    private static final String ROOT = "prefect-ui/";
    private final Map<String, Set<String>> files = new HashMap<>();

    /** Reads the file lists of the bundles in this jar; called by {@link java.util.ServiceLoader}. */
    public PrefectUiBundles() {
        for (String version : new String[] {"v1", "v2"}) {
            try (InputStream list = resource(version + ".files")) {
                if (list == null) {
                    continue;
                }
                Set<String> names = new HashSet<>();
                new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8)).lines()
                        .filter(line -> !line.isBlank())
                        .forEach(names::add);
                files.put(version, Set.copyOf(names));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the file list of Prefect's " + version + " UI bundle", e);
            }
        }
    }

    @Override
    public Set<String> versions() {
        return Set.copyOf(files.keySet());
    }

    @Override
    public Optional<InputStream> open(String version, String path) throws IOException {
        if (!files.getOrDefault(version, Set.of()).contains(path)) {
            return Optional.empty();
        }
        InputStream in = resource(version + "/" + path);
        if (in == null) {
            throw new IOException("Prefect's " + version + " UI bundle lists " + path + " but this jar lacks it");
        }
        return Optional.of(in);
    }

    private static InputStream resource(String name) throws IOException {
        return PrefectUiBundles.class.getModule().getResourceAsStream(ROOT + name);
    }
}
