package org.openegate.gate.sim;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.DemoPerson;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzWriter;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.Tamper;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.MrzReader;

/**
 * Issues each simulated traveller a real, signed passport (served by the eMRTD emulator over APDUs) and puts
 * the right face in front of the camera; used by the demo, the harness and {@code egate run} in simulation.
 *
 * <p>Each kind is made the way it happens at a border, never by telling the pipeline the answer: a tampered SOD
 * is a tampered file, a clone is a chip without the genuine private key, an unreadable chip is a chip that does
 * not answer to the key printed in the MRZ, an impostor is another person's face, a presentation attack is the
 * chip portrait on a phone screen held up to the camera (see {@link AttackImages}).
 */
public final class TravellerFactory {

    /** The issuing state of every simulated document (Utopia, the ICAO specimen state). */
    public static final String ISSUING_STATE = "UTO";
    /** Every simulated chip supports Chip Authentication (its key published in DG14), as most passports since 2009. */
    private static final ChipFeatures CHIP_FEATURES = new ChipFeatures(false, true, java.util.Optional.empty());

    private final TestPassportFactory factory;
    private final CscaCredentials csca;
    private final DocumentSigner signer;
    private final List<DemoPerson> people;
    private final SecureRandom random;
    private final Delays delays;

    /** Modelled hardware time of each device (zero in the harness). */
    public record Delays(Duration mrz, Duration chip, Duration face) {
        public static final Delays NONE = new Delays(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public TravellerFactory(TestPassportFactory factory, CscaCredentials csca, DocumentSigner signer,
            List<DemoPerson> people, SecureRandom random, Delays delays) {
        this.factory = factory;
        this.csca = csca;
        this.signer = signer;
        this.people = List.copyOf(people);
        this.random = random;
        this.delays = delays;
    }

    public PreparedTraveller prepare(SimulatedTraveller traveller) {
        ChipKeys keys = factory.createChipKeys(CHIP_FEATURES);
        List<String> mrzLines = mrz(traveller, traveller.documentNumber(),
                traveller.kind() == TravellerKind.INELIGIBLE_DOCUMENT ? "I" : "P");
        TestPassport passport = issue(traveller, mrzLines, keys);
        // A clone carries the genuine files but cannot carry the genuine chip's private key.
        PrivateKey chipKey = traveller.kind() == TravellerKind.CLONED_CHIP
                ? factory.createChipKeys(CHIP_FEATURES).chipAuthentication().orElseThrow().getPrivate()
                : keys.chipAuthentication().orElseThrow().getPrivate();
        // An unreadable chip: it answers only to another document's key (a swapped or damaged chip), so BAC
        // with the printed MRZ fails.
        List<String> keyLines = traveller.kind() == TravellerKind.UNREADABLE_CHIP
                ? mrz(traveller, otherNumber(traveller.documentNumber()), "P") : passport.mrzLines();
        EmrtdEmulator chip = EmrtdEmulator.builder().files(passport.files())
                .bacKey(BacKey.fromMrzInformation(Mrz.parse(keyLines).mrzInformation()))
                .chipAuthentication(chipKey, ChipAuthCrypto.OID_CA_ECDH_AES_128)
                .random(random).build();
        byte[] frame = liveFrame(traveller);
        return new PreparedTraveller(traveller, delayed(new ScriptedMrzReader(printedMrz(traveller, passport))),
                delayed(new EmulatedChipConnector(chip)), delayed(new ImageCamera(frame)));
    }

    /**
     * What the document reader reads off the data page: the chip's MRZ, unless the page itself is the problem.
     * A misprint changes the composite check digit (9303-4 §4.2.2.2), which the BAC key does not use, so the chip
     * still opens and its DG1 differs from the page; a worn page loses the second half of its second line.
     */
    private static List<String> printedMrz(SimulatedTraveller traveller, TestPassport passport) {
        List<String> lines = passport.mrzLines();
        String second = lines.get(1);
        return switch (traveller.kind()) {
            case MRZ_MISPRINT -> {
                char composite = second.charAt(43);
                char wrong = composite == '9' ? '0' : (char) (composite == '<' ? '1' : composite + 1);
                yield List.of(lines.get(0), second.substring(0, 43) + wrong);
            }
            case UNREADABLE_MRZ -> List.of(lines.get(0), second.substring(0, 22));
            default -> lines;
        };
    }

    private List<String> mrz(SimulatedTraveller traveller, String documentNumber, String documentCode) {
        return MrzWriter.td3().documentCode(documentCode).issuingState(ISSUING_STATE)
                .surname(traveller.surname()).givenNames(traveller.givenNames())
                .documentNumber(documentNumber).nationality(traveller.nationality())
                .dateOfBirth(traveller.dateOfBirth())
                .sex(traveller.sex() == 'F' ? Mrz.Sex.FEMALE : Mrz.Sex.MALE)
                .dateOfExpiry(traveller.dateOfExpiry()).write().lines();
    }

    private static String otherNumber(String number) {
        char last = number.charAt(number.length() - 1);
        return number.substring(0, number.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    private TestPassport issue(SimulatedTraveller traveller, List<String> mrz, ChipKeys keys) {
        byte[] portrait = DemoFaces.chipPortraitJpeg(people.get(traveller.portraitPerson()));
        TestPassport passport = traveller.kind() == TravellerKind.UNKNOWN_ISSUER
                ? factory.issue(unknownIssuer().csca(), unknownIssuer().signer(), mrz, portrait, keys.dataGroups())
                : factory.issue(csca, signer, mrz, portrait, keys.dataGroups());
        if (traveller.kind() != TravellerKind.TAMPERED_SOD) {
            return passport;
        }
        // Each way of tampering in turn: a flipped signature, altered signed attributes, a swapped portrait.
        Tamper[] ways = {Tamper.SOD_SIGNATURE_FLIPPED, Tamper.SOD_SIGNED_ATTRIBUTES_ALTERED, Tamper.DG2_ALTERED};
        return TestPassportFactory.tamper(passport, ways[traveller.number() % ways.length]);
    }

    /** A state whose CSCA the gate does not hold: made at first use, kept for the factory's life. */
    private record Issuer(CscaCredentials csca, DocumentSigner signer) {
    }

    private Issuer unknownIssuer;

    private synchronized Issuer unknownIssuer() {
        if (unknownIssuer == null) {
            // Another state's CSCA (ZZ: ISO 3166 user-assigned, a state the trust list has never heard of). One
            // with the trusted CSCA's own name but another key would be a forgery, which PA rightly FAILS.
            CscaCredentials other = factory.createCsca("ZZ", KeyAlgorithm.EC_P256);
            unknownIssuer = new Issuer(other, factory.createDocumentSigner(other, KeyAlgorithm.EC_P256));
        }
        return unknownIssuer;
    }

    /** A camera frame of whoever stands at the gate: another photo of the person, or an attack on the camera. */
    private byte[] liveFrame(SimulatedTraveller traveller) {
        DemoPerson person = people.get(traveller.livePerson());
        if (traveller.kind() == TravellerKind.NO_FACE) {
            return AttackImages.emptyLane();
        }
        if (traveller.kind() == TravellerKind.PRESENTATION_ATTACK) {
            return AttackImages.phoneReplay(DemoFaces.chipPortraitJpeg(people.get(traveller.portraitPerson())),
                    traveller.number());
        }
        if (person.liveCaptures().isEmpty()) {
            return person.portrait().bytes();
        }
        return person.liveCaptures().get(traveller.number() % person.liveCaptures().size()).bytes();
    }

    private MrzReader delayed(MrzReader reader) {
        return delays.mrz().isZero() ? reader : () -> {
            pause(delays.mrz());
            return reader.readLines();
        };
    }

    private ChipConnector delayed(ChipConnector connector) {
        return delays.chip().isZero() ? connector : () -> {
            pause(delays.chip());
            return connector.connect();
        };
    }

    private Camera delayed(Camera camera) {
        return delays.face().isZero() ? camera : () -> {
            pause(delays.face());
            return camera.capture();
        };
    }

    /** The modelled time a real device takes (a serial read, an RF field, an exposure). */
    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
