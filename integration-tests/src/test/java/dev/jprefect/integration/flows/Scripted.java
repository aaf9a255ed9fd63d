package dev.jprefect.integration.flows;

import dev.jprefect.client.Interceptor;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The edge between the engine and the real server: counts requests, and can answer chosen ones
 * itself once (a WAIT, an ABORT, a REJECT the real server would give only in a race), so each
 * orchestration verdict can be put to the engine on purpose.
 */
final class Scripted implements Interceptor {
    private final List<Rule> rules = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();

    private static final class Rule {
        final Predicate<ApiRequest> matches;
        final String json;
        final AtomicInteger left;

        Rule(Predicate<ApiRequest> matches, String json, int times) {
            this.matches = matches;
            this.json = json;
            this.left = new AtomicInteger(times);
        }
    }

    /** Answers the next {@code times} requests matching {@code matches} with {@code json} (status 201). */
    synchronized void answer(Predicate<ApiRequest> matches, String json, int times) {
        rules.add(new Rule(matches, json, times));
    }

    /** Returns the requests seen so far as "METHOD path". */
    synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    /** Returns how many requests "METHOD path" were seen, the path ending with {@code pathEnd}. */
    synchronized long count(String method, String pathEnd) {
        return seen.stream().filter(s -> s.startsWith(method + " ") && s.endsWith(pathEnd)).count();
    }

    static Predicate<ApiRequest> setState(String runKind, String proposedType) {
        return r -> r.path().contains("/" + runKind + "/") && r.path().endsWith("/set_state")
                && r.bodyAsString().contains("\"type\":\"" + proposedType + "\"");
    }

    @Override
    public CompletableFuture<ApiResponse> intercept(Chain chain) {
        ApiRequest request = chain.request();
        synchronized (this) {
            seen.add(request.method() + " " + request.path());
            for (Rule rule : rules) {
                if (rule.matches.test(request) && rule.left.getAndDecrement() > 0) {
                    return CompletableFuture.completedFuture(ApiResponse.json(201, rule.json));
                }
            }
        }
        return chain.proceed(request);
    }
}
