package com.example.orders;

import dev.jprefect.Flow;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import java.util.List;

/** Totals order lines: a flow that parses each line in a task. */
public final class OrderTotals {

    /** Parses one order line, the quantity. */
    public static final Task<String, Integer> PARSE =
            Task.of("parse-line", (String line) -> Integer.parseInt(line.trim())).withRetries(1);

    /** Sums the quantities of the order lines. */
    public static final Flow<List<String>, Integer> TOTAL = Flow.of("order-total",
            (List<String> lines) -> PARSE.map(lines).stream().mapToInt(TaskFuture::join).sum());

    private OrderTotals() {
    }

    /** Runs the flow: on the embedded server in-process, or on the server at PREFECT_API_URL. */
    public static void main(String[] args) {
        System.out.println("total: " + TOTAL.call(List.of(args)));
    }
}
