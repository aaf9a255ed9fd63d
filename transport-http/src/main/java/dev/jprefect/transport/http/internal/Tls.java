package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} that {@link TransportConfig}'s TLS choices ask for.
 *
 * <p>Client certificates (mutual TLS, for a self-hosted server behind a proxy that asks for them)
 * come from the JDK's standard key store properties, {@code javax.net.ssl.keyStore},
 * {@code javax.net.ssl.keyStoreType} and {@code javax.net.ssl.keyStorePassword}: the JDK's default
 * context honours them, and so do the contexts built here for a custom CA file or for skipped
 * verification, so a client certificate works with every TLS choice.
 */
final class Tls {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private Tls() {
    }

    /**
     * Returns the context for {@code config}, or null for the JDK's default (verified against the
     * JDK's CA certificates).
     *
     * @throws IllegalArgumentException if the CA file cannot be read or holds no certificate
     */
    static SSLContext contextFor(TransportConfig config) {
        return contextFor(config, System::getProperty);
    }

    /**
     * {@link #contextFor(TransportConfig)} with the system properties read through
     * {@code properties}.
     *
     * @throws IllegalArgumentException if the CA file or the client key store cannot be read
     */
    static SSLContext contextFor(TransportConfig config, UnaryOperator<String> properties) {
        try {
            if (config.tlsInsecureSkipVerify()) {
                return context(clientKeys(properties), new TrustManager[] {new TrustEverything()});
            }
            if (config.sslCertFile() != null) {
                return context(clientKeys(properties), trustOnly(config.sslCertFile()));
            }
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for " + config.apiUrl() + ": " + e, e);
        }
    }

    private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context;
    }

    /**
     * Returns the key managers of the client key store that the JDK's standard properties name, or
     * null (no client certificate) when {@code javax.net.ssl.keyStore} is unset or {@code NONE}.
     */
    static KeyManager[] clientKeys(UnaryOperator<String> properties) throws GeneralSecurityException {
        String file = properties.apply("javax.net.ssl.keyStore");
        if (file == null || file.isBlank() || "NONE".equals(file)) {
            return null;
        }
        String type = properties.apply("javax.net.ssl.keyStoreType");
        String password = properties.apply("javax.net.ssl.keyStorePassword");
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance(type == null || type.isBlank() ? KeyStore.getDefaultType() : type);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("javax.net.ssl.keyStoreType=" + type + " is not a key store type this JDK has", e);
        }
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("javax.net.ssl.keyStore=" + file + " cannot be read as a "
                    + store.getType() + " key store with javax.net.ssl.keyStorePassword: " + e.getMessage(), e);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        try {
            factory.init(store, secret);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("javax.net.ssl.keyStore=" + file
                    + ": its key cannot be read with javax.net.ssl.keyStorePassword: " + e.getMessage(), e);
        }
        return factory.getKeyManagers();
    }

    /** Returns trust managers that trust exactly the CA certificates in the PEM file {@code file}. */
    static TrustManager[] trustOnly(Path file) throws GeneralSecurityException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("PREFECT_API_SSL_CERT_FILE=" + file + " cannot be read: " + e, e);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Matcher block = PEM_CERTIFICATE.matcher(pem);
        int count = 0;
        while (block.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PREFECT_API_SSL_CERT_FILE=" + file + ": certificate "
                        + (count + 1) + " is not valid Base64: " + e.getMessage(), e);
            }
            Certificate certificate;
            try {
                certificate = x509.generateCertificate(new ByteArrayInputStream(der));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("PREFECT_API_SSL_CERT_FILE=" + file + ": certificate "
                        + (count + 1) + " is not an X.509 certificate: " + e.getMessage(), e);
            }
            store.setCertificateEntry("ca-" + count++, certificate);
        }
        if (count == 0) {
            throw new IllegalArgumentException("PREFECT_API_SSL_CERT_FILE=" + file
                    + " holds no PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /**
     * Accepts every certificate for every host name. An {@link X509ExtendedTrustManager}, because
     * JSSE checks host names inside the extended trust manager: a plain one would get wrapped in a
     * manager that still checks them.
     */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        private static final X509Certificate[] NONE = new X509Certificate[0];

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NONE;
        }
    }
}
