package org.openegate.crypto.chip;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ApduChannels;
import org.openegate.crypto.apdu.CardIoException;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.apdu.StatusWord;
import org.openegate.crypto.chip.internal.ActiveAuthCrypto;
import org.openegate.crypto.chip.internal.ActiveAuthException;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;
import org.openegate.crypto.chip.internal.SecureMessagingException;
import org.openegate.crypto.chip.internal.SmAlgorithm;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.Dg14;
import org.openegate.crypto.lds.Dg15;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;
import org.tinylog.Logger;

/**
 * Reads an eMRTD the way an e-gate does (9303-11 §4, §9.8; 9303-10 §3): access control, then EF.COM, EF.SOD and
 * the data groups EF.COM lists, all under secure messaging.
 *
 * <p>Access control follows the inspection procedure of 9303-11 §4.2: EF.CardAccess is read in plain; if it offers
 * a PACE this reader runs (generic, integrated or chip authentication mapping, DH or ECDH, 3DES or AES; a PACE-CAM
 * PACEInfo is preferred, Appendix J.1) and {@link Options#pace()} is on or the key is a {@link PaceKey}, PACE runs
 * (§4.4, {@link PaceProtocol}) and the eMRTD application is selected under the secure messaging PACE set up;
 * otherwise the application is selected in plain and Basic Access Control runs (§4.3), giving 3DES secure messaging.
 * After PACE-CAM the chip's mapping key is checked against the DG14 key, and that result is the chip authenticity
 * (method PACE_CAM) unless it is undetermined, in which case CA or AA run as without it.
 *
 * <p>Each file is read by SELECT FILE (by file id) and READ BINARY: first a few bytes, whose TLV header gives the
 * file's size, then the rest in the largest blocks the chip accepts. An extended-length READ BINARY is tried first;
 * if the chip refuses the size under secure messaging (67 00, 6C xx) the block is halved and tried again; if it
 * refuses extended length outright (a plain 67 00, which also ends the session) the reader falls back to short blocks
 * for the rest of the read (0xE7 bytes under 3DES secure messaging, so the protected response fits 256 bytes). A
 * chip that returns fewer bytes than asked is read on from where its answer ended. Offsets beyond 32767 use READ BINARY with
 * an odd INS (B1) and DO'54'.
 *
 * <p>If the chip answers a protected command with a bare status word, the session counter can no longer be trusted;
 * the reader then runs access control again before its next command (9303-11 §9.8.6.3).
 *
 * <p>One reader serves one chip session at a time; it is not thread-safe. A failed read leaves nothing behind: the
 * next {@link #read} starts again from SELECT application.
 */
public final class ChipReader {

    /** Bytes read first; a header that does not fit is completed by a second read of as many bytes. */
    static final int PREFIX_LENGTH = 4;
    /** Data groups that need Extended Access Control; BAC alone never opens them. */
    static final Set<Integer> EAC_DATA_GROUPS = Set.of(3, 4);
    /** How often one read may run access control again after a broken session before giving up. */
    static final int MAX_REAUTHENTICATIONS = 8;
    /**
     * APDUs one read may use. A full passport in short blocks takes a few hundred; a chip that dribbles out one
     * byte per READ BINARY is stopped here rather than after a million round trips.
     */
    static final int MAX_APDUS = 20_000;

    /**
     * Reader settings.
     *
     * @param dataGroups data groups to read if EF.COM lists them; empty means every listed one except DG3 and DG4
     * @param extendedLength try extended-length READ BINARY first
     * @param extendedBlockSize Le of an extended READ BINARY (257..65280)
     * @param maxFileSize largest file size accepted from a file header
     * @param pace with an MRZ (BAC) key, run PACE instead of BAC when EF.CardAccess offers a supported PACEInfo
     *     (9303-11 §4.2: PACE is preferred where the chip has it)
     * @param chipAuthentication run Chip Authentication (DG14) or else Active Authentication (DG15) during the read;
     *     DG14 and DG15 are then read even if {@code dataGroups} leaves them out
     */
    public record Options(Set<Integer> dataGroups, boolean extendedLength, int extendedBlockSize, int maxFileSize,
            boolean pace, boolean chipAuthentication) {

        /** Settings with chip authentication on. */
        public Options(Set<Integer> dataGroups, boolean extendedLength, int extendedBlockSize, int maxFileSize,
                boolean pace) {
            this(dataGroups, extendedLength, extendedBlockSize, maxFileSize, pace, true);
        }

        public Options {
            dataGroups = Set.copyOf(dataGroups);
            for (int dg : dataGroups) {
                if (LdsFile.fromDataGroupNumber(dg).isEmpty()) {
                    throw new IllegalArgumentException("data group " + dg + " outside 1..16");
                }
            }
            if (extendedBlockSize < 257 || extendedBlockSize > 0xFF00) {
                throw new IllegalArgumentException("extendedBlockSize " + extendedBlockSize + " outside 257..65280");
            }
            if (maxFileSize < 8 || maxFileSize > (1 << 24)) {
                throw new IllegalArgumentException("maxFileSize " + maxFileSize + " outside 8..16777216");
            }
        }

        /**
         * Extended READ BINARY block by default: 7936 bytes. javax.smartcardio (the JDK's PC/SC binding) receives
         * at most 8192 response bytes and fails a larger answer with SCARD_E_INSUFFICIENT_BUFFER; with the
         * secure-messaging overhead (up to 21 bytes, plus 4 for DO'53') 7936 leaves room under both 3DES and AES.
         * Found by reading the emulator through pcscd and vsmartcard-vpcd.
         */
        public static final int DEFAULT_EXTENDED_BLOCK = 0x1F00;

        /**
         * Every listed data group but DG3/DG4, extended length on, 7936-byte blocks, files up to 1 MiB, PACE, chip
         * authentication.
         */
        public static Options defaults() {
            return new Options(Set.of(), true, DEFAULT_EXTENDED_BLOCK, 1 << 20, true, true);
        }

        /** Le of extended READ BINARY commands (257..65280); above 7936 only for transports that take it. */
        public Options withExtendedBlockSize(int size) {
            return new Options(dataGroups, extendedLength, size, maxFileSize, pace, chipAuthentication);
        }

        public Options withExtendedLength(boolean enabled) {
            return new Options(dataGroups, enabled, extendedBlockSize, maxFileSize, pace, chipAuthentication);
        }

        public Options withDataGroups(Set<Integer> groups) {
            return new Options(groups, extendedLength, extendedBlockSize, maxFileSize, pace, chipAuthentication);
        }

        /** Whether an MRZ key runs PACE when the chip offers it (otherwise always BAC). */
        public Options withPace(boolean enabled) {
            return new Options(dataGroups, extendedLength, extendedBlockSize, maxFileSize, enabled,
                    chipAuthentication);
        }

        /** Whether the read runs Chip Authentication or Active Authentication (default on). */
        public Options withChipAuthentication(boolean enabled) {
            return new Options(dataGroups, extendedLength, extendedBlockSize, maxFileSize, pace, enabled);
        }
    }

