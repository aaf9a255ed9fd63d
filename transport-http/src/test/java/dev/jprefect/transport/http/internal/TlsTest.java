package dev.jprefect.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.RequestHandler;
import dev.jprefect.transport.Transport;
import dev.jprefect.transport.TransportConfig;
import dev.jprefect.transport.TransportException;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.netty.NettyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against a real Netty server with self-signed certificates made by the JDK's keytool: one for
 * 127.0.0.1 (the address the tests connect to) and one for another host name.
 */
class TlsTest {

    private static final long WAIT_SECONDS = 20;
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final RequestHandler OK = request -> ApiResponse.json(200, "{\"tls\":true}");

    @TempDir
    static Path dir;

    private static Path loopbackKeys;
    private static Path loopbackCa;
    private static Path otherHostKeys;

    @BeforeAll
    static void makeCertificates() throws Exception {
        loopbackKeys = keyPair("loopback", "ip:127.0.0.1");
        loopbackCa = exportCertificate(loopbackKeys, "loopback");
        otherHostKeys = keyPair("other", "dns:elsewhere.example");
    }

    @Test
    void theCaFileMakesTheServersCertificateTrusted() throws Exception {
        try (NettyServer server = httpsServer(loopbackKeys);
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()).withSslCertFile(loopbackCa))) {

            assertThat(server.apiUrl().getScheme()).isEqualTo("https");
            assertThat(get(transport, server).bodyAsString()).isEqualTo("{\"tls\":true}");
        }
    }

    @Test
    void anUnknownCertificateIsAProtocolError() throws Exception {
        try (NettyServer server = httpsServer(loopbackKeys);
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()))) {

            TransportException failure = failure(transport, server);

            assertThat(failure.kind()).isEqualTo(TransportException.Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsStillRejected() throws Exception {
        Path otherCa = exportCertificate(otherHostKeys, "other");
        try (NettyServer server = httpsServer(otherHostKeys);
                Transport transport = Transports.open(TransportConfig.of(server.apiUrl()).withSslCertFile(otherCa))) {

            assertThat(failure(transport, server).kind()).isEqualTo(TransportException.Kind.PROTOCOL_ERROR);
        }
    }

    @Test
    void skippingVerificationAcceptsAnUnknownCertificateForAnotherHost() throws Exception {
        try (NettyServer server = httpsServer(otherHostKeys);
                Transport transport = Transports.open(
                        TransportConfig.of(server.apiUrl()).withTlsInsecureSkipVerify(true).withHttp2(true))) {

            assertThat(get(transport, server).status()).isEqualTo(200);
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingTheSetting() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        Path missing = dir.resolve("missing.pem");
        URI apiUrl = URI.create("https://127.0.0.1:1/api");

        assertThatThrownBy(() -> Transports.open(TransportConfig.of(apiUrl).withSslCertFile(empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PREFECT_API_SSL_CERT_FILE=" + empty)
                .hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Transports.open(TransportConfig.of(apiUrl).withSslCertFile(missing)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PREFECT_API_SSL_CERT_FILE=" + missing);
    }

    @Test
    void aClientCertificateNamedByTheJdksKeyStorePropertiesPassesMutualTls() throws Exception {
        Path clientKeys = keyPair("client", "dns:client.example");
        Path clientCa = exportCertificate(clientKeys, "client");
        try (NettyServer server = mutualTlsServer(loopbackKeys, clientCa)) {
            TransportConfig trusting = TransportConfig.of(server.apiUrl()).withSslCertFile(loopbackCa);
            try (Transport transport = Transports.open(trusting)) {
                TransportException refused = failure(transport, server);
                assertThat(refused.kind()).as("no client certificate: %s", refused.getMessage())
                        .isIn(TransportException.Kind.PROTOCOL_ERROR, TransportException.Kind.CONNECTION_RESET);
            }
            String[] properties = {"javax.net.ssl.keyStore", "javax.net.ssl.keyStoreType", "javax.net.ssl.keyStorePassword"};
            String[] before = new String[properties.length];
            for (int i = 0; i < properties.length; i++) {
                before[i] = System.getProperty(properties[i]);
            }
            System.setProperty(properties[0], clientKeys.toString());
            System.setProperty(properties[1], "PKCS12");
            System.setProperty(properties[2], new String(PASSWORD));
            try {
                try (Transport transport = Transports.open(trusting)) {
                    assertThat(get(transport, server).bodyAsString()).isEqualTo("{\"tls\":true}");
                }
                try (Transport transport = Transports.open(TransportConfig.of(server.apiUrl()).withTlsInsecureSkipVerify(true))) {
                    assertThat(get(transport, server).status()).isEqualTo(200);
                }
            } finally {
                for (int i = 0; i < properties.length; i++) {
                    if (before[i] == null) {
                        System.clearProperty(properties[i]);
                    } else {
                        System.setProperty(properties[i], before[i]);
                    }
                }
            }
        }
    }

    @Test
    void aClientKeyStoreThatCannotBeReadIsRefusedNamingTheProperty() throws Exception {
        Path clientKeys = keyPair("wrong-password", "dns:client.example");
        Map<String, String> wrongPassword = Map.of("javax.net.ssl.keyStore", clientKeys.toString(),
                "javax.net.ssl.keyStoreType", "PKCS12", "javax.net.ssl.keyStorePassword", "not-it");
        Map<String, String> missing = Map.of("javax.net.ssl.keyStore", dir.resolve("missing.p12").toString());
        TransportConfig config = TransportConfig.of(URI.create("https://127.0.0.1:1/api")).withSslCertFile(loopbackCa);

        assertThatThrownBy(() -> Tls.contextFor(config, wrongPassword::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("javax.net.ssl.keyStore=" + clientKeys)
                .hasMessageContaining("javax.net.ssl.keyStorePassword");
        assertThatThrownBy(() -> Tls.contextFor(config, missing::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("javax.net.ssl.keyStore=" + dir.resolve("missing.p12"));
        assertThat(Tls.clientKeys(Map.of("javax.net.ssl.keyStore", "NONE")::get)).isNull();
    }

    private static ApiResponse get(Transport transport, NettyServer server) throws Exception {
        return transport.send(ApiRequest.get(URI.create(server.apiUrl() + "/health"))).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static TransportException failure(Transport transport, NettyServer server) throws Exception {
        try {
            throw new AssertionError("expected a TLS failure, got " + get(transport, server));
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TransportException.class);
            return (TransportException) e.getCause();
        }
    }

    private static NettyServer httpsServer(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return NettyServer.builder(OK).tls(context).start();
    }

    /** An HTTPS server that requires a client certificate issued as {@code clientCa}. */
    private static NettyServer mutualTlsServer(Path keyStore, Path clientCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), Tls.trustOnly(clientCa), null);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setNeedClientAuth(true);
        return NettyServer.builder(OK).tls(context, parameters).start();
    }

    private static Path keyPair(String name, String subjectAltName) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=jprefect test " + name, "-ext", "san=" + subjectAltName, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        return store;
    }

    private static Path exportCertificate(Path store, String name) throws Exception {
        Path pem = dir.resolve(name + "-ca.pem");
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString());
        // Text around the block, as in CA bundles, must not matter.
        Files.writeString(pem, "# test CA\n" + Files.readString(pem, StandardCharsets.US_ASCII) + "\n# end\n");
        return pem;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (" + process.exitValue() + "): " + output);
        }
    }
}
