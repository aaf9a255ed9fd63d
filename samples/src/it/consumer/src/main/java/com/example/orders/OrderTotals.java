package com.example.orders;

import dev.jprefect.Flow;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Totals order lines: a flow that parses each line in a task. */
public final class OrderTotals {

    /** Parses one order line, the quantity. */
    public static final Task<String, Integer> PARSE =
            Task.of("parse-line", (String line) -> Integer.parseInt(line.trim())).withRetries(1);

    /** Sums the quantities of the order lines. */
    public static final Flow<List<String>, Integer> TOTAL = Flow.of("order-total",
            (List<String> lines) -> PARSE.map(lines).stream().mapToInt(TaskFuture::join).sum());

    /** Reads the order lines of a file; an IOException fails the task run. */
    public static final Task<Path, List<String>> READ = Task.of("read-orders", (Path p) -> Files.readAllLines(p));

    /** Totals the order lines of a file, and prints the total. */
    public static final Flow<Path, Void> REPORT = Flow.of("order-report", (Path file) -> {
        System.out.println(file.getFileName() + ": " + TOTAL.call(READ.call(file)));
        return null;
    });

    private OrderTotals() {
    }

    /** Runs the flow: on the embedded server in-process, or on the server at PREFECT_API_URL. */
    public static void main(String[] args) {
        System.out.println("total: " + TOTAL.call(List.of(args)));
    }
}
