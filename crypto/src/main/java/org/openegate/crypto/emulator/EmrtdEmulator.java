package org.openegate.crypto.emulator;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openegate.crypto.apdu.ApduFormatException;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.apdu.StatusWord;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.PaceKey;
import org.openegate.crypto.chip.internal.ActiveAuthCrypto;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;
import org.openegate.crypto.chip.internal.SecureMessagingException;
import org.openegate.crypto.chip.internal.SmAlgorithm;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

/**
 * The card side of an eMRTD with Basic Access Control: turns command APDU bytes into response APDU bytes, as the chip
 * in a passport does. Supports SELECT (application by AID, EF by file id), GET CHALLENGE, MUTUAL AUTHENTICATE
 * (9303-11 §4.3), and READ BINARY (B0 with offset or short EF id, B1 with DO'54'), short and extended length.
 *
 * <p>Access rules follow 9303-11 §4.3 and §9.8: every LDS file except EF.CardAccess needs BAC, so a plain READ
 * BINARY gets 69 82; DG3 and DG4 need EAC, which this chip does not do, so they are always 69 82. A plain command
 * while a secure-messaging session is open ends the session (that is how a reader starts over); a protected command
 * with a bad MAC gets a plain 69 88 and ends the session too.
 *
 * <p>With extended length switched off, an extended-length APDU is refused with a plain 67 00 before secure
 * messaging sees it (the way a chip whose transport buffer is too small behaves), and a protected READ BINARY asking
 * for more than 256 bytes gets a protected 67 00.
 *
 * <p>With {@link Builder#pace} the chip offers PACE (9303-11 §4.4) in any mapping, group and cipher that
 * {@link PaceCrypto} implements, with the MRZ and, if given, a CAN as password; PACE-CAM uses the Chip
 * Authentication key as its static key.
 *
 * <p>With {@link Builder#chipAuthentication} the chip does Chip Authentication v1 with ECDH (9303-11 §6.2): MSE:SET
 * KAT for 3DES, MSE:SET AT + GENERAL AUTHENTICATE for AES, answering under the old keys and switching to the new
 * ones for the next command. With {@link Builder#activeAuthentication} it answers INTERNAL AUTHENTICATE (§6.1) under
 * secure messaging. Giving either a private key that does not match DG14/DG15 makes a clone.
 *
 * <p>{@link #process} never throws, whatever bytes it is given. Not thread-safe: one card, one reader.
 */
public final class EmrtdEmulator {

    /** A contactless ATR with no historical bytes (PC/SC Part 3): 3B 80 80 01 01. */
    private static final byte[] ATR = {0x3B, (byte) 0x80, (byte) 0x80, 0x01, 0x01};
    private static final Set<Integer> EAC_FILES = Set.of(LdsFile.DG3.fileId(), LdsFile.DG4.fileId());
    private static final int NONE = -1;

    private final Map<Integer, byte[]> files;
    private final byte[] kEnc;
    private final byte[] kMac;
    private final SecureRandom random;
    private final int maxResponseData;
    private final int maxLe;
    private final PaceCrypto.Parameters pace;
    private final PaceKey paceMrz;
    private final PaceKey paceCan;
    private final BigInteger camKey;
    private final PrivateKey caKey;
    private final ChipAuthCrypto.Variant caVariant;
    private final PrivateKey aaKey;
    private final ActiveAuthCrypto.Digest aaDigest;
    private volatile boolean extendedLength;
    private boolean caAuthenticationTemplate;
    private byte[] forgedAnswer;
    private int forgedSw;

    private boolean applicationSelected;
    private int selectedFile = NONE;
    private byte[] challenge;
    private SecureMessaging sm;
    private PaceState paceState;

