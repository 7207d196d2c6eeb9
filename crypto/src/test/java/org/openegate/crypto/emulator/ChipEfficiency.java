package org.openegate.crypto.emulator;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.PaceCrypto;

/**
 * The chip-reading efficiency harness of issue #4 (acceptance 4): a passport with a 20 kB DG2 read in full through
 * the emulator on a modelled contactless link ({@link LinkModel#ISO14443_424K}: 424 kbit/s plus 5 ms per APDU),
 * with the chip's largest block (extended length) and with extended length refused by the chip (short APDUs).
 *
 * <p>The modelled time comes from {@link EmulatorChannel#simulatedClock()}: nothing sleeps, so the figures are the
 * same on any machine and for every run (the medians equal each run). The limit is the pure transfer time of the
 * bytes at 424 kbit/s with no per-APDU cost; it is given for the file bytes alone (what a perfect reader must move)
 * and for every byte on the wire (commands, secure-messaging overhead, access control). The wall-clock column is
 * the real time of the in-process read on this machine (cryptography and copying, no link), a median of the runs.
 *
 * <p>Run from the repository root (compiles first; prints a Markdown table; the argument is the number of runs):
 * <pre>
 * crypto/chip-efficiency.sh 7
 * </pre>
 * {@code ChipEfficiencyTest} holds the target (at most 1.5 times the limit with extended length) in the normal
 * suite.
 */
public final class ChipEfficiency {

    /** The DG2 of issue #4's efficiency case. */
    public static final int DG2_BYTES = 20_000;

    /** One configuration of chip and reader. */
    public enum Scenario {
        EXTENDED_PCSC_BLOCK("BAC, extended length, 7936-byte blocks (PC/SC default)", true, false,
                ChipReader.Options.DEFAULT_EXTENDED_BLOCK),
        EXTENDED_MAX_BLOCK("BAC, extended length, 65280-byte blocks (chip maximum)", true, false, 0xFF00),
        SHORT_REFUSED("BAC, extended length refused by the chip (short APDUs)", false, false,
                ChipReader.Options.DEFAULT_EXTENDED_BLOCK),
        PACE_EXTENDED_PCSC_BLOCK("PACE, extended length, 7936-byte blocks (PC/SC default)", true, true,
                ChipReader.Options.DEFAULT_EXTENDED_BLOCK),
        PACE_SHORT_REFUSED("PACE, extended length refused by the chip (short APDUs)", false, true,
                ChipReader.Options.DEFAULT_EXTENDED_BLOCK);

        final String label;
        final boolean chipExtended;
        final boolean pace;
        final int block;

        Scenario(String label, boolean chipExtended, boolean pace, int block) {
            this.label = label;
            this.chipExtended = chipExtended;
            this.pace = pace;
            this.block = block;
        }
    }

    /**
     * One measured read.
     *
     * @param fileBytes bytes of the files read (their content)
     * @param wireBytes command plus response bytes the link carried
     * @param modelledMillis the read's duration on the modelled link
     * @param wallNanos real time of the in-process read
     */
    public record Measurement(Scenario scenario, long apdus, long fileBytes, long wireBytes, double modelledMillis,
            long wallNanos, boolean extendedUsed) {

        /** bytes * 8 / 424000 s of the file bytes, in ms. */
        public double fileLimitMillis() {
            return LinkModel.ISO14443_424K.transferTime(fileBytes).toNanos() / 1e6;
        }

        public double wireLimitMillis() {
            return LinkModel.ISO14443_424K.transferTime(wireBytes).toNanos() / 1e6;
        }

        /** Modelled time over the file-bytes limit. */
        public double ratio() {
            return modelledMillis / fileLimitMillis();
        }
    }

    private ChipEfficiency() {
    }

    /** Reads the 20 kB passport once in this scenario. */
    public static Measurement measure(Scenario scenario) {
        Map<Integer, byte[]> files = ChipReaderEmulatorTest.passport(DG2_BYTES);
        EmrtdEmulator.Builder card = EmrtdEmulator.builder().files(files).bacKey(ChipReaderEmulatorTest.KEY)
                .random(new SecureRandom()).extendedLength(scenario.chipExtended);
        if (scenario.pace) {
            card.pace(PaceCrypto.OID_ECDH_GM_AES_128, 13);
        }
        EmulatorChannel link = new EmulatorChannel(card.build());
        link.setLinkModel(LinkModel.ISO14443_424K);
        ChipReader reader = new ChipReader(link, ChipReader.Options.defaults().withExtendedBlockSize(scenario.block),
                link.simulatedClock(), new SecureRandom());
        long start = System.nanoTime();
        ChipReadResult result = reader.read(ChipReaderEmulatorTest.KEY);
        long wall = System.nanoTime() - start;
        long fileBytes = result.files().values().stream().mapToLong(b -> b.length).sum();
        return new Measurement(scenario, result.stats().apdus(), fileBytes,
                result.stats().bytesSent() + result.stats().bytesReceived(), link.simulatedTime().toNanos() / 1e6,
                wall, result.extendedLengthUsed());
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        if (runs < 1 || runs > 1000) {
            throw new IllegalArgumentException("runs " + runs + " outside 1..1000");
        }
        for (Scenario s : Scenario.values()) {
            measure(s); // warm-up: class loading and the JIT would dominate the first wall-clock figure
        }
        System.out.printf(Locale.ROOT, "%d runs each; link %s; DG2 %d bytes%n%n", runs, LinkModel.ISO14443_424K,
                DG2_BYTES);
        System.out.println("| scenario | APDUs | file bytes | wire bytes | modelled ms | limit ms (file bytes) "
                + "| limit ms (wire bytes) | modelled / limit (file) | wall ms (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Scenario s : Scenario.values()) {
            List<Measurement> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ms.add(measure(s));
            }
            Measurement m = ms.get(0);
            double modelled = median(ms.stream().mapToDouble(Measurement::modelledMillis).toArray());
            double wall = median(ms.stream().mapToDouble(x -> x.wallNanos() / 1e6).toArray());
            long apdus = (long) median(ms.stream().mapToDouble(Measurement::apdus).toArray());
            long wire = (long) median(ms.stream().mapToDouble(Measurement::wireBytes).toArray());
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.2f | %.1f |%n", s.label,
                    apdus, m.fileBytes(), wire, modelled, m.fileLimitMillis(),
                    LinkModel.ISO14443_424K.transferTime(wire).toNanos() / 1e6, modelled / m.fileLimitMillis(),
                    wall);
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
