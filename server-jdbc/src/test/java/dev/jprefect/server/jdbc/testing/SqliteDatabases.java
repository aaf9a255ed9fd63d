package dev.jprefect.server.jdbc.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * New, empty SQLite databases (files in one temporary directory per test JVM, deleted when it
 * exits), for the server's HTTP suites run over SQLite ({@code jprefect.test.databases}).
 */
public final class SqliteDatabases implements Supplier<String> {
    private static Path files;
    private static final AtomicInteger NEXT = new AtomicInteger();

    @Override
    public String get() {
        return "sqlite+aiosqlite:///" + directory().resolve("suite-" + NEXT.incrementAndGet() + ".db");
    }

    private static synchronized Path directory() {
        if (files == null) {
            try {
                files = Files.createTempDirectory("jprefect-suites-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = files;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                } catch (IOException ignored) {
                    // a temporary directory left behind
                }
            }, "delete-suite-databases"));
        }
        return files;
    }
}
