package org.openegate.mqtt;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS socket factory for {@link TlsOptions}: only the given CAs are trusted. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLSocketFactory socketFactory(TlsOptions tls, SecureRandom random) {
        try {
            List<X509Certificate> cas = readCertificates(tls.caCertificates());
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("CA file " + tls.caCertificates() + " holds no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            KeyManagerFactory kmf = null;
            if (tls.clientCertificate().isPresent()) {
                List<X509Certificate> chain = readCertificates(tls.clientCertificate().get());
                if (chain.isEmpty()) {
                    throw new IllegalArgumentException("client certificate file " + tls.clientCertificate().get()
                            + " holds no PEM certificate");
                }
                PrivateKey key = readPkcs8Key(tls.clientKey().orElseThrow(), chain.get(0).getPublicKey().getAlgorithm());
                char[] pass = new char[0];
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, pass, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pass);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot set up TLS from " + tls.caCertificates() + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : pemBlocks(Files.readString(pem, StandardCharsets.US_ASCII), "CERTIFICATE")) {
            out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }

    private static PrivateKey readPkcs8Key(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        List<byte[]> blocks = pemBlocks(Files.readString(pem, StandardCharsets.US_ASCII), "PRIVATE KEY");
        if (blocks.size() != 1) {
            // Never echo key material; name the file and what was expected only.
            throw new IllegalArgumentException("key file " + pem + " must hold exactly one unencrypted PKCS#8"
                    + " 'PRIVATE KEY' PEM block, found " + blocks.size());
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(blocks.get(0)));
    }

    private static List<byte[]> pemBlocks(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = text.indexOf(end, b);
            if (e < 0) {
                throw new IllegalArgumentException("PEM block " + label + " at offset " + b + " has no END line");
            }
            out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
            from = e + end.length();
        }
    }
}
