package dev.jprefect.client.internal;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A transport for unit tests of the pipeline: answers from a script of steps (a response, or a
 * transport failure), then from a fallback handler; records every request it carried.
 */
final class ScriptedTransport implements Transport {
    /** One scripted answer. */
    interface Step {
        ApiResponse answer(ApiRequest request) throws TransportException;
    }

    private final Deque<Step> script = new ArrayDeque<>();
    private final List<ApiRequest> requests = new ArrayList<>();
    private RequestHandler fallback = request -> ApiResponse.json(200, "{}");
    private boolean closed;

    ScriptedTransport then(Step step) {
        synchronized (this) {
            script.add(step);
        }
        return this;
    }

    ScriptedTransport thenRespond(int status, String json) {
        return then(request -> ApiResponse.json(status, json));
    }

    ScriptedTransport thenRespond(ApiResponse response) {
        return then(request -> response);
    }

    ScriptedTransport thenFail(TransportException.Kind kind) {
        return then(request -> {
            throw new TransportException(kind, request.uri(), "scripted " + kind, null);
        });
    }

    ScriptedTransport otherwise(RequestHandler handler) {
        this.fallback = handler;
        return this;
    }

    synchronized List<ApiRequest> requests() {
        return List.copyOf(requests);
    }

    synchronized List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (ApiRequest r : requests) {
            paths.add(r.method() + " " + r.path() + (r.rawQuery() == null ? "" : "?" + r.rawQuery()));
        }
        return paths;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public CompletableFuture<ApiResponse> send(ApiRequest request) {
        Step step;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new TransportException(TransportException.Kind.CLOSED, request.uri(), "closed", null));
            }
            requests.add(request);
            step = script.poll();
        }
        try {
            return CompletableFuture.completedFuture(step != null ? step.answer(request) : fallback.handle(request));
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    static URI api() {
        return URI.create("http://prefect.test/api");
    }
}
