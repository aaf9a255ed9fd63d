package dev.jprefect.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.transport.spi.TransportProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The selection rules of {@link Transports}, over providers made for the test. */
class TransportsTest {

    private static final URI HTTP = URI.create("http://127.0.0.1:4200/api");
    private static final URI IN_MEMORY = URI.create("inmemory://app/api");

    private static final Provider JDK = new Provider("http", 0, "http", "https");
    private static final Provider FAST = new Provider("fast-http", 10, "http");
    private static final Provider MEMORY = new Provider("inmemory", 0, "inmemory");

    @Test
    void anExplicitNameWinsWhateverTheScheme() {
        List<TransportProvider> all = List.of(JDK, FAST, MEMORY);

        assertThat(Transports.select(IN_MEMORY, "http", all)).isSameAs(JDK);
        assertThat(Transports.select(HTTP, "inmemory", all)).isSameAs(MEMORY);
        assertThat(Transports.select(HTTP, "  HTTP ", all)).as("trimmed, any case").isSameAs(JDK);
    }

    @Test
    void withoutANameTheHighestPriorityForTheSchemeWins() {
        assertThat(Transports.select(HTTP, null, List.of(JDK, FAST, MEMORY))).isSameAs(FAST);
        assertThat(Transports.select(HTTP, " ", List.of(MEMORY, JDK, FAST))).isSameAs(FAST);
        assertThat(Transports.select(URI.create("https://example.com/api"), null, List.of(JDK, FAST))).isSameAs(JDK);
        assertThat(Transports.select(URI.create("HTTP://127.0.0.1/api"), null, List.of(JDK))).isSameAs(JDK);
    }

    @Test
    void tiesAreBrokenTheSameWayWhateverTheOrderFound() {
        Provider alpha = new Provider("alpha", 5, "http");
        Provider beta = new Provider("beta", 5, "http");
        Provider gamma = new Provider("gamma", 5, "http");
        List<TransportProvider> providers = new ArrayList<>(List.of(alpha, beta, gamma, JDK));
        Random random = new Random(7);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(providers, random);
            assertThat(Transports.select(HTTP, null, providers)).isSameAs(alpha);
        }
    }

    @Test
    void twoProvidersOfTheSameNameAreChosenBetweenDeterministically() {
        Provider low = new Provider("dup", 0, "http");
        Provider high = new Provider("dup", 3, "http");

        assertThat(Transports.select(HTTP, "dup", List.of(low, high))).isSameAs(high);
        assertThat(Transports.select(HTTP, "dup", List.of(high, low))).isSameAs(high);
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheSettingTheUrlAndTheProvidersFound() {
        assertThatThrownBy(() -> Transports.select(HTTP, "quic", List.of(JDK, MEMORY)))
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining("PREFECT_CLIENT_TRANSPORT='quic'")
                .hasMessageContaining(HTTP.toString())
                .hasMessageContaining("http [http, https] (" + Provider.class.getName() + ")")
                .hasMessageContaining("inmemory [inmemory]")
                .hasMessageContaining("Add the module that provides 'quic'");
    }

    @Test
    void aMissingHttpTransportNamesTheUrlTheProvidersFoundAndTheModuleToAdd() {
        assertThatThrownBy(() -> Transports.select(HTTP, null, List.of(MEMORY)))
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining("No transport serves the API URL " + HTTP)
                .hasMessageContaining("providers found: [inmemory [inmemory]")
                .hasMessageContaining("dev.jprefect.transport.http")
                .hasMessageContaining("dev.jprefect:jprefect-transport-http");
    }

    @Test
    void aMissingInMemoryTransportNamesItsModule() {
        assertThatThrownBy(() -> Transports.select(IN_MEMORY, null, List.of()))
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining(IN_MEMORY.toString())
                .hasMessageContaining("providers found: none")
                .hasMessageContaining("dev.jprefect.transport.inmemory");
    }

    @Test
    void anUnknownSchemeSaysWhatKindOfModuleWouldServeIt() {
        URI gopher = URI.create("gopher://example.com/api");

        assertThatThrownBy(() -> Transports.select(gopher, null, List.of(JDK)))
                .hasMessageContaining(gopher.toString())
                .hasMessageContaining("'gopher'")
                .hasMessageContaining("provides dev.jprefect.transport.spi.TransportProvider");
    }

    @Test
    void openingWithTheProvidersFoundFailsClearlyWhenNoneServesTheUrl() {
        URI unserved = URI.create("nothing-serves-this://host/api");

        assertThatThrownBy(() -> Transports.open(TransportConfig.of(unserved)))
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining(unserved.toString());
        assertThatThrownBy(() -> Transports.providers().add(JDK)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anExplicitlyChosenProviderOpensTheTransport() {
        Transport transport = Transports.select(HTTP, "inmemory", List.of(JDK, MEMORY)).open(TransportConfig.of(HTTP));

        assertThat(transport).isInstanceOf(OpenedBy.class);
        assertThat(((OpenedBy) transport).provider).isSameAs(MEMORY);
    }

    /** A provider that only says who it is; opening gives a transport that remembers its maker. */
    private static final class Provider implements TransportProvider {
        private final String name;
        private final int priority;
        private final Set<String> schemes;

        Provider(String name, int priority, String... schemes) {
            this.name = name;
            this.priority = priority;
            this.schemes = Set.of(schemes);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Transport open(TransportConfig config) {
            return new OpenedBy(this);
        }

        @Override
        public String toString() {
            return name + "@" + priority;
        }
    }

    private static final class OpenedBy implements Transport {
        final Provider provider;

        OpenedBy(Provider provider) {
            this.provider = provider;
        }

        @Override
        public CompletableFuture<ApiResponse> send(ApiRequest request) {
            return CompletableFuture.failedFuture(
                    new TransportException(TransportException.Kind.CLOSED, request.uri(), "test transport", null));
        }

        @Override
        public void close() {
        }
    }
}
