package dev.jprefect.transport.http.internal;

import dev.jprefect.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the {@link SSLContext} that {@link TransportConfig}'s TLS choices ask for. */
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
        try {
            if (config.tlsInsecureSkipVerify()) {
                return context(new TrustManager[] {new TrustEverything()});
            }
            if (config.sslCertFile() != null) {
                return context(trustOnly(config.sslCertFile()));
            }
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for " + config.apiUrl() + ": " + e, e);
        }
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
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