    private final ApduChannel channel;
    private final Options options;
    private final Clock clock;
    private final SecureRandom random;

    public ChipReader(ApduChannel channel, Options options, Clock clock, SecureRandom random) {
        this.channel = channel;
        this.options = options;
        this.clock = clock;
        this.random = random;
    }

    public ChipReader(ApduChannel channel, Clock clock, SecureRandom random) {
        this(channel, Options.defaults(), clock, random);
    }

    /**
     * Opens the chip with the key and reads EF.COM, EF.SOD and the data groups.
     *
     * @throws ChipException with a reason for every failure, including transport failures
     */
    public ChipReadResult read(AccessKey key) {
        if (!(key instanceof BacKey) && !(key instanceof PaceKey)) {
            throw new ChipException(ChipException.Reason.NOT_SUPPORTED, "access key type "
                    + key.getClass().getSimpleName() + " is not supported", ChipException.NO_FILE, -1, -1, 0,
                    null);
        }
        long start = clock.millis();
        Session session = new Session(key);
        try {
            return session.readAll(start);
        } catch (CardIoException e) {
            ChipException.Reason reason = switch (e.reason()) {
                case CARD_REMOVED -> ChipException.Reason.CARD_REMOVED;
                case TIMEOUT -> ChipException.Reason.TIMEOUT;
                case IO_ERROR -> ChipException.Reason.IO_ERROR;
                case MALFORMED_RESPONSE -> ChipException.Reason.TRUNCATED_RESPONSE;
            };
            throw session.fail(reason, e.getMessage(), -1, e);
        } catch (SecureMessagingException e) {
            ChipException.Reason reason = switch (e.reason()) {
                case MAC_INVALID -> ChipException.Reason.SM_MAC_INVALID;
                case TRUNCATED -> ChipException.Reason.TRUNCATED_RESPONSE;
                case DO_MISSING, MALFORMED, PADDING_INVALID -> ChipException.Reason.SM_MALFORMED;
            };
            throw session.fail(reason, e.getMessage(), -1, e);
        } catch (org.openegate.crypto.apdu.ApduFormatException e) {
            throw session.fail(ChipException.Reason.TRUNCATED_RESPONSE, e.getMessage(), -1, e);
        }
    }

    /** The state of one read: the channel stack, the SM session, and where we are for error messages. */
    private final class Session {
        private final AccessKey key;
        private final CountingChannel counting = new CountingChannel(channel);
        private final ApduChannel transport = ApduChannels.withStatusHandling(counting);
        private SecureMessaging sm;
        private boolean smBroken;
        private int reauthentications;
        private boolean extendedRefused = !options.extendedLength();
        /** Le of extended READ BINARY: the option's size, halved each time the chip refuses a size (not the mode). */
        private int extendedBlock = options.extendedBlockSize();
        private boolean extendedUsed;
        private int currentFile = ChipException.NO_FILE;
        private int currentOffset = -1;
        private int selectedFile = ChipException.NO_FILE;
        private byte[] cardAccess;
        private PaceCrypto.Parameters pace;
        private PaceProtocol.CamClaim cam;

        Session(AccessKey key) {
            this.key = key;
        }

