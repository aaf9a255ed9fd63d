package dev.jprefect.examples;

import dev.jprefect.Flow;
import dev.jprefect.RunLogger;
import dev.jprefect.Task;
import dev.jprefect.TaskFuture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small sales ETL as a Prefect flow: extract the day's orders, parse them with submitted tasks,
 * convert them to one currency with rates from a flaky service (retried through the server, then
 * cached), and load them with a subflow that stores them and reports revenue by country.
 */
public final class SalesEtl {

    /** The flow's parameters: a record's components are the flow run's named parameters. */
    public record Params(String source, String currency) {
    }

    /** One order as the source has it. */
    public record Order(int id, String day, String customer, String country, BigDecimal amount, String currency) {
    }

    /** An order and the rate that converts its amount. */
    public record Priced(Order order, BigDecimal rate) {
    }

    /** What the load subflow did. */
    public record LoadReport(int orders, Map<String, BigDecimal> revenueByCountry, BigDecimal total, String currency) {
    }

    /** Rates of the made-up currency service, per unit of the target currency USD. */
    private static final Map<String, BigDecimal> USD_RATES = Map.of(
            "USD", BigDecimal.ONE, "EUR", new BigDecimal("1.08"), "GBP", new BigDecimal("1.27"),
            "CHF", new BigDecimal("1.12"), "ILS", new BigDecimal("0.27"));

    /** The service fails the first request for each currency, as flaky services do. */
    private static final Set<String> ANSWERED_BEFORE = ConcurrentHashMap.newKeySet();

    /** The "warehouse" the load step writes to. */
    private static final Map<Integer, Order> WAREHOUSE = new ConcurrentHashMap<>();

    static final Task<String, List<String>> EXTRACT = Task.of("extract", SalesEtl::readLines)
            .withDescription("Reads the day's orders from the source");

    static final Task<String, Order> PARSE = Task.of("parse", SalesEtl::parse);

    static final Task<String, BigDecimal> FETCH_RATE = Task.of("fetch-rate", SalesEtl::fetchRate)
            .withRetries(2)
            .withRetryDelay(Duration.ofMillis(500))
            .withCacheKey(currency -> "usd-rate:" + currency, Duration.ofHours(1))
            .withTimeout(Duration.ofSeconds(10));

    static final Task<Priced, Order> CONVERT = Task.of("convert", (Priced p) -> new Order(p.order().id(),
            p.order().day(), p.order().customer(), p.order().country(),
            p.order().amount().multiply(p.rate()).setScale(2, RoundingMode.HALF_EVEN), "USD"));

    static final Task<List<Order>, Integer> STORE = Task.of("store", (List<Order> orders) -> {
        orders.forEach(o -> WAREHOUSE.put(o.id(), o));
        RunLogger.current().info("Stored %d orders", orders.size());
        return orders.size();
    });

    static final Task<List<Order>, Map<String, BigDecimal>> SUMMARIZE = Task.of("summarize",
            (List<Order> orders) -> orders.stream().collect(Collectors.groupingBy(Order::country, TreeMap::new,
                    Collectors.reducing(BigDecimal.ZERO, Order::amount, BigDecimal::add))));

    /** The load subflow: stores the orders and sums revenue by country. */
    static final Flow<List<Order>, LoadReport> LOAD = Flow.of("load-warehouse", (List<Order> orders) -> {
        TaskFuture<Integer> stored = STORE.submit(orders);
        Map<String, BigDecimal> byCountry = SUMMARIZE.call(orders);
        BigDecimal total = byCountry.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return new LoadReport(stored.join(), byCountry, total, "USD");
    });

    /** The ETL flow. */
    public static final Flow<Params, LoadReport> ETL = Flow.of("daily-sales-etl", (Params params) -> {
        RunLogger log = RunLogger.current();
        List<String> lines = EXTRACT.call(params.source());
        log.info("Extracted %d orders from %s", lines.size(), params.source());

        List<Order> orders = PARSE.map(lines).stream().map(TaskFuture::join).collect(Collectors.toList());
        Set<String> currencies = orders.stream().map(Order::currency).collect(Collectors.toCollection(TreeSet::new));
        Map<String, TaskFuture<BigDecimal>> rates = currencies.stream()
                .collect(Collectors.toMap(Function.identity(), FETCH_RATE::submit));
        List<Order> converted = orders.stream()
                .map(o -> CONVERT.submit(new Priced(o, rates.get(o.currency()).join())))
                .collect(Collectors.toList()).stream().map(TaskFuture::join).collect(Collectors.toList());
        FETCH_RATE.call("EUR"); // asked again: the server answers from the cache, the service is not called

        LoadReport report = LOAD.call(converted);
        log.info("Loaded %d orders: %s %s", report.orders(), report.total(), report.currency());
        return report;
    }).withDescription("Extracts, converts and loads a day of sales").withVersion("1.0").withTags("example", "sales");

    private SalesEtl() {
    }

    private static List<String> readLines(String source) {
        InputStream in = SalesEtl.class.getResourceAsStream(source);
        if (in == null) {
            throw new IllegalArgumentException("no source named '" + source + "'");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(line -> !line.isBlank()).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    private static Order parse(String line) {
        String[] f = line.split(",");
        if (f.length != 6) {
            throw new IllegalArgumentException("expected 6 fields, found " + f.length + ": " + line);
        }
        return new Order(Integer.parseInt(f[0]), f[1], f[2], f[3], new BigDecimal(f[4]), f[5]);
    }

    private static BigDecimal fetchRate(String currency) {
        if (ANSWERED_BEFORE.add(currency) && !"USD".equals(currency)) {
            throw new IllegalStateException("rate service unavailable (HTTP 503) for " + currency);
        }
        BigDecimal rate = USD_RATES.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("no rate for currency " + currency);
        }
        return rate;
    }
}
