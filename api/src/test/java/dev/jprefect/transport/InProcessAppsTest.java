package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
class InProcessAppsTest {

    private final RequestHandler app = request -> ApiResponse.json(200, "{}");

    @Test
    void aRegisteredAppIsFoundByNameAndByUrlUntilItsRegistrationCloses() {
        InProcessApps.Registration registration = InProcessApps.register("apps-test-lookup", app);

        assertThat(registration.apiUrl()).hasToString("inmemory://apps-test-lookup/api");
        assertThat(InProcessApps.lookup("apps-test-lookup")).containsSame(app);
        assertThat(InProcessApps.lookup(URI.create("inmemory://apps-test-lookup/api/flows/"))).containsSame(app);
        assertThat(InProcessApps.lookup(URI.create("INMEMORY://Apps-Test-Lookup/api"))).as("hosts ignore case")
                .containsSame(app);
        assertThat(InProcessApps.names()).contains("apps-test-lookup");

        registration.close();
        registration.close();

        assertThat(InProcessApps.lookup("apps-test-lookup")).isEmpty();
        assertThat(InProcessApps.names()).doesNotContain("apps-test-lookup");
    }

    @Test
    void aTakenNameIsRefusedNamingIt() {
        try (InProcessApps.Registration first = InProcessApps.register("apps-test-taken", app)) {
            assertThatThrownBy(() -> InProcessApps.register("apps-test-taken", request -> null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'apps-test-taken'");
            assertThat(InProcessApps.lookup("apps-test-taken")).containsSame(first.app());
        }
    }

    @Test
    void closingAnOldRegistrationLeavesTheNewOwnerOfTheName() {
        InProcessApps.Registration old = InProcessApps.register("apps-test-reused", app);
        old.close();
        RequestHandler newer = request -> ApiResponse.json(200, "{\"newer\":true}");
        try (InProcessApps.Registration current = InProcessApps.register("apps-test-reused", newer)) {
            old.close();

            assertThat(InProcessApps.lookup("apps-test-reused")).containsSame(newer);
        }
    }

    @Test
    void otherSchemesAndUnknownNamesFindNothing() {
        try (InProcessApps.Registration registration = InProcessApps.register("apps-test-scheme", app)) {
            assertThat(InProcessApps.lookup(URI.create("http://apps-test-scheme/api"))).isEmpty();
            assertThat(InProcessApps.lookup(URI.create("inmemory:/api"))).isEmpty();
            assertThat(InProcessApps.lookup("apps-test-absent")).isEmpty();
        }
    }

    @ParameterizedTest(name = "\"{0}\" is no app name")
    @ValueSource(strings = {"", "Upper", "under_score", "-leading", "trailing-", "sp ace", "sl/ash", "\u00e9t\u00e9"})
    void namesMustBeUrlHosts(String name) {
        assertThatThrownBy(() -> InProcessApps.register(name, app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("lower-case letters, digits");
    }

    @Test
    void uniqueRegistrationsNeverCollideEvenConcurrently() throws Exception {
        int threads = 8;
        int each = 50;
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<InProcessApps.Registration> registrations = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<InProcessApps.Registration>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<InProcessApps.Registration> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(InProcessApps.registerUnique("apps-test-unique", app));
                    }
                    return mine;
                }));
            }
            for (Future<List<InProcessApps.Registration>> result : results) {
                registrations.addAll(result.get(20, TimeUnit.SECONDS));
            }
            registrations.forEach(r -> names.add(r.name()));

            assertThat(names).hasSize(threads * each).allSatisfy(name -> assertThat(name).startsWith("apps-test-unique-"));
            assertThat(registrations).allSatisfy(r -> assertThat(InProcessApps.lookup(r.apiUrl())).containsSame(app));
        } finally {
            registrations.forEach(InProcessApps.Registration::close);
            pool.shutdownNow();
        }
        assertThat(InProcessApps.names()).noneMatch(name -> name.startsWith("apps-test-unique-"));
    }
}