        ChipReadResult readAll(long start) {
            probePace();
            openSession();
            Map<Integer, byte[]> files = new LinkedHashMap<>();
            if (cardAccess != null) {
                files.put(LdsFile.CARD_ACCESS_FILE_ID, cardAccess);
            }
            byte[] com = readFile(LdsFile.COM.fileId(), true);
            Set<Integer> listed;
            try {
                listed = ComTagList.dataGroups(com);
            } catch (TlvException e) {
                throw fail(ChipException.Reason.FILE_MALFORMED, "EF.COM tag list: " + e.getMessage(), -1, e);
            }
            files.put(LdsFile.COM.fileId(), com);
            files.put(LdsFile.SOD.fileId(), readFile(LdsFile.SOD.fileId(), true));
            Set<Integer> absent = new TreeSet<>();
            Set<Integer> denied = new TreeSet<>();
            ChipAuthenticity ca = null;
            if (options.chipAuthentication() && cam != null) {
                // 9303-11 §4.4.3.5.2, J.1 step 3: PACE-CAM already authenticated the chip against a DG14 key;
                // one success is enough, so CA runs only if the mapping does not check out
                if (listed.contains(14)) {
                    readDataGroup(14, files, absent, denied);
                }
                ChipAuthenticity mapped = PaceProtocol.verifyChipAuthenticationMapping(cam,
                        files.get(dataGroupFileId(14)));
                if (mapped.status() == CheckStatus.PASSED || mapped.status() == CheckStatus.FAILED) {
                    ca = mapped;
                }
            }
            if (ca == null && options.chipAuthentication() && listed.contains(14)) {
                // 9303-11 §6.2, TR-03135: Chip Authentication right after DG14, so the rest is read under its keys
                readDataGroup(14, files, absent, denied);
                if (!files.containsKey(dataGroupFileId(14)) && !absent.contains(14) && !denied.contains(14)) {
                    readDataGroup(14, files, absent, denied);
                }
                if (files.containsKey(dataGroupFileId(14))) {
                    ca = chipAuthentication(files.get(dataGroupFileId(14)));
                }
            }
            for (int dg : listed) {
                boolean wanted = options.dataGroups().isEmpty() ? !EAC_DATA_GROUPS.contains(dg)
                        : options.dataGroups().contains(dg);
                wanted |= options.chipAuthentication() && (dg == 14 || dg == 15);
                if (!wanted || files.containsKey(dataGroupFileId(dg)) || absent.contains(dg)
                        || denied.contains(dg)) {
                    continue;
                }
                readDataGroup(dg, files, absent, denied);
            }
            ChipAuthenticity authenticity = options.chipAuthentication()
                    ? chipAuthenticity(ca, files.get(dataGroupFileId(14)), files.get(dataGroupFileId(15)))
                    : ChipAuthenticity.notSupported(ChipAuthReason.DISABLED, "chip authentication switched off");
            ChipStats stats = new ChipStats(counting.apdus(), counting.bytesSent(), counting.bytesReceived(),
                    Math.max(0, clock.millis() - start));
            Logger.debug("chip read: {} files, {} APDUs, {} bytes received, chip authentication {} {}", files.size(),
                    stats.apdus(), stats.bytesReceived(), authenticity.method(), authenticity.status());
            return new ChipReadResult(pace != null ? AccessMethod.PACE : AccessMethod.BAC, files, listed, absent,
                    denied, extendedUsed, stats, authenticity);
        }

        private void readDataGroup(int dg, Map<Integer, byte[]> files, Set<Integer> absent, Set<Integer> denied) {
            int fileId = dataGroupFileId(dg);
            try {
                byte[] content = readFile(fileId, false);
                if (content == null) {
                    absent.add(dg);
                } else {
                    files.put(fileId, content);
                }
            } catch (ChipException e) {
                if (e.reason() != ChipException.Reason.ACCESS_DENIED) {
                    throw e;
                }
                denied.add(dg);
            }
    }

        /**
         * Reads EF.CardAccess in plain (9303-11 §4.2 step 1) when PACE may be used, and picks the first PACEInfo this
         * reader supports. With a BAC key, a chip without a usable PACEInfo is opened with BAC; with a PACE key it
         * is an error.
         */
        private void probePace() {
            boolean paceKey = key instanceof PaceKey;
            if (!paceKey && !options.pace()) {
                return;
            }
            try {
                cardAccess = readFile(LdsFile.CARD_ACCESS_FILE_ID, false);
            } catch (ChipException e) {
                if (paceKey || !(e.reason() == ChipException.Reason.FILE_MALFORMED
                        || e.reason() == ChipException.Reason.UNEXPECTED_STATUS
                        || e.reason() == ChipException.Reason.ACCESS_DENIED)) {
                    throw e;
                }
                Logger.debug("EF.CardAccess unreadable ({}); using BAC", e.reason());
                cardAccess = null;
            }
            selectedFile = ChipException.NO_FILE;
            if (cardAccess != null) {
                try {
                    List<PaceCrypto.Parameters> offered = CardAccess.parse(cardAccess).paceInfos().stream()
                            .flatMap(info -> PaceCrypto.Parameters.supported(info).stream()).toList();
                    // 9303-11 Appendix J.1: PACE-CAM should be preferred where chip and terminal have it
                    pace = offered.stream().filter(p -> p.mapping() == PaceCrypto.Mapping.CAM).findFirst()
                            .orElse(offered.isEmpty() ? null : offered.get(0));
                } catch (LdsException e) {
                    if (paceKey) {
                        throw fail(ChipException.Reason.FILE_MALFORMED, "EF.CardAccess: " + e.getMessage(), -1, e);
                    }
                }
            }
            if (paceKey && pace == null) {
                throw fail(ChipException.Reason.NOT_SUPPORTED, "the chip offers no PACE configuration this reader "
                        + "supports", -1, null);
            }
            currentFile = ChipException.NO_FILE;
        }

