package org.openegate.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The gate's own key pair, made on the device and never exported in clear.
 *
 * <p>The private key is an EC P-256 key written as an encrypted PKCS#8 file (PBES2 with AES-256-CBC) that only
 * its owner may read (0600). The passphrase comes from the device's secret store; a PKCS#11 token or a TPM can
 * take the key's place later behind the same methods. What leaves the device is a PKCS#10 request for the
 * fleet CA to sign (enrolment by claim).
 */
public final class DeviceIdentity {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final KeyPair keyPair;

    private DeviceIdentity(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    /** Makes a fresh EC P-256 key pair from the given randomness. */
    public static DeviceIdentity generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return new DeviceIdentity(generator.generateKeyPair());
    }

    /**
     * Writes the private key encrypted under the passphrase, atomically, with owner-only permissions: a crash
     * never leaves a half-written key.
     */
    public void store(Path file, char[] passphrase, SecureRandom random) throws IOException {
        KeyFiles.writeEncrypted(file, keyPair.getPrivate(), passphrase, random);
    }

    /** Reads a key written by {@link #store}; a wrong passphrase or an altered file fails. */
    public static DeviceIdentity load(Path file, char[] passphrase) throws IOException, GeneralSecurityException {
        PrivateKey privateKey = KeyFiles.readEncrypted(file, passphrase);
        if (!"EC".equals(privateKey.getAlgorithm()) && !"ECDSA".equals(privateKey.getAlgorithm())) {
            throw new GeneralSecurityException(file + " holds a " + privateKey.getAlgorithm() + " key, not EC");
        }
        return new DeviceIdentity(new KeyPair(publicKeyOf(privateKey), privateKey));
    }

    /**
     * Wraps a key pair made elsewhere on the device (a PKCS#11 token or a TPM hands out a key handle, not key
     * bytes); {@link #store} is then not available for a handle that cannot be exported.
     */
    public static DeviceIdentity of(KeyPair keyPair) {
        return new DeviceIdentity(java.util.Objects.requireNonNull(keyPair, "keyPair"));
    }

    private static PublicKey publicKeyOf(PrivateKey privateKey) throws GeneralSecurityException {
        // Q = d·G, computed with BouncyCastle's curve arithmetic, handed out as a JDK key.
        var ecPrivate = (org.bouncycastle.jce.interfaces.ECPrivateKey) java.security.KeyFactory.getInstance("EC", BC)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(privateKey.getEncoded()));
        var spec = ecPrivate.getParameters();
        var point = spec.getG().multiply(ecPrivate.getD()).normalize();
        PublicKey bcPublic = java.security.KeyFactory.getInstance("EC", BC)
                .generatePublic(new org.bouncycastle.jce.spec.ECPublicKeySpec(point, spec));
        return java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(bcPublic.getEncoded()));
    }

    /**
     * Loads the key from the file, or makes one and stores it there: the gate's identity is created once, on the
     * gate, at first start.
     */
    public static DeviceIdentity loadOrCreate(Path file, char[] passphrase, SecureRandom random)
            throws IOException, GeneralSecurityException {
        if (Files.exists(file)) {
            return load(file, passphrase);
        }
        DeviceIdentity identity = generate(random);
        identity.store(file, passphrase, random);
        return identity;
    }

    /**
     * A short public identifier of the key: the first 8 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex.
     * Records name the key that made them with it; it reveals nothing secret.
     */
    public String keyId() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(keyPair.getPublic().getEncoded());
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /**
     * The private key, for the TLS client handshake and for proofs of possession. It stays inside the process
     * (and is a non-exportable handle once a PKCS#11 token or a TPM holds it); never log or serialise it.
     */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** An ECDSA P-256 / SHA-256 signature (DER) of {@code data} with the device key. */
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSA");
        signature.initSign(keyPair.getPrivate());
        signature.update(data);
        return signature.sign();
    }

    /**
     * A PKCS#10 request signed with the device key (proof of possession), naming the gate as
     * {@code CN=<gateId>, OU=<site>, O=OpenEgate}.
     */
    public PKCS10CertificationRequest certificationRequest(String gateId, String site) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "OpenEgate").addRDN(BCStyle.OU, site).addRDN(BCStyle.CN, gateId).build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(keyPair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certification request", e);
        }
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "DeviceIdentity[EC P-256, private key redacted]";
    }
}