    private EmrtdEmulator(Builder b) {
        this.files = new HashMap<>();
        b.files.forEach((id, bytes) -> files.put(id, bytes.clone()));
        byte[] seed = b.bacKey.keySeed();
        this.kEnc = SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_ENC);
        this.kMac = SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_MAC);
        Arrays.fill(seed, (byte) 0);
        this.random = b.random;
        this.extendedLength = b.extendedLength;
        this.maxResponseData = b.maxResponseData;
        this.maxLe = b.maxLe;
        this.pace = b.pace;
        this.paceMrz = PaceKey.fromMrz(b.bacKey);
        this.paceCan = b.can;
        this.camKey = pace != null && pace.mapping() == PaceCrypto.Mapping.CAM ? camScalar(pace, b.caKey) : null;
        this.caKey = b.caKey;
        this.caVariant = b.caVariant;
        this.aaKey = b.aaKey;
        this.aaDigest = b.aaDigest;
        if (pace != null && !files.containsKey(LdsFile.CARD_ACCESS_FILE_ID)) {
            files.put(LdsFile.CARD_ACCESS_FILE_ID, PaceCrypto.cardAccess(pace));
        }
    }

    /**
     * The static private key PACE-CAM needs (9303-11 §4.4.3.5.1): the Chip Authentication key, which must be an EC
     * key on the PACE curve, since CA_IC = SK_IC^-1 * SK_map,IC is taken mod the PACE group order.
     */
    private static BigInteger camScalar(PaceCrypto.Parameters pace, PrivateKey key) {
        if (key == null) {
            throw new IllegalArgumentException("PACE-CAM needs the chip's Chip Authentication key "
                    + "(Builder.chipAuthentication)");
        }
        org.bouncycastle.crypto.params.AsymmetricKeyParameter sk;
        try {
            sk = org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil.generatePrivateKeyParameter(key);
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalArgumentException("PACE-CAM needs an EC chip key, got " + key.getAlgorithm(), e);
        }
        if (!(sk instanceof org.bouncycastle.crypto.params.ECPrivateKeyParameters ec)
                || !ec.getParameters().getCurve().equals(pace.curve().getCurve())) {
            throw new IllegalArgumentException("PACE-CAM needs the chip key on the PACE curve (parameter id "
                    + pace.parameterId() + ")");
        }
        return ec.getD();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds an emulator; every setting is checked at {@link #build()}. */
    public static final class Builder {
        private Map<Integer, byte[]> files = Map.of();
        private BacKey bacKey;
        private SecureRandom random;
        private boolean extendedLength = true;
        private int maxResponseData = 0xFF00;
        private int maxLe = 0x10000;
        private PaceCrypto.Parameters pace;
        private PaceKey can;
        private PrivateKey caKey;
        private ChipAuthCrypto.Variant caVariant;
        private PrivateKey aaKey;
        private ActiveAuthCrypto.Digest aaDigest;

        private Builder() {
        }

        /**
         * Does Chip Authentication v1 (9303-11 §6.2) with this DH or EC private key: MSE:SET KAT for the 3DES OID,
         * MSE:SET AT + GENERAL AUTHENTICATE for the AES ones. A key that does not match DG14 makes a clone.
         *
         * @param caOid e.g. {@link ChipAuthCrypto#OID_CA_ECDH_AES_128}, as DG14's ChipAuthenticationInfo names it
         */
        public Builder chipAuthentication(PrivateKey key, String caOid) {
            this.caKey = Objects.requireNonNull(key, "key");
            this.caVariant = ChipAuthCrypto.Variant.of(caOid).orElseThrow(() -> new IllegalArgumentException(
                    "CA protocol " + caOid + " is not a DH or ECDH Chip Authentication OID"));
            return this;
        }

        /**
         * Answers INTERNAL AUTHENTICATE (9303-11 §6.1) with this private key: RSA with ISO/IEC 9796-2 scheme 1 and
         * the digest (SHA-1: trailer BC, others hashId CC), or ECDSA with the digest, plain r || s.
         */
        public Builder activeAuthentication(PrivateKey key, ActiveAuthCrypto.Digest digest) {
            this.aaKey = Objects.requireNonNull(key, "key");
            this.aaDigest = Objects.requireNonNull(digest, "digest");
            return this;
        }

        /** Also accepts this Card Access Number as a PACE password (password reference 2). */
        public Builder can(String cardAccessNumber) {
            this.can = PaceKey.can(cardAccessNumber);
            return this;
        }

        /**
         * Offers PACE (9303-11 §4.4) with the MRZ of the BAC key as password: any mapping (GM, IM, CAM), DH or ECDH,
         * 3DES or AES, as {@link PaceCrypto.Parameters#of} accepts them; an EF.CardAccess announcing it is added
         * unless the files hold one. PACE-CAM also needs {@link #chipAuthentication} with an EC key on the PACE
         * curve (it is the chip's static key of §4.4.3.5).
         *
         * @param oid e.g. {@link PaceCrypto#OID_ECDH_GM_AES_128}
         * @param parameterId standardized domain parameters, e.g. 13 for brainpoolP256r1, 0 to 2 for DH
         */
        public Builder pace(String oid, int parameterId) {
            this.pace = PaceCrypto.Parameters.of(oid, parameterId);
            return this;
        }

        /** Short file id (0x011E, 0x011D, 0x0101 ...) to file bytes. */
        public Builder files(Map<Integer, byte[]> files) {
            this.files = Map.copyOf(files);
            return this;
        }

        public Builder bacKey(BacKey key) {
            this.bacKey = key;
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** Whether extended-length APDUs are accepted (default true). */
        public Builder extendedLength(boolean supported) {
            this.extendedLength = supported;
            return this;
        }

        /** Most data bytes one READ BINARY returns (default 65280). */
        public Builder maxResponseData(int max) {
            this.maxResponseData = max;
            return this;
        }

        /**
         * Fault injection: a chip that takes extended-length APDUs but whose buffer holds no more than this; a
         * READ BINARY asking for more (Ne above it) gets 67 00 under secure messaging (default 65536: no limit).
         */
        public Builder maxLe(int max) {
            this.maxLe = max;
            return this;
        }

        public EmrtdEmulator build() {
            Objects.requireNonNull(bacKey, "bacKey");
            Objects.requireNonNull(random, "random");
            for (Map.Entry<Integer, byte[]> e : files.entrySet()) {
                if (e.getKey() < 0 || e.getKey() > 0xFFFF) {
                    throw new IllegalArgumentException("file id " + e.getKey() + " is not two bytes");
                }
                if (e.getValue().length > 0xFFFFFF) {
                    throw new IllegalArgumentException(String.format("file %04X of %d bytes is beyond 16 MiB",
                            e.getKey(), e.getValue().length));
                }
            }
            if (maxLe < 256 || maxLe > 0x10000) {
                throw new IllegalArgumentException("maxLe " + maxLe + " outside 256..65536");
            }
            if (maxResponseData < 1 || maxResponseData > 0xFF00) {
                throw new IllegalArgumentException("maxResponseData " + maxResponseData + " outside 1..65280");
            }
            return new EmrtdEmulator(this);
        }
    }

    /** The answer to reset. */
    public byte[] atr() {
        return ATR.clone();
    }

    /** Power cycle: forgets the selected application and file, the challenge and the secure-messaging session. */
    public synchronized void reset() {
        applicationSelected = false;
        selectedFile = NONE;
        challenge = null;
        sm = null;
        paceState = null;
        caAuthenticationTemplate = false;
    }

    /** Switches extended-length support on or off (fault injection: a chip that refuses extended length). */
    public void setExtendedLength(boolean supported) {
        this.extendedLength = supported;
    }

    /**
     * Fault injection: the next INTERNAL AUTHENTICATE, or GENERAL AUTHENTICATE of Chip Authentication, is answered
     * with this data and status word instead of the real answer (still under secure messaging, so only the content
     * is hostile; CA still switches keys as the real chip would).
     */
    public synchronized void forgeNextAuthenticationAnswer(byte[] data, int sw) {
        this.forgedAnswer = data.clone();
        this.forgedSw = sw;
    }

    /** Whether a secure-messaging session is open (for tests). */
    public synchronized boolean hasSecureMessaging() {
        return sm != null;
    }

    /** Processes one command APDU and returns the response APDU (data, SW1, SW2). */
    public synchronized byte[] process(byte[] commandBytes) {
        CommandApdu command;
        try {
            command = CommandApdu.parse(commandBytes);
        } catch (ApduFormatException e) {
            return status(StatusWord.WRONG_LENGTH);
        }
        boolean extendedEncoding = commandBytes.length >= 7 && commandBytes[4] == 0;
        if (extendedEncoding && !extendedLength) {
            return status(StatusWord.WRONG_LENGTH);
        }
        if ((command.cla() & 0x0C) == 0x0C) {
            return processProtected(command, extendedEncoding);
        }
        if ((command.cla() & 0x0C) != 0) {
            return status(StatusWord.CLA_NOT_SUPPORTED);
        }
        sm = null; // 9303-11 §9.8.6.3: a plain command ends the session
        PendingSession pending = new PendingSession();
        ResponseApdu response = execute(command, false, extendedEncoding, pending);
        sm = pending.session;
        return response.encode();
    }

    private byte[] processProtected(CommandApdu command, boolean extendedEncoding) {
        if (sm == null) {
            return status(StatusWord.SM_DATA_OBJECTS_MISSING);
        }
        CommandApdu plain;
        try {
            plain = sm.unprotectCommand(command);
        } catch (SecureMessagingException e) {
            sm = null;
            selectedFile = NONE;
            return status(e.reason() == SecureMessagingException.Reason.MAC_INVALID
                    ? StatusWord.SM_DATA_OBJECTS_INCORRECT : StatusWord.SM_DATA_OBJECTS_MISSING);
        }
        SecureMessaging session = sm;
        PendingSession pending = new PendingSession();
        ResponseApdu response = execute(plain, true, extendedEncoding, pending);
        byte[] out = session.protectResponse(response).encode();
        if (pending.session != null) {
            sm = pending.session; // 9303-11 §6.2.3: CA answers under the old keys, then switches
        }
        return out;
    }

    /** MUTUAL AUTHENTICATE answers in plain; the session it creates starts with the next command. */
    private static final class PendingSession {
        private SecureMessaging session;
    }

    private ResponseApdu execute(CommandApdu command, boolean secured, boolean extendedEncoding,
            PendingSession pending) {
        if (command.ins() != 0x86) {
            paceState = null; // anything but the next GENERAL AUTHENTICATE abandons a PACE attempt
            caAuthenticationTemplate = false;
        }
        return switch (command.ins()) {
            case 0xA4 -> select(command);
            case 0x84 -> getChallenge(command);
            case 0x82 -> mutualAuthenticate(command, pending);
            case 0x22 -> command.p1() == 0x41 ? chipAuthenticationMse(command, secured, pending)
                    : manageSecurityEnvironment(command);
            case 0x86 -> caAuthenticationTemplate ? chipAuthenticationGa(command, pending)
                    : generalAuthenticate(command, pending);
            case 0x88 -> internalAuthenticate(command, secured);
            case 0xB0, 0xB1 -> readBinary(command, secured, extendedEncoding);
            default -> ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    private ResponseApdu select(CommandApdu command) {
        byte[] data = command.data();
        if (command.p1() == 0x04) {
            if (LdsFile.isEmrtdAid(data)) {
                applicationSelected = true;
                selectedFile = NONE;
                return ResponseApdu.status(StatusWord.OK);
            }
            return ResponseApdu.status(StatusWord.FILE_NOT_FOUND);
        }
        if (command.p1() == 0x02 || command.p1() == 0x00) {
            if (data.length != 2) {
                return ResponseApdu.status(StatusWord.WRONG_LENGTH);
            }
            int fileId = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
            boolean reachable = applicationSelected || fileId == LdsFile.CARD_ACCESS_FILE_ID;
            if (!reachable || !files.containsKey(fileId)) {
                return ResponseApdu.status(StatusWord.FILE_NOT_FOUND);
            }
            selectedFile = fileId;
            return ResponseApdu.status(StatusWord.OK);
        }
        return ResponseApdu.status(StatusWord.INCORRECT_P1_P2);
    }

    private ResponseApdu getChallenge(CommandApdu command) {
        if (command.ne() != BacCrypto.NONCE_LENGTH) {
            return ResponseApdu.status(StatusWord.WRONG_LENGTH);
        }
        challenge = new byte[BacCrypto.NONCE_LENGTH];
        random.nextBytes(challenge);
        return new ResponseApdu(challenge, StatusWord.OK);
    }

    /** 9303-11 §4.3.3.2, the chip's half. */
    private ResponseApdu mutualAuthenticate(CommandApdu command, PendingSession pending) {
        byte[] rndIc = challenge;
        challenge = null; // one challenge, one attempt
        if (rndIc == null) {
            return ResponseApdu.status(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (command.nc() != BacCrypto.CRYPTOGRAM_LENGTH) {
            return ResponseApdu.status(StatusWord.WRONG_LENGTH);
        }
        byte[] s;
        try {
            s = BacCrypto.openCryptogram(kEnc, kMac, command.data());
        } catch (SecureMessagingException e) {
            return ResponseApdu.status(StatusWord.AUTHENTICATION_FAILED);
        }
        if (!Arrays.equals(Arrays.copyOfRange(s, 8, 16), rndIc)) {
            return ResponseApdu.status(StatusWord.AUTHENTICATION_FAILED);
        }
        byte[] rndIfd = Arrays.copyOfRange(s, 0, 8);
        byte[] kIfd = Arrays.copyOfRange(s, 16, 32);
        byte[] kIc = new byte[BacCrypto.KEY_MATERIAL_LENGTH];
        random.nextBytes(kIc);
        byte[] r = new byte[32];
        System.arraycopy(rndIc, 0, r, 0, 8);
        System.arraycopy(rndIfd, 0, r, 8, 8);
        System.arraycopy(kIc, 0, r, 16, 16);
        pending.session = BacCrypto.session(kIfd, kIc, rndIc, rndIfd);
        return new ResponseApdu(BacCrypto.cryptogram(kEnc, kMac, r), StatusWord.OK);
    }

    /** What the chip remembers between the four GENERAL AUTHENTICATE steps of PACE. Secret: never printed. */
    private static final class PaceState {
        private PaceKey password;
        private int step;
        private byte[] nonce;
        private BigInteger mapKey;
        private PaceCrypto.Element mapPublic;
        private PaceCrypto.Element generator;
        private BigInteger ownKey;
        private PaceCrypto.Element ownPublic;
        private PaceCrypto.Element terminal;

        @Override
        public String toString() {
            return "PaceState[step " + step + "]";
        }
    }

    /**
     * MSE:SET AT for PACE (9303-11 §4.4.4.1): protocol OID, password reference, and the domain parameter id, which
     * may be left out because this chip offers one set only (§4.4.4.1: DO'84' is conditional).
     */
    private ResponseApdu manageSecurityEnvironment(CommandApdu command) {
        paceState = null;
        if (pace == null || command.p1() != 0xC1 || command.p2() != 0xA4) {
            return ResponseApdu.status(StatusWord.INCORRECT_P1_P2);
        }
        try {
            byte[] oid = null;
            int reference = -1;
            int parameterId = pace.parameterId();
            for (Tlv t : TlvReader.readAll(command.data())) {
                switch (t.tag()) {
                    case 0x80 -> oid = t.value();
                    case 0x83 -> reference = t.length() == 1 ? t.value()[0] : -1;
                    case 0x84 -> parameterId = t.length() == 1 ? t.value()[0] & 0xFF : -1;
                    default -> {
                        // §4.4.4.1 note 2: the chip ignores data objects it does not know (CHAT, ...)
                    }
                }
            }
            PaceKey password = reference == PaceKey.PasswordType.MRZ.reference() ? paceMrz
                    : reference == PaceKey.PasswordType.CAN.reference() ? paceCan : null;
            if (oid == null || !Arrays.equals(oid, PaceCrypto.oidContent(pace.oid()))) {
                return ResponseApdu.status(StatusWord.WRONG_DATA); // 6A 80: algorithm not supported
            }
            if (password == null || parameterId != pace.parameterId()) {
                return ResponseApdu.status(0x6A88); // referenced data not found
            }
            paceState = new PaceState();
            paceState.password = password;
        } catch (TlvException e) {
            return ResponseApdu.status(StatusWord.WRONG_DATA);
        }
        return ResponseApdu.status(StatusWord.OK);
    }

    /**
     * The chip's half of 9303-11 §4.4.3 for every mapping: nonce, mapping (GM/CAM: the chip's mapping key; IM: the
     * terminal's nonce t, answered by an empty DO'82'), key agreement, tokens, and with CAM the encrypted chip
     * authentication data A_IC in DO'8A'. Random draws: s, then (GM, CAM) the mapping key, then the ephemeral key.
     * Any failure ends the attempt.
     */
    private ResponseApdu generalAuthenticate(CommandApdu command, PendingSession pending) {
        PaceState st = paceState;
        if (st == null) {
            return ResponseApdu.status(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        boolean last = (command.cla() & 0x10) == 0;
        try {
            Tlv in = TlvReader.read(command.data());
            if (in.tag() != 0x7C || last != (st.step == 3)) {
                paceState = null;
                return ResponseApdu.status(StatusWord.CONDITIONS_NOT_SATISFIED);
            }
            Tlv out;
            switch (st.step) {
                case 0 -> {
                    byte[] kPi = PaceCrypto.deriveKey(pace, st.password.password(), PaceCrypto.KDF_PI);
                    st.nonce = new byte[pace.cipher().nonceLength()];
                    random.nextBytes(st.nonce);
                    out = Tlv.constructed(0x7C, Tlv.of(0x80, PaceCrypto.encryptNonce(pace, kPi, st.nonce)));
                    Arrays.fill(kPi, (byte) 0);
                }
                case 1 -> {
                    if (pace.mapping() == PaceCrypto.Mapping.IM) {
                        st.generator = PaceCrypto.integratedMap(pace, st.nonce, in.requireChild(0x81).value());
                        out = Tlv.constructed(0x7C, Tlv.of(0x82, new byte[0])); // §4.4.5.2.2: empty for IM
                    } else {
                        PaceCrypto.Element terminalMap = pace.group().decode(in.requireChild(0x81).value());
                        st.mapKey = PaceCrypto.randomScalar(pace, random);
                        st.mapPublic = pace.group().generator().times(st.mapKey);
                        st.generator = PaceCrypto.genericMap(pace, st.nonce, st.mapKey, terminalMap);
                        out = Tlv.constructed(0x7C, Tlv.of(0x82, st.mapPublic.encoded()));
                    }
                    Arrays.fill(st.nonce, (byte) 0);
                }
                case 2 -> {
                    st.terminal = pace.group().decode(in.requireChild(0x83).value());
                    st.ownKey = PaceCrypto.randomScalar(pace, random);
                    st.ownPublic = st.generator.times(st.ownKey);
                    if (st.terminal.equals(st.ownPublic)) {
                        throw new IllegalArgumentException("terminal reflected the chip's key");
                    }
                    out = Tlv.constructed(0x7C, Tlv.of(0x84, st.ownPublic.encoded()));
                }
                default -> {
                    byte[] k = st.terminal.times(st.ownKey).secret();
                    byte[] kEnc = PaceCrypto.deriveKey(pace, k, SmAlgorithm.KDF_ENC);
                    byte[] kMac = PaceCrypto.deriveKey(pace, k, SmAlgorithm.KDF_MAC);
                    Arrays.fill(k, (byte) 0);
                    byte[] expected = PaceCrypto.authenticationToken(pace, kMac, st.ownPublic);
                    paceState = null;
                    if (!MessageDigest.isEqual(expected, in.requireChild(0x85).value())) {
                        return ResponseApdu.status(StatusWord.AUTHENTICATION_FAILED);
                    }
                    Tlv token = Tlv.of(0x86, PaceCrypto.authenticationToken(pace, kMac, st.terminal));
                    if (pace.mapping() == PaceCrypto.Mapping.CAM) {
                        byte[] aIc = PaceCrypto.encryptChipAuthenticationData(pace, kEnc, camKey, st.mapKey);
                        out = Tlv.constructed(0x7C, token, Tlv.of(0x8A, aIc));
                    } else {
                        out = Tlv.constructed(0x7C, token);
                    }
                    pending.session = PaceCrypto.session(pace, kEnc, kMac);
                    Arrays.fill(kEnc, (byte) 0);
                    Arrays.fill(kMac, (byte) 0);
                    return new ResponseApdu(out.encode(), StatusWord.OK);
                }
            }
            st.step++;
            return new ResponseApdu(out.encode(), StatusWord.OK);
        } catch (IllegalArgumentException | SecureMessagingException e) { // includes TlvException
            paceState = null;
            return ResponseApdu.status(StatusWord.WRONG_DATA);
        }
    }

    /**
     * Chip Authentication, the chip's half (9303-11 §6.2.4): MSE:SET KAT (41 A6) carries the terminal's key in
     * DO'91' and switches to 3DES keys; MSE:SET AT (41 A4) names an AES CA OID in DO'80' and waits for GENERAL
     * AUTHENTICATE. Only under secure messaging, as after BAC or PACE.
     */
    private ResponseApdu chipAuthenticationMse(CommandApdu command, boolean secured, PendingSession pending) {
        if (caKey == null || !secured) {
            return ResponseApdu.status(caKey == null ? StatusWord.INCORRECT_P1_P2
                    : StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        try {
            Map<Integer, byte[]> objects = new HashMap<>();
            for (Tlv t : TlvReader.readAll(command.data())) {
                objects.put(t.tag(), t.value());
            }
            if (command.p2() == 0xA6 && caVariant.keyAgreementTemplate() && objects.containsKey(0x91)) {
                byte[] secret = ChipAuthCrypto.chipSecret(caKey, objects.get(0x91));
                pending.session = caVariant.session(secret);
                Arrays.fill(secret, (byte) 0);
                return ResponseApdu.status(StatusWord.OK);
            }
            if (command.p2() == 0xA4 && !caVariant.keyAgreementTemplate() && objects.containsKey(0x80)
                    && Arrays.equals(objects.get(0x80), PaceCrypto.oidContent(caVariant.oid()))) {
                caAuthenticationTemplate = true;
                return ResponseApdu.status(StatusWord.OK);
            }
            return ResponseApdu.status(StatusWord.WRONG_DATA);
        } catch (IllegalArgumentException e) { // includes TlvException
            return ResponseApdu.status(StatusWord.WRONG_DATA);
        }
    }

    /** CA with AES: GENERAL AUTHENTICATE 7C{80 terminal key} answered by an empty 7C (9303-11 §6.2.4.2). */
    private ResponseApdu chipAuthenticationGa(CommandApdu command, PendingSession pending) {
        caAuthenticationTemplate = false;
        try {
            Tlv in = TlvReader.read(command.data());
            if (in.tag() != 0x7C) {
                return ResponseApdu.status(StatusWord.WRONG_DATA);
            }
            byte[] secret = ChipAuthCrypto.chipSecret(caKey, in.requireChild(0x80).value());
            pending.session = caVariant.session(secret);
            Arrays.fill(secret, (byte) 0);
            ResponseApdu forged = takeForgedAnswer();
            return forged != null ? forged : new ResponseApdu(new byte[] {0x7C, 0x00}, StatusWord.OK);
        } catch (IllegalArgumentException e) { // includes TlvException
            return ResponseApdu.status(StatusWord.WRONG_DATA);
        }
    }

    /** Active Authentication, the chip's half (9303-11 §6.1): sign the 8-byte challenge. */
    private ResponseApdu internalAuthenticate(CommandApdu command, boolean secured) {
        if (aaKey == null) {
            return ResponseApdu.status(StatusWord.INS_NOT_SUPPORTED);
        }
        if (!secured || !applicationSelected) {
            return ResponseApdu.status(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        if (command.nc() != ActiveAuthCrypto.CHALLENGE_LENGTH) {
            return ResponseApdu.status(StatusWord.WRONG_LENGTH);
        }
        ResponseApdu forged = takeForgedAnswer();
        return forged != null ? forged
                : new ResponseApdu(ActiveAuthCrypto.sign(aaKey, aaDigest, command.data(), random), StatusWord.OK);
    }

    private ResponseApdu takeForgedAnswer() {
        if (forgedAnswer == null) {
            return null;
        }
        ResponseApdu forged = new ResponseApdu(forgedAnswer, forgedSw);
        forgedAnswer = null;
        return forged;
    }

    private ResponseApdu readBinary(CommandApdu command, boolean secured, boolean extendedEncoding) {
        if (!applicationSelected && selectedFile != LdsFile.CARD_ACCESS_FILE_ID) {
            return ResponseApdu.status(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        int offset;
        boolean odd = command.ins() == 0xB1;
        if (odd) {
            try {
                Tlv do54 = TlvReader.read(command.data());
                if (do54.tag() != 0x54 || do54.length() < 1 || do54.length() > 3) {
                    return ResponseApdu.status(StatusWord.WRONG_DATA);
                }
                offset = 0;
                for (byte b : do54.value()) {
                    offset = (offset << 8) | (b & 0xFF);
                }
            } catch (TlvException e) {
                return ResponseApdu.status(StatusWord.WRONG_DATA);
            }
        } else if ((command.p1() & 0x80) != 0) {
            // ISO/IEC 7816-4 §11.2.2: P1 = 100xxxxx selects by short EF id; LDS short ids map to 01xx
            int fileId = 0x0100 | (command.p1() & 0x1F);
            if (!files.containsKey(fileId)) {
                return ResponseApdu.status(StatusWord.FILE_NOT_FOUND);
            }
            selectedFile = fileId;
            offset = command.p2();
        } else {
            offset = (command.p1() << 8) | command.p2();
        }
        if (selectedFile == NONE) {
            return ResponseApdu.status(0x6986); // command not allowed: no current EF
        }
        boolean needsBac = selectedFile != LdsFile.CARD_ACCESS_FILE_ID;
        if ((needsBac && !secured) || EAC_FILES.contains(selectedFile)) {
            return ResponseApdu.status(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
        }
        int ne = command.ne();
        if (ne == 0 || ne > maxLe || (ne > 256 && (!extendedLength || !extendedEncoding))) {
            return ResponseApdu.status(StatusWord.WRONG_LENGTH);
        }
        byte[] file = files.get(selectedFile);
        if (offset > file.length) {
            return ResponseApdu.status(StatusWord.WRONG_P1_P2);
        }
        int room = Math.min(ne, maxResponseData);
        if (odd) {
            room -= room - 2 < 0x80 ? 2 : room - 3 < 0x100 ? 3 : 4; // DO'53' header
            if (room < 1) {
                return ResponseApdu.status(StatusWord.WRONG_LENGTH);
            }
        }
        int n = Math.min(room, file.length - offset);
        byte[] data = Arrays.copyOfRange(file, offset, offset + n);
        if (odd) {
            data = Tlv.of(0x53, data).encode();
        }
        // fewer bytes than asked at the end of the file is still 9000, as most chips answer; nothing left is 6282
        return new ResponseApdu(data, offset == file.length ? StatusWord.END_OF_FILE : StatusWord.OK);
    }

    private static byte[] status(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    /** File ids and sizes only. */
    @Override
    public String toString() {
        return "EmrtdEmulator[" + files.size() + " files, extendedLength=" + extendedLength + ", chipAuthentication="
                + (caKey != null) + ", activeAuthentication=" + (aaKey != null) + "]";
    }
}