        /** BAC: SELECT application then BAC (9303-11 §4.3); PACE: PACE then SELECT application under SM. */
        private void openSession() {
            sm = null;
            selectedFile = ChipException.NO_FILE;
            if (pace != null) {
                PaceKey paceKey = key instanceof PaceKey k ? k : PaceKey.fromMrz((BacKey) key);
                paceAccessControl(paceKey);
                ResponseApdu select = secure(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, LdsFile.emrtdAid()));
                if (select.sw() == StatusWord.FILE_NOT_FOUND) {
                    throw fail(ChipException.Reason.APPLICATION_NOT_FOUND, "no eMRTD application", select.sw(), null);
                }
                checkStatus(select, "SELECT eMRTD application");
                return;
            }
            if (!(key instanceof BacKey)) {
                throw fail(ChipException.Reason.NOT_SUPPORTED, "PACE key without PACE on the chip", -1, null);
            }
            ResponseApdu select = transport.transmit(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, LdsFile.emrtdAid()));
            if (select.sw() == StatusWord.FILE_NOT_FOUND) {
                throw fail(ChipException.Reason.APPLICATION_NOT_FOUND, "no eMRTD application", select.sw(), null);
            }
            if (!select.isSuccess()) {
                throw fail(ChipException.Reason.UNEXPECTED_STATUS, "SELECT eMRTD application", select.sw(), null);
            }
            basicAccessControl();
        }

        /** 9303-11 §4.4: PACE with the chip's first supported PACEInfo; see {@link PaceProtocol}. */
        private void paceAccessControl(PaceKey paceKey) {
            PaceProtocol.Outcome outcome = PaceProtocol.run(pace, paceKey, transport::transmit, random, this::fail);
            sm = outcome.session(); // 9303-11 §9.8.6.3, §9.8.7.3: SSC = 0 after PACE
            smBroken = false;
            cam = outcome.cam().orElse(null);
        }

        private void basicAccessControl() {
            byte[] seed = ((BacKey) key).keySeed();
            byte[] kEnc = SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_ENC);
            byte[] kMac = SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_MAC);
            // 9303-11 §4.3.3.1: GET CHALLENGE
            ResponseApdu challenge = transport.transmit(new CommandApdu(0x00, 0x84, 0x00, 0x00,
                    BacCrypto.NONCE_LENGTH));
            if (!challenge.isSuccess()) {
                throw fail(ChipException.Reason.BAC_FAILED, "GET CHALLENGE refused", challenge.sw(), null);
            }
            byte[] rndIc = challenge.data();
            if (rndIc.length != BacCrypto.NONCE_LENGTH) {
                throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "GET CHALLENGE returned " + rndIc.length
                        + " bytes, expected 8", challenge.sw(), null);
            }
            // Appendix D.3 draws RND.IFD first, then K.IFD; keeping that order makes the worked example a test
            byte[] rndIfd = new byte[BacCrypto.NONCE_LENGTH];
            random.nextBytes(rndIfd);
            byte[] kIfd = new byte[BacCrypto.KEY_MATERIAL_LENGTH];
            random.nextBytes(kIfd);
            byte[] s = concat(concat(rndIfd, rndIc), kIfd);
            ResponseApdu auth = transport.transmit(new CommandApdu(0x00, 0x82, 0x00, 0x00,
                    BacCrypto.cryptogram(kEnc, kMac, s), BacCrypto.CRYPTOGRAM_LENGTH));
            if (!auth.isSuccess()) {
                throw fail(ChipException.Reason.BAC_FAILED, "MUTUAL AUTHENTICATE refused (wrong MRZ key?)",
                        auth.sw(), null);
            }
            byte[] r;
            try {
                r = BacCrypto.openCryptogram(kEnc, kMac, auth.data());
            } catch (SecureMessagingException e) {
                throw fail(ChipException.Reason.BAC_FAILED, "chip cryptogram: " + e.getMessage(), auth.sw(), e);
            }
            // 9303-11 §4.3.3.2: R = RND.IC || RND.IFD || K.IC; both nonces must come back
            if (!Arrays.equals(Arrays.copyOfRange(r, 0, 8), rndIc)
                    || !Arrays.equals(Arrays.copyOfRange(r, 8, 16), rndIfd)) {
                throw fail(ChipException.Reason.BAC_FAILED, "chip cryptogram does not echo the nonces", auth.sw(),
                        null);
            }
            byte[] kIc = Arrays.copyOfRange(r, 16, 32);
            sm = BacCrypto.session(kIfd, kIc, rndIc, rndIfd);
            smBroken = false;
            Arrays.fill(kIfd, (byte) 0);
            Arrays.fill(kIc, (byte) 0);
            Arrays.fill(s, (byte) 0);
            Arrays.fill(r, (byte) 0);
        }

        /** Sends one command under SM, re-opening a broken session first. */
        private ResponseApdu secure(CommandApdu command) {
            if (counting.apdus() >= MAX_APDUS) {
                throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "read needs more than " + MAX_APDUS + " APDUs",
                        -1, null);
            }
            if (sm == null) {
                return transport.transmit(command); // before access control: EF.CardAccess
            }
            if (smBroken) {
                reopen();
            }
            ResponseApdu response = transport.transmit(sm.protectCommand(command));
            if (response.dataLength() == 0) {
                sm.unprotectResponse(response); // keeps our counter where a chip that processed it would be
                if (response.sw() == StatusWord.SM_DATA_OBJECTS_MISSING
                        || response.sw() == StatusWord.SM_DATA_OBJECTS_INCORRECT || response.isSuccess()) {
                    throw fail(ChipException.Reason.SM_REJECTED_BY_CHIP,
                            "chip answered a protected command in plain", response.sw(), null);
                }
                smBroken = true;
                return response;
            }
            return sm.unprotectResponse(response);
        }

        private void reopen() {
            if (++reauthentications > MAX_REAUTHENTICATIONS) {
                throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "secure messaging session broke "
                        + reauthentications + " times", -1, null);
            }
            int file = selectedFile;
            Logger.debug("re-opening the chip session after a plain answer under SM");
            openSession();
            if (file != ChipException.NO_FILE) {
                ResponseApdu r = secure(selectFile(file));
                if (!r.isSuccess()) {
                    throw fail(ChipException.Reason.UNEXPECTED_STATUS, "re-SELECT after re-authentication", r.sw(),
                            null);
                }
                selectedFile = file;
            }
        }

        private CommandApdu selectFile(int fileId) {
            return new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {(byte) (fileId >>> 8), (byte) fileId});
        }

        /** The whole file, or null if it is optional and the chip does not have it. */
        private byte[] readFile(int fileId, boolean required) {
            currentFile = fileId;
            currentOffset = -1;
            ResponseApdu select = secure(selectFile(fileId));
            if (select.sw() == StatusWord.FILE_NOT_FOUND) {
                if (required) {
                    throw fail(ChipException.Reason.FILE_NOT_FOUND, "mandatory file missing", select.sw(), null);
                }
                selectedFile = ChipException.NO_FILE;
                return null;
            }
            checkStatus(select, "SELECT FILE");
            selectedFile = fileId;
            // 4 bytes hold a one-byte tag and a length up to 65535 (every LDS file in practice, and the read
            // of Appendix D.4); a longer header costs one more short read
            byte[] prefix = readBlock(0, PREFIX_LENGTH);
            int size;
            try {
                size = headerSize(prefix);
            } catch (TlvException e) {
                if (e.reason() != TlvException.Reason.TRUNCATED || prefix.length != PREFIX_LENGTH) {
                    throw fail(ChipException.Reason.FILE_MALFORMED, "file header: " + e.getMessage(), -1, e);
                }
                prefix = concat(prefix, readBlock(PREFIX_LENGTH, PREFIX_LENGTH));
                try {
                    size = headerSize(prefix);
                } catch (TlvException e2) {
                    throw fail(ChipException.Reason.FILE_MALFORMED, "file header: " + e2.getMessage(), -1, e2);
                }
            }
            if (size > options.maxFileSize()) {
                throw fail(ChipException.Reason.FILE_TOO_LARGE, "header declares " + size + " bytes, limit "
                        + options.maxFileSize(), -1, null);
            }
            byte[] content = Arrays.copyOf(prefix, size);
            int offset = Math.min(prefix.length, size);
            while (offset < size) {
                int remaining = size - offset;
                byte[] block = readBlock(offset, Math.min(remaining, blockSize(offset)));
                if (block.length == 0) {
                    throw fail(ChipException.Reason.FILE_MALFORMED, "chip returned no data with " + remaining
                            + " bytes of the file still to read", -1, null);
                }
                int take = Math.min(block.length, remaining);
                System.arraycopy(block, 0, content, offset, take);
                offset += take;
            }
            currentOffset = -1;
            return content;
        }

        private int headerSize(byte[] prefix) {
            return TlvReader.encodedSize(prefix);
        }

        private int blockSize(int offset) {
            return extendedRefused ? shortLimit(offset) : extendedBlock;
        }

        /** The most data a short READ BINARY returns at this offset under the current session. */
        private int shortLimit(int offset) {
            int shortMax = sm == null ? 256 : sm.maxShortResponseData();
            if (offset > 0x7FFF) {
                shortMax -= 4; // room for the DO'53' header around the data of READ BINARY (B1)
            }
            return shortMax;
        }

        /** One READ BINARY: at most {@code le} bytes from the offset of the selected file. */
        private byte[] readBlock(int offset, int le) {
            currentOffset = offset;
            boolean odd = offset > 0x7FFF;
            CommandApdu command;
            if (odd) {
                // ISO/IEC 7816-4 §11.2.3: READ BINARY B1, offset in DO'54', data returned in DO'53'
                byte[] off = offset > 0xFFFF ? new byte[] {(byte) (offset >>> 16), (byte) (offset >>> 8),
                    (byte) offset} : new byte[] {(byte) (offset >>> 8), (byte) offset};
                int wrapped = le + (le < 0x80 ? 2 : le < 0x100 ? 3 : 4);
                command = new CommandApdu(0x00, 0xB1, 0x00, 0x00, Tlv.of(0x54, off).encode(),
                        Math.min(wrapped, CommandApdu.MAX_EXTENDED));
            } else {
                command = new CommandApdu(0x00, 0xB0, offset >>> 8, offset & 0xFF, le);
            }
            boolean extended = le > (sm == null ? 256 : sm.maxShortResponseData());
            ResponseApdu response = secure(command);
            int sw = response.sw();
            if (extended && (sw == StatusWord.WRONG_LENGTH || StatusWord.isWrongLe(sw))) {
                // A refusal under secure messaging means the chip parsed the extended APDU and only the size is too
                // much for its buffer: halve the block. A plain refusal (the session is broken) means it does not
                // take extended length at all: short blocks from here on, without further tries.
                int smaller = Math.min(le, extendedBlock) / 2;
                if (!smBroken && smaller > shortLimit(offset)) {
                    Logger.debug("chip refused an extended block of {} bytes (SW {}); trying {}", le,
                            StatusWord.hex(sw), smaller);
                    extendedBlock = smaller;
                } else {
                    Logger.debug("chip refused extended length (SW {}); reading in short blocks", StatusWord.hex(sw));
                    extendedRefused = true;
                }
                return readBlock(offset, Math.min(le, blockSize(offset)));
            }
            if (!extended && StatusWord.isWrongLe(sw) && response.sw2() > 0 && response.sw2() < le) {
                return readBlock(offset, response.sw2()); // terminates: le strictly decreases
            }
            if (sw != StatusWord.OK && sw != StatusWord.END_OF_FILE) {
                checkStatus(response, "READ BINARY");
            }
            byte[] data = response.data();
            if (odd) {
                try {
                    Tlv do53 = TlvReader.read(data);
                    if (do53.tag() != 0x53) {
                        throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "READ BINARY (B1) returned tag "
                                + Tlv.tagHex(do53.tag()) + ", expected 53", sw, null);
                    }
                    data = do53.value();
                } catch (TlvException e) {
                    throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "READ BINARY (B1): " + e.getMessage(), sw, e);
                }
            }
            if (data.length > le) {
                throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "asked for " + le + " bytes, got "
                        + data.length, sw, null);
            }
            if (extended) {
                extendedUsed = true;
            }
            return data;
        }

        private void checkStatus(ResponseApdu response, String step) {
            int sw = response.sw();
            if (sw == StatusWord.OK) {
                return;
            }
            ChipException.Reason reason = switch (sw) {
                case StatusWord.SECURITY_STATUS_NOT_SATISFIED -> ChipException.Reason.ACCESS_DENIED;
                case StatusWord.SM_DATA_OBJECTS_MISSING, StatusWord.SM_DATA_OBJECTS_INCORRECT ->
                        ChipException.Reason.SM_REJECTED_BY_CHIP;
                case StatusWord.WRONG_P1_P2 -> ChipException.Reason.FILE_MALFORMED; // file shorter than its header
                case StatusWord.FILE_NOT_FOUND -> ChipException.Reason.FILE_NOT_FOUND;
                default -> ChipException.Reason.UNEXPECTED_STATUS;
            };
            throw fail(reason, step, sw, null);
        }

        /**
         * Chip Authentication v1 with ECDH or DH (9303-11 §6.2.4; TR-03110-1 §3.4): the result, or null if DG14 has
         * no CA key (then AA may run). A refusal or a chip that cannot continue under the new keys is FAILED: DG14
         * announces CA, so a genuine chip does it. Transport failures propagate and abort the read.
         */
        private ChipAuthenticity chipAuthentication(byte[] dg14Bytes) {
            Set<Integer> keyGroups = Set.of(14);
            Dg14 dg14;
            try {
                dg14 = Dg14.parse(dg14Bytes);
            } catch (LdsException e) {
                return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.UNDETERMINED,
                        ChipAuthReason.KEY_FILE_MALFORMED, keyGroups, "DG14: " + e.getMessage());
            }
            List<SecurityInfo.ChipAuthenticationPublicKeyInfo> keys =
                    dg14.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class);
            if (keys.isEmpty()) {
                return null;
            }
            List<SecurityInfo.ChipAuthenticationInfo> infos = dg14.infos(SecurityInfo.ChipAuthenticationInfo.class);
            ChipAuthCrypto.Variant variant = null;
            SecurityInfo.ChipAuthenticationPublicKeyInfo keyInfo = null;
            if (infos.isEmpty()) {
                // TR-03110-3 §A.1.1.2: without a ChipAuthenticationInfo the chip does CA with 3DES
                variant = ChipAuthCrypto.Variant.of(ChipAuthCrypto.OID_CA_ECDH_3DES).orElseThrow();
                keyInfo = keys.get(0);
            }
            for (SecurityInfo.ChipAuthenticationInfo info : infos) {
                var v = ChipAuthCrypto.Variant.of(info.protocol().getId());
                var k = keys.stream().filter(pk -> info.keyId().isEmpty() || pk.keyId().equals(info.keyId()))
                        .findFirst();
                if (v.isPresent() && k.isPresent()) {
                    variant = v.get();
                    keyInfo = k.get();
                    break;
                }
            }
            if (variant == null) {
                return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.NOT_SUPPORTED,
                        ChipAuthReason.ALGORITHM_NOT_SUPPORTED, keyGroups, "CA protocols offered: " + infos.stream()
                                .map(i -> i.protocol().getId()).toList());
            }
            ChipAuthCrypto.Terminal terminal;
            try {
                java.security.PublicKey chipKey = keyInfo.publicKey();
                if (variant.dh() != (chipKey instanceof javax.crypto.interfaces.DHPublicKey)) {
                    return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.UNDETERMINED,
                            ChipAuthReason.KEY_FILE_MALFORMED, keyGroups, "CA protocol " + variant.oid()
                                    + " with a " + chipKey.getAlgorithm() + " key");
                }
                terminal = ChipAuthCrypto.terminal(chipKey, random);
            } catch (LdsException e) {
                return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.UNDETERMINED,
                        ChipAuthReason.KEY_FILE_MALFORMED, keyGroups, "DG14 CA key: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.NOT_SUPPORTED,
                        ChipAuthReason.ALGORITHM_NOT_SUPPORTED, keyGroups, e.getMessage());
            }
            String what = "CA " + variant.oid();
            currentFile = ChipException.NO_FILE;
            currentOffset = -1;
            Tlv keyId = keyInfo.keyId().map(id -> Tlv.of(0x84, id.toByteArray())).orElse(null);
            if (variant.keyAgreementTemplate()) {
                // 9303-11 §6.2.4.1: MSE:SET KAT with the ephemeral key in DO'91' (and the key id in DO'84')
                byte[] data = concat(Tlv.of(0x91, terminal.encodedPublicKey()).encode(),
                        keyId == null ? new byte[0] : keyId.encode());
                ResponseApdu r = secure(new CommandApdu(0x00, 0x22, 0x41, 0xA6, data));
                if (!r.isSuccess()) {
                    return caFailed(ChipAuthReason.CA_REFUSED, what + ": MSE:SET KAT refused, SW "
                            + StatusWord.hex(r.sw()));
                }
            } else {
                // 9303-11 §6.2.4.2: MSE:SET AT with the CA OID, then GENERAL AUTHENTICATE with the ephemeral key
                byte[] data = concat(Tlv.of(0x80, PaceCrypto.oidContent(variant.oid())).encode(),
                        keyId == null ? new byte[0] : keyId.encode());
                ResponseApdu r = secure(new CommandApdu(0x00, 0x22, 0x41, 0xA4, data));
                if (!r.isSuccess()) {
                    return caFailed(ChipAuthReason.CA_REFUSED, what + ": MSE:SET AT refused, SW "
                            + StatusWord.hex(r.sw()));
                }
                ResponseApdu ga = secure(new CommandApdu(0x00, 0x86, 0x00, 0x00, Tlv.constructed(0x7C,
                        Tlv.of(0x80, terminal.encodedPublicKey())).encode(), 256));
                if (!ga.isSuccess()) {
                    return caFailed(ChipAuthReason.CA_REFUSED, what + ": GENERAL AUTHENTICATE refused, SW "
                            + StatusWord.hex(ga.sw()));
                }
                try {
                    if (TlvReader.read(ga.data()).tag() != 0x7C) {
                        throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "CA GENERAL AUTHENTICATE answered "
                                + "without DO'7C'", ga.sw(), null);
                    }
                } catch (TlvException e) {
                    throw fail(ChipException.Reason.PROTOCOL_VIOLATION, "CA GENERAL AUTHENTICATE: "
                            + e.getMessage(), ga.sw(), e);
                }
            }
            byte[] secret;
            try {
                secret = terminal.secret();
            } catch (IllegalArgumentException e) {
                return caFailed(ChipAuthReason.CA_KEY_MISMATCH, what + ": " + e.getMessage());
            }
            sm = variant.session(secret); // 9303-11 §6.2.3: restart SM with the new keys, SSC = 0
            Arrays.fill(secret, (byte) 0);
            smBroken = false;
            // CA v1 has no explicit proof: the chip proves it has the private key by answering under the new
            // keys. SELECT EF.DG14 again is a harmless command whose answer must carry a valid MAC.
            currentFile = dataGroupFileId(14);
            ResponseApdu check = transport.transmit(sm.protectCommand(selectFile(dataGroupFileId(14))));
            boolean proven;
            try {
                ResponseApdu plain = sm.unprotectResponse(check);
                proven = check.dataLength() > 0 && plain.isSuccess();
            } catch (SecureMessagingException e) {
                proven = false;
            }
            selectedFile = dataGroupFileId(14);
            if (!proven) {
                Logger.debug("chip could not continue secure messaging after CA (SW {}); opening a new session",
                        StatusWord.hex(check.sw()));
                openSession(); // the chip dropped the session; read the rest without CA
                return caFailed(ChipAuthReason.CA_KEY_MISMATCH, what + ": the chip did not answer under the "
                        + "keys derived from the DG14 key (SW " + StatusWord.hex(check.sw()) + ")");
            }
            return new ChipAuthenticity(ChipAuthMethod.CA, CheckStatus.PASSED, ChipAuthReason.PA_NOT_ASSESSED,
                    keyGroups, what + ", secure messaging " + variant.sm() + " restarted");
        }

        private ChipAuthenticity caFailed(ChipAuthReason reason, String detail) {
            return new ChipAuthenticity(ChipAuthMethod.CA, CheckStatus.FAILED, reason, Set.of(14), detail);
        }

        /**
         * TR-03135: one success is enough. CA decided if it ran (PASSED or FAILED); otherwise AA with DG15; a chip
         * with neither is NOT_SUPPORTED, and the read itself still succeeds.
         */
        private ChipAuthenticity chipAuthenticity(ChipAuthenticity ca, byte[] dg14, byte[] dg15) {
            if (ca != null && (ca.status() == CheckStatus.PASSED || ca.status() == CheckStatus.FAILED)) {
                return ca;
            }
            if (dg15 == null) {
                return ca != null ? ca : ChipAuthenticity.notSupported(ChipAuthReason.NO_CHIP_AUTHENTICATION,
                        "no DG14 Chip Authentication key and no DG15");
            }
            return activeAuthentication(dg14, dg15);
        }

        /** Active Authentication (9303-11 §6.1): INTERNAL AUTHENTICATE with an 8-byte challenge, under SM. */
        private ChipAuthenticity activeAuthentication(byte[] dg14Bytes, byte[] dg15Bytes) {
            PublicKey key;
            try {
                key = Dg15.parse(dg15Bytes).publicKey();
            } catch (LdsException e) {
                return new ChipAuthenticity(ChipAuthMethod.NONE, CheckStatus.UNDETERMINED,
                        ChipAuthReason.KEY_FILE_MALFORMED, Set.of(15), "DG15: " + e.getMessage());
            }
            boolean rsa = key instanceof RSAPublicKey;
            Optional<ActiveAuthCrypto.Digest> digest = Optional.empty();
            Set<Integer> keyGroups = Set.of(15);
            if (!rsa && dg14Bytes != null) {
                // 9303-11 §9.2.8: the ECDSA hash is named by DG14's ActiveAuthenticationInfo
                try {
                    digest = Dg14.parse(dg14Bytes).infos(SecurityInfo.ActiveAuthenticationInfo.class).stream()
                            .map(i -> ActiveAuthCrypto.Digest.ofEcdsaOid(i.signatureAlgorithm().getId()))
                            .flatMap(Optional::stream).findFirst();
                    keyGroups = Set.of(14, 15);
                } catch (LdsException e) {
                    return new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.UNDETERMINED,
                            ChipAuthReason.KEY_FILE_MALFORMED, Set.of(14, 15), "DG14: " + e.getMessage());
                }
            }
            byte[] challenge = new byte[ActiveAuthCrypto.CHALLENGE_LENGTH];
            random.nextBytes(challenge);
            currentFile = ChipException.NO_FILE;
            currentOffset = -1;
            int ne = rsa && ((RSAPublicKey) key).getModulus().bitLength() > 1024 && !extendedRefused
                    ? CommandApdu.MAX_EXTENDED : CommandApdu.MAX_SHORT_NE;
            ResponseApdu r = secure(new CommandApdu(0x00, 0x88, 0x00, 0x00, challenge, ne));
            if (!r.isSuccess()) {
                return new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.FAILED, ChipAuthReason.AA_REFUSED,
                        keyGroups, "INTERNAL AUTHENTICATE refused, SW " + StatusWord.hex(r.sw()));
            }
            try {
                ActiveAuthCrypto.Digest used = ActiveAuthCrypto.verify(key, challenge, r.data(), digest);
                return new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.PASSED, ChipAuthReason.PA_NOT_ASSESSED,
                        keyGroups, "AA " + (rsa ? "RSA ISO/IEC 9796-2 " : "ECDSA ") + used);
            } catch (ActiveAuthException e) {
                return switch (e.reason()) {
                    case MALFORMED -> new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.FAILED,
                            ChipAuthReason.AA_MALFORMED, keyGroups, e.getMessage());
                    case SIGNATURE_INVALID -> new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.FAILED,
                            ChipAuthReason.AA_SIGNATURE_INVALID, keyGroups, e.getMessage());
                    case HASH_UNKNOWN -> new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.UNDETERMINED,
                            ChipAuthReason.AA_HASH_UNKNOWN, keyGroups, e.getMessage());
                    case KEY_NOT_SUPPORTED -> new ChipAuthenticity(ChipAuthMethod.AA, CheckStatus.NOT_SUPPORTED,
                            ChipAuthReason.ALGORITHM_NOT_SUPPORTED, keyGroups, e.getMessage());
                };
            }
        }

        ChipException fail(ChipException.Reason reason, String detail, int sw, Throwable cause) {
            return new ChipException(reason, detail, currentFile, currentOffset, sw, counting.apdus(), cause);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** EF.DGn's file id (9303-10 §4.6.1: 0101 to 0110). */
    private static int dataGroupFileId(int number) {
        return LdsFile.fromDataGroupNumber(number).orElseThrow(
                () -> new IllegalArgumentException("no data group " + number)).fileId();
    }
}
