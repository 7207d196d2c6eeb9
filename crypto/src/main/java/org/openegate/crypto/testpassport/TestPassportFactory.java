package org.openegate.crypto.testpassport;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.icao.ICAOObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openegate.crypto.lds.BiometricDataBlock;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.CardSecurity;
import org.openegate.crypto.lds.Com;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.Dg14;
import org.openegate.crypto.lds.Dg15;
import org.openegate.crypto.lds.Dg2;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.lds.SecurityInfos;
import org.openegate.crypto.lds.DigestAlgorithm;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.lds.Sod;
import org.openegate.crypto.tlv.Tlv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes synthetic, correctly signed ePassports for tests and the demo: a test CSCA, Document Signers issued by
 * it, and the LDS files COM, DG1, DG2 (an ISO/IEC 19794-5:2005 face record around a given JPEG), any extra data
 * groups supplied (DG14, DG15 from the chip module), and the SOD over all data groups.
 *
 * <p>Certificates follow the 9303-12 §7.1.1 profiles as far as a test PKI sensibly can: the CSCA is a
 * self-signed CA with keyCertSign and cRLSign; the Document Signer has only digitalSignature, a private key usage
 * period, authority and subject key identifiers and the document type list extension. Time and randomness are
 * injected so that tests are reproducible.
 */
public final class TestPassportFactory {

    private static final Provider BC = new BouncyCastleProvider();
    /** 9303-12 §7.1.1.4 DocumentTypeList extension OID (id-icao-mrtd-security-extensions-documentTypeList). */
    static final ASN1ObjectIdentifier DOCUMENT_TYPE_LIST = new ASN1ObjectIdentifier("2.23.136.1.1.6.2");
    /** CBEFF format owner ISO/IEC JTC 1/SC 37 and format type face (9303-10 §4.7.2.1). */
    static final int FORMAT_OWNER_SC37 = 0x0101;
    static final int FORMAT_TYPE_FACE = 0x0008;

    private final SecureRandom random;
    private final Clock clock;

