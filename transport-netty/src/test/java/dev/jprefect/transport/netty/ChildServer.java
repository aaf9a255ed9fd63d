package dev.jprefect.transport.netty;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ServerProcess} in a child JVM with a descriptor limit ({@code ulimit -n}) and a heap
 * of its own; its standard error is kept so tests can wait for what it logs.
 */
final class ChildServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final StringBuffer stderr = new StringBuffer();
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(String text, CountDownLatch seen) {
    }

    ChildServer(int descriptorLimit, String maxHeap, int maxConnections, int keepAliveSeconds, long waitSeconds)
            throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classPath = String.join(File.pathSeparator,
                new File(ServerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath(),
                System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""));
        process = new ProcessBuilder("bash", "-c", "ulimit -n " + descriptorLimit + " && exec \"$0\" \"$@\"",
                java, "-Xmx" + maxHeap, "-cp", classPath, ServerProcess.class.getName(),
                String.valueOf(maxConnections), String.valueOf(keepAliveSeconds)).start();
        CompletableFuture.runAsync(this::keepStderr);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first;
        try {
            first = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(waitSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the child server did not start: " + stderr, e);
        }
        if (first == null || !first.startsWith("PORT ")) {
            close();
            throw new IllegalStateException("the child server did not start: " + first + "\n" + stderr);
        }
        port = Integer.parseInt(first.substring("PORT ".length()).trim());
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Returns true once the child has written {@code text} to its standard error, waiting at most {@code seconds}. */
    boolean logged(String text, long seconds) throws InterruptedException {
        CountDownLatch seen = new CountDownLatch(1);
        synchronized (waiters) {
            if (stderr.indexOf(text) >= 0) {
                return true;
            }
            waiters.add(new Waiter(text, seen));
        }
        return seen.await(seconds, TimeUnit.SECONDS);
    }

    String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close(); // the child stops when its standard input closes
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void keepStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                synchronized (waiters) {
                    stderr.append(line).append('\n');
                    waiters.removeIf(w -> {
                        if (stderr.indexOf(w.text()) >= 0) {
                            w.seen().countDown();
                            return true;
                        }
                        return false;
                    });
                }
            }
        } catch (IOException e) {
            // the child is gone: nothing more to keep
        }
    }
}
