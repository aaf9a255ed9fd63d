package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.spi.EmbeddedServerProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Servers share nothing; storage is transactional; the provider is found and settings are checked. */
class IsolationAndStorageTest {

    @Test
    void twoServersInOneJvmShareNothing() {
        TestClient one = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
        TestClient two = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of())).build());
        one.post("/api/flows/", Map.of("name", "mine"));
        assertThat(one.post("/api/flows/count", Map.of()).json()).isEqualTo(1L);
        assertThat(two.post("/api/flows/count", Map.of()).json()).isEqualTo(0L);
        assertThat(two.get("/api/flows/name/mine").status()).isEqualTo(404);
    }

    @Test
    void theEmbeddedServerProviderIsFoundByServiceLoader() {
        // The tests run inside the server module, which provides the service but does not use it.
        getClass().getModule().addUses(EmbeddedServerProvider.class);
        List<EmbeddedServerProvider> providers = ServiceLoader.load(EmbeddedServerProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        assertThat(providers).extracting(EmbeddedServerProvider::name).contains("jprefect");
        EmbeddedServerProvider provider = providers.stream().filter(p -> p.name().equals("jprefect")).findFirst().orElseThrow();
        RequestHandler a = provider.create(Settings.isolated(Map.of()));
        RequestHandler b = provider.create(Settings.isolated(Map.of()));
        assertThat(a).isNotSameAs(b);
        new TestClient(a).post("/api/flows/", Map.of("name", "only-in-a"));
        assertThat(new TestClient(b).get("/api/flows/name/only-in-a").status()).isEqualTo(404);
    }

    @Test
    void aBadServerSettingIsNamedWhenTheServerIsBuilt() {
        assertThatThrownBy(() -> PrefectServer.builder()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_API_DEFAULT_LIMIT", "lots"))).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PREFECT_SERVER_API_DEFAULT_LIMIT");
    }

    @Test
    void theDefaultLimitComesFromTheSetting() {
        TestClient client = new TestClient(PrefectServer.builder()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_API_DEFAULT_LIMIT", "2"))).build());
        for (String name : List.of("a", "b", "c")) {
            client.post("/api/flows/", Map.of("name", name));
        }
        assertThat(client.post("/api/flows/filter", Map.of()).list()).hasSize(2);
        assertThat(client.post("/api/flows/filter", Map.of("limit", 3)).status()).isEqualTo(422);
    }

    @Test
    void aFailedWriteTransactionLeavesNothingBehind() {
        InMemoryStorage storage = new InMemoryStorage();
        FlowRow taken = flow("taken");
        storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(taken);
            return null;
        });
        assertThatThrownBy(() -> storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("new"));
            tx.table(FlowRow.TABLE).remove(taken.id);
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        List<FlowRow> all = storage.read(tx -> tx.table(FlowRow.TABLE).find(Query.all()));
        assertThat(all).extracting(f -> f.name).containsExactly("taken");
        Optional<FlowRow> byOldName = storage.read(tx -> tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, "taken"));
        Optional<FlowRow> byNewName = storage.read(tx -> tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, "new"));
        assertThat(byOldName).isPresent();
        assertThat(byNewName).isEmpty();
    }

    @Test
    void aUniqueIndexRefusesASecondHolder() {
        InMemoryStorage storage = new InMemoryStorage();
        storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("x"));
            return null;
        });
        assertThatThrownBy(() -> storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(flow("x"));
            return null;
        })).isInstanceOf(ConflictException.class).hasMessageContaining("name");
    }

    @Test
    void rowsReadAreCopiesUntilPutBack() {
        InMemoryStorage storage = new InMemoryStorage();
        FlowRow f = flow("x");
        storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(f);
            return null;
        });
        f.name = "changed outside";
        storage.read(tx -> tx.table(FlowRow.TABLE).get(f.id)).orElseThrow().name = "changed copy";
        assertThat(storage.read(tx -> tx.table(FlowRow.TABLE).get(f.id)).orElseThrow().name).isEqualTo("x");
        assertThatThrownBy(() -> storage.read(tx -> {
            tx.table(FlowRow.TABLE).put(flow("y"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside a write transaction");
    }

    private static FlowRow flow(String name) {
        FlowRow f = new FlowRow();
        f.id = UUID.randomUUID();
        f.created = Instant.EPOCH;
        f.updated = Instant.EPOCH;
        f.name = name;
        return f;
    }
}