    public TestPassportFactory(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** A new self-signed test CSCA for the given ISO 3166-1 alpha-2 country, valid 15 years from now. */
    public CscaCredentials createCsca(String countryAlpha2, KeyAlgorithm algorithm) {
        requireCountry(countryAlpha2);
        KeyPair keys = generate(algorithm);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, countryAlpha2)
                .addRDN(BCStyle.O, "OpenEgate Test")
                .addRDN(BCStyle.CN, "OpenEgate Test CSCA " + countryAlpha2)
                .build();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(15 * 366))),
                    subject, keys.getPublic())
                    // 9303-12 §7.1.1.3: CSCA: basicConstraints CA pathLen 0, keyUsage keyCertSign + cRLSign
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(keys.getPublic()));
            return new CscaCredentials(sign(builder, keys.getPrivate(), algorithm), keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not make a test CSCA: " + e.getMessage(), e);
        }
    }

    /**
     * A new Document Signer issued by the CSCA: valid ten years and three months (passport validity plus the key
     * usage period, 9303-12 §5.3), its private key usage period three months, but never beyond the CSCA.
     */
    public DocumentSigner createDocumentSigner(CscaCredentials csca, KeyAlgorithm algorithm) {
        KeyPair keys = generate(algorithm);
        X500Name issuer = X500Name.getInstance(csca.certificate().getSubjectX500Principal().getEncoded());
        String country = issuer.getRDNs(BCStyle.C).length > 0
                ? issuer.getRDNs(BCStyle.C)[0].getFirst().getValue().toString() : "UT";
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, country)
                .addRDN(BCStyle.O, "OpenEgate Test")
                .addRDN(BCStyle.CN, "OpenEgate Test Document Signer " + country)
                .build();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(Duration.ofDays(1));
        Instant notAfter = min(now.plus(Duration.ofDays(10 * 366 + 92)), csca.certificate().getNotAfter().toInstant());
        Instant usageEnd = min(now.plus(Duration.ofDays(92)), notAfter);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            // PrivateKeyUsagePeriod ::= SEQUENCE { notBefore [0] GeneralizedTime, notAfter [1] GeneralizedTime }
            DERSequence usagePeriod = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new DERTaggedObject(false, 0, new DERGeneralizedTime(Date.from(notBefore))),
                    new DERTaggedObject(false, 1, new DERGeneralizedTime(Date.from(usageEnd)))});
            // 9303-12 §7.1.1.4: DocumentTypeList ::= SEQUENCE { version 0, docTypeList SET OF PrintableString }
            DERSequence documentTypes = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new ASN1Integer(0), new DERSet(new DERPrintableString("P"))});
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.privateKeyUsagePeriod, false, usagePeriod)
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(csca.certificate().getPublicKey()))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(DOCUMENT_TYPE_LIST, false, documentTypes);
            KeyAlgorithm cscaAlgorithm = signingAlgorithmOf(csca.privateKey());
            X509Certificate cert = sign(builder, csca.privateKey(), cscaAlgorithm);
            return new DocumentSigner(cert, keys.getPrivate(), algorithm);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not make a test Document Signer: " + e.getMessage(), e);
        }
    }

    /**
     * A link certificate (9303-12 §5.5.1): the new CSCA's subject and public key, signed by the old CSCA's key, so
     * that a gate trusting only the old CSCA can reach Document Signers of the new one.
     */
    public X509Certificate createLinkCertificate(CscaCredentials oldCsca, CscaCredentials newCsca) {
        X509Certificate next = newCsca.certificate();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    oldCsca.certificate().getSubjectX500Principal(), serial(), next.getNotBefore(),
                    Date.from(min(next.getNotAfter().toInstant(), oldCsca.certificate().getNotAfter().toInstant())),
                    next.getSubjectX500Principal(), next.getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            utils.createSubjectKeyIdentifier(next.getPublicKey()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(oldCsca.certificate().getPublicKey()));
            KeyAlgorithm oldAlgorithm = signingAlgorithmOf(oldCsca.privateKey());
            return sign(builder, oldCsca.privateKey(), oldAlgorithm);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("could not make a link certificate: " + e.getMessage(), e);
        }
    }

    /**
     * New chip keys and the DG14/DG15 that publish them (9303-11 §9.2): the PACEInfo of the features' variant
     * (by default id-PACE-ECDH-GM-AES-CBC-CMAC-128 with NIST P-256, parameter id 12); with PACE-CAM a Chip
     * Authentication key on the PACE curve; ChipAuthenticationInfo id-CA-ECDH-AES-CBC-CMAC-128 with its P-256 key in
     * a ChipAuthenticationPublicKeyInfo; for EC Active Authentication an ActiveAuthenticationInfo with
     * ecdsa-with-SHA256; the Active Authentication key in DG15.
     */
    public ChipKeys createChipKeys(ChipFeatures features) {
        List<SecurityInfo> infos = new ArrayList<>();
        KeyPair chipAuthentication = null;
        KeyPair activeAuthentication = null;
        if (features.pace()) {
            infos.add(features.paceVariant().paceInfo());
        }
        if (features.chipAuthentication() || features.paceCam()) {
            boolean dh = features.chipAuthenticationDh() && !features.paceCam();
            // 9303-11 §4.4.3.5: the PACE-CAM static key is the CA key, on the PACE curve (CA_IC is taken mod n)
            chipAuthentication = features.paceCam()
                    ? generateEc(SecurityInfos.standardizedCurve(features.paceVariant().parameterId()).orElseThrow())
                    : dh ? generateDh() : generate(KeyAlgorithm.EC_P256);
            // 9303-11 §9.2.5/§9.2.6: id-CA-(EC)DH-AES-CBC-CMAC-128 and the key under id-PK-DH / id-PK-ECDH
            infos.add(new SecurityInfo.ChipAuthenticationInfo(new ASN1ObjectIdentifier(
                    dh ? "0.4.0.127.0.7.2.2.3.1.2" : "0.4.0.127.0.7.2.2.3.2.2"), 1, java.util.Optional.empty()));
            infos.add(new SecurityInfo.ChipAuthenticationPublicKeyInfo(new ASN1ObjectIdentifier(
                    dh ? "0.4.0.127.0.7.2.2.1.1" : "0.4.0.127.0.7.2.2.1.2"),
                    chipAuthentication.getPublic().getEncoded(), java.util.Optional.empty()));
        }
        Map<Integer, byte[]> groups = new TreeMap<>();
        if (features.activeAuthentication().isPresent()) {
            KeyAlgorithm algorithm = features.activeAuthentication().get();
            boolean ec = algorithm == KeyAlgorithm.EC_P256 || algorithm == KeyAlgorithm.EC_BRAINPOOL_P256_EXPLICIT;
            activeAuthentication = generate(ec ? algorithm : KeyAlgorithm.RSA_2048);
            if (ec) {
                // 9303-11 §9.2.8: ECDSA Active Authentication announces its signature algorithm in DG14
                infos.add(new SecurityInfo.ActiveAuthenticationInfo(new ASN1ObjectIdentifier("2.23.136.1.1.5"), 1,
                        org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256));
            }
            groups.put(15, Dg15.of(activeAuthentication.getPublic()).encode());
        }
        if (!infos.isEmpty()) {
            groups.put(14, new Dg14(infos).encode());
        }
        return new ChipKeys(java.util.Optional.ofNullable(chipAuthentication),
                java.util.Optional.ofNullable(activeAuthentication), groups);
    }

    /**
     * A DH key pair for Chip Authentication in the 2048-bit MODP group of RFC 3526 (group 14). The standardized
     * groups of 9303-11 §9.5.1 are those of RFC 5114, which BouncyCastle does not carry; a reader takes any group
     * the key names, so this one serves as well for tests.
     */
    private KeyPair generateDh() {
        try {
            org.bouncycastle.crypto.params.DHParameters group =
                    org.bouncycastle.crypto.agreement.DHStandardGroups.rfc3526_2048;
            KeyPairGenerator generator = KeyPairGenerator.getInstance("DH");
            generator.initialize(new javax.crypto.spec.DHParameterSpec(group.getP(), group.getG()), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a DH key pair: " + e.getMessage(), e);
        }
    }

    /** A passport with COM, DG1, DG2 and SOD, signed by a new EC P-256 Document Signer of the CSCA. */
    public TestPassport issue(CscaCredentials csca, List<String> mrzLines, byte[] faceJpeg) {
        return issue(csca, createDocumentSigner(csca, KeyAlgorithm.EC_P256), mrzLines, faceJpeg, Map.of());
    }

    /**
     * A passport with COM, DG1, DG2, the extra data groups (data group number -> complete file, for example 14 ->
     * DG14 from the chip module) and a SOD hashing every data group with SHA-256, signed by the given DS.
     */
    public TestPassport issue(CscaCredentials csca, DocumentSigner signer, List<String> mrzLines, byte[] faceJpeg,
                              Map<Integer, byte[]> extraDataGroups) {
        return issue(csca, signer, mrzLines, faceJpeg, extraDataGroups, SodProfile.DEFAULT);
    }

    /** As above, with the SOD's hash algorithm and LDSSecurityObject version chosen. */
    public TestPassport issue(CscaCredentials csca, DocumentSigner signer, List<String> mrzLines, byte[] faceJpeg,
                              Map<Integer, byte[]> extraDataGroups, SodProfile profile) {
        Map<Integer, byte[]> groups = new TreeMap<>();
        groups.put(1, Dg1.ofLines(mrzLines).encode());
        groups.put(2, Dg2.of(List.of(BiometricDataBlock.face(faceRecord(faceJpeg), FORMAT_OWNER_SC37,
                FORMAT_TYPE_FACE))).encode());
        extraDataGroups.forEach((number, content) -> {
            LdsFile file = LdsFile.fromDataGroupNumber(number).orElseThrow(
                    () -> new IllegalArgumentException("no data group " + number));
            if (number <= 2) {
                throw new IllegalArgumentException("DG" + number + " is made by the factory");
            }
            if (content.length == 0 || (content[0] & 0xFF) != file.tag()) {
                throw new IllegalArgumentException(file + " must start with tag " + Tlv.tagHex(file.tag()));
            }
            groups.put(number, content.clone());
        });
        Map<Integer, byte[]> files = new TreeMap<>();
        List<LdsFile> present = new ArrayList<>();
        groups.forEach((number, content) -> {
            LdsFile file = LdsFile.fromDataGroupNumber(number).orElseThrow();
            present.add(file);
            files.put(file.fileId(), content);
        });
        files.put(LdsFile.COM.fileId(), Com.of(present).encode());
        files.put(LdsFile.SOD.fileId(), sod(signer, groups, profile));
        return new TestPassport(files, mrzLines, csca.certificate(), signer.certificate());
    }

    /** A copy of the passport damaged in the given way after signing. */
    public static TestPassport tamper(TestPassport passport, Tamper tamper) {
        Map<Integer, byte[]> files = new TreeMap<>(passport.files());
        switch (tamper) {
            case DG1_ALTERED -> {
                byte[] dg1 = passport.file(LdsFile.DG1);
                // the last MRZ character: change it to another valid MRZ character so DG1 still parses
                int at = dg1.length - 1;
                dg1[at] = (byte) (dg1[at] == 'A' ? 'B' : 'A');
                files.put(LdsFile.DG1.fileId(), dg1);
            }
            case DG2_ALTERED -> {
                byte[] dg2 = passport.file(LdsFile.DG2);
                dg2[dg2.length - 3] ^= 0x01;
                files.put(LdsFile.DG2.fileId(), dg2);
            }
            case SOD_SIGNATURE_FLIPPED -> {
                byte[] sod = passport.sod();
                byte[] signature = Sod.parse(sod).signature();
                int at = indexOf(sod, signature) + signature.length / 2;
                sod[at] ^= 0x01;
                files.put(LdsFile.SOD.fileId(), sod);
            }
            case SOD_SIGNED_ATTRIBUTES_ALTERED -> {
                byte[] sod = passport.sod();
                byte[] attributes = Sod.parse(sod).signedAttributes();
                // the attributes are encoded under tag A0 in the SOD, 31 when signed: search without the tag
                byte[] body = Arrays.copyOfRange(attributes, 1, attributes.length);
                int at = indexOf(sod, body) + body.length - 1;
                sod[at] ^= 0x01;
                files.put(LdsFile.SOD.fileId(), sod);
            }
        }
        return new TestPassport(files, passport.mrzLines(), passport.csca(), passport.documentSigner());
    }

    /**
     * An ISO/IEC 19794-5:2005 face record holding one JPEG (§5.4 to §5.7): the 14-byte general header, a 20-byte
     * facial information block with no feature points, the 12-byte image information block, then the image.
     */
    public static byte[] faceRecord(byte[] jpeg) {
        int[] size = JpegSize.of(jpeg);
        int faceBlockLength = 20 + 12 + jpeg.length;
        int recordLength = 14 + faceBlockLength;
        ByteArrayOutputStream out = new ByteArrayOutputStream(recordLength);
        out.writeBytes(new byte[] {'F', 'A', 'C', 0, '0', '1', '0', 0});
        writeInt(out, recordLength, 4);
        writeInt(out, 1, 2); // number of facial images
        // Facial information block (§5.5)
        writeInt(out, faceBlockLength, 4);
        writeInt(out, 0, 2); // number of feature points
        out.write(0);        // gender unspecified
        out.write(0);        // eye colour unspecified
        out.write(0);        // hair colour unspecified
        writeInt(out, 0, 3); // property mask: none specified
        writeInt(out, 0, 2); // expression unspecified
        writeInt(out, 0, 3); // pose angle yaw, pitch, roll unspecified
        writeInt(out, 0, 3); // pose angle uncertainty
        // Image information block (§5.7)
        out.write(1);        // face image type: full frontal
        out.write(0);        // image data type: JPEG
        writeInt(out, size[0], 2);
        writeInt(out, size[1], 2);
        out.write(1);        // colour space: 24-bit RGB
        out.write(2);        // source type: static photo from a digital still camera
        writeInt(out, 0, 2); // device type unspecified
        writeInt(out, 0, 2); // quality unspecified
        out.writeBytes(jpeg);
        return out.toByteArray();
    }

    private byte[] sod(DocumentSigner signer, Map<Integer, byte[]> groups, SodProfile profile) {
        DigestAlgorithm digest = profile.digest();
        ASN1EncodableVector hashes = new ASN1EncodableVector();
        groups.forEach((number, content) -> hashes.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                new ASN1Integer(number), new DEROctetString(digest.digest(content))})));
        // 9303-10 §4.6.2.3: LDSSecurityObject v0, or v1 with LDSVersionInfo (LDS 1.8)
        ASN1EncodableVector lsoFields = new ASN1EncodableVector();
        lsoFields.add(new ASN1Integer(profile.ldsVersionInfo() ? 1 : 0));
        lsoFields.add(new AlgorithmIdentifier(digest.oid()));
        lsoFields.add(new DERSequence(hashes));
        if (profile.ldsVersionInfo()) {
            lsoFields.add(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new DERPrintableString("0108"), new DERPrintableString("060000")}));
        }
        DERSequence lso = new DERSequence(lsoFields);
        try {
            return Tlv.of(LdsFile.SOD.tag(), signedData(signer, ICAOObjectIdentifiers.id_icao_ldsSecurityObject,
                    lso.getEncoded(ASN1Encoding.DER))).encode();
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the test LDSSecurityObject: " + e.getMessage(), e);
        }
    }

    /**
     * EF.CardSecurity (9303-10 §3.11.4): a SignedData over the SecurityInfos, eContentType id-SecurityObject (BSI
     * TR-03110-3), signed by the Document Signer, with its certificate.
     */
    public byte[] cardSecurity(DocumentSigner signer, List<SecurityInfo> infos) {
        return signedData(signer, CardSecurity.ID_SECURITY_OBJECT, new CardAccess(infos).encode());
    }

    /** The ContentInfo of a SignedData over the content, signed attributes as 9303-10 §4.6.2.2 asks for the SOD. */
    private byte[] signedData(DocumentSigner signer, ASN1ObjectIdentifier contentType, byte[] content) {
        try {
            ContentSigner contentSigner = contentSigner(signer.privateKey(), signer.algorithm());
            Date signingTime = Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            // exactly contentType, signingTime and messageDigest: no CMSAlgorithmProtection, no system clock
            CMSAttributeTableGenerator signedAttributes = parameters -> {
                ASN1EncodableVector attributes = new ASN1EncodableVector();
                attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(
                        ASN1ObjectIdentifier.getInstance(parameters.get(CMSAttributeTableGenerator.CONTENT_TYPE)))));
                attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(signingTime))));
                attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(
                        new DEROctetString((byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST)))));
                return new AttributeTable(attributes);
            };
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build())
                    .setSignedAttributeGenerator(signedAttributes)
                    .build(contentSigner, signer.certificate());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificate(new X509CertificateHolder(signer.certificate().getEncoded()));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(contentType, content), true);
            return signed.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException | OperatorCreationException | CMSException e) {
            throw new IllegalStateException("could not sign the test " + contentType + ": " + e.getMessage(), e);
        }
    }

    /** An EC key pair on a named curve (encoded with the curve's OID). */
    private KeyPair generateEc(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
            generator.initialize(new ECGenParameterSpec(curve), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key generator for " + curve + ": " + e.getMessage(), e);
        }
    }

    private KeyPair generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator generator;
            if (algorithm == KeyAlgorithm.EC_P256) {
                generator = KeyPairGenerator.getInstance("EC", BC);
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            } else if (algorithm == KeyAlgorithm.EC_BRAINPOOL_P256_EXPLICIT) {
                // a plain ECParameterSpec (not a named-curve spec) makes BouncyCastle encode the parameters in full
                org.bouncycastle.jce.spec.ECNamedCurveParameterSpec named =
                        org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("brainpoolP256r1");
                generator = KeyPairGenerator.getInstance("EC", BC);
                generator.initialize(new org.bouncycastle.jce.spec.ECParameterSpec(named.getCurve(), named.getG(),
                        named.getN(), named.getH()), random);
            } else {
                generator = KeyPairGenerator.getInstance("RSA", BC);
                generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + algorithm + " key generator: " + e.getMessage(), e);
        }
    }

    private ContentSigner contentSigner(PrivateKey key, KeyAlgorithm algorithm) throws OperatorCreationException {
        String name = switch (algorithm) {
            case EC_P256, EC_BRAINPOOL_P256_EXPLICIT -> "SHA256withECDSA";
            case RSA_2048 -> "SHA256withRSA";
            case RSA_2048_PSS -> "SHA256withRSAandMGF1";
        };
        return new JcaContentSignerBuilder(name).setProvider(BC).setSecureRandom(random).build(key);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key, KeyAlgorithm algorithm)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().setProvider(BC)
                .getCertificate(builder.build(contentSigner(key, algorithm)));
    }

    /** The algorithm a CSCA key signs certificates with: ECDSA-SHA256 for any EC key, else RSA PKCS#1 SHA-256. */
    private static KeyAlgorithm signingAlgorithmOf(PrivateKey key) {
        return key.getAlgorithm().startsWith("EC") ? KeyAlgorithm.EC_P256 : KeyAlgorithm.RSA_2048;
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void requireCountry(String country) {
        if (country == null || !country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("country must be two capital letters, was '" + country + "'");
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value, int octets) {
        for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("structure not found in the encoding");
    }
}
