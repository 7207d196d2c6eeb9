package org.openegate.provisioning.bundle;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The operator's side: signs content as a bundle of a type and version for a target (see {@link BundleFormat} for
 * the wire form). The operator certificate travels in the bundle; the gate checks it against its fleet trust
 * anchor. The private key never leaves this object and is not in {@link #toString()}.
 */
public final class BundleSigner {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final PrivateKey operatorKey;
    private final X509Certificate operatorCert;
    private final Clock clock;
    private final SecureRandom random;

    /** Signs with the system clock as signing time and a fresh {@link SecureRandom} for ECDSA. */
    public BundleSigner(PrivateKey operatorKey, X509Certificate operatorCert) {
        this(operatorKey, operatorCert, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * @throws IllegalArgumentException if the key is not an EC private key (the fleet's operator key is P-256)
     */
    public BundleSigner(PrivateKey operatorKey, X509Certificate operatorCert, Clock clock, SecureRandom random) {
        if (!(operatorKey instanceof ECPrivateKey)) {
            throw new IllegalArgumentException("operator key must be an EC key, not " + operatorKey.getAlgorithm());
        }
        this.operatorKey = operatorKey;
        this.operatorCert = Objects.requireNonNull(operatorCert, "operatorCert");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The DER CMS SignedData of {@code content} as bundle {@code type} version {@code version} for {@code target}.
     *
     * @param version 1 or more; a gate accepts only versions above the one it has committed for the type
     * @param target  a device id, {@code site:<site>} or {@code *}
     * @throws IllegalArgumentException if the version or target is invalid or the content is empty or too large
     */
    public byte[] sign(BundleType type, long version, String target, byte[] content) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        if (version < 1) {
            throw new IllegalArgumentException("bundle version " + version + " is below 1");
        }
        String problem = BundleFormat.targetProblem(target);
        if (problem != null) {
            throw new IllegalArgumentException("target " + BundleFormat.quote(target) + " " + problem);
        }
        if (content.length == 0 || content.length > BundleVerifier.MAX_CONTENT_BYTES) {
            throw new IllegalArgumentException("content of " + content.length + " bytes is outside 1.."
                    + BundleVerifier.MAX_CONTENT_BYTES);
        }
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(BundleFormat.BUNDLE_INFO,
                new DERSet(BundleFormat.encode(new BundleFormat.Info(type, version, target)))));
        // signingTime from the injected clock (RFC 5652 §11.3); the gate measures the trust list's age from it.
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).setSecureRandom(random)
                            .build(operatorKey), operatorCert));
            generator.addCertificates(new JcaCertStore(List.of(operatorCert)));
            return generator.generate(new CMSProcessableByteArray(BundleFormat.CONTENT_TYPE, content), true)
                    .getEncoded("DER");
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("cannot sign " + type.wireName() + " bundle: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BundleSigner[" + operatorCert.getSubjectX500Principal().getName() + ", private key redacted]";
    }
}
