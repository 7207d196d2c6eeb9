package org.openegate.crypto.apdu;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Channel decorators and helpers for the parts of ISO/IEC 7816-4 that every card protocol needs. */
public final class ApduChannels {

    /** The chaining bit in CLA (ISO/IEC 7816-4 §5.1.1.1: b5 = 1 means "not the last command of a chain"). */
    public static final int CLA_CHAINING = 0x10;

    /** Upper bound on GET RESPONSE data gathered for one command; a card that never stops gets refused. */
    static final int MAX_GATHERED = 1 << 20;

    private ApduChannels() {
    }

    /**
     * Wraps a raw transport so callers never see the transport-level status words: 61xx is answered with
     * GET RESPONSE until the card has sent everything (the pieces are joined), and 6Cxx is answered by sending the
     * command again with Le = xx (§5.3.4, §5.6). Commands under secure messaging (CLA bits 0x0C) are not repeated
     * on 6Cxx: their Le lives inside the MAC-protected DO'97', and resending would desynchronise the counter.
     */
    public static ApduChannel withStatusHandling(ApduChannel raw) {
        return command -> transmitHandled(raw, command);
    }

    private static ResponseApdu transmitHandled(ApduChannel raw, CommandApdu command) {
        ResponseApdu response = raw.transmit(command);
        if (StatusWord.isWrongLe(response.sw()) && command.ne() > 0 && (command.cla() & 0x0C) == 0) {
            int exact = StatusWord.shortLength(response.sw2());
            response = raw.transmit(command.withNe(exact));
        }
        if (!StatusWord.isMoreData(response.sw())) {
            return response;
        }
        ByteArrayOutputStream gathered = new ByteArrayOutputStream();
        gathered.writeBytes(response.data());
        int cla = command.cla() & 0x03; // GET RESPONSE on the same logical channel, no SM (§7.6.1)
        while (StatusWord.isMoreData(response.sw())) {
            response = raw.transmit(new CommandApdu(cla, 0xC0, 0x00, 0x00,
                    StatusWord.shortLength(response.sw2())));
            gathered.writeBytes(response.data());
            if (gathered.size() > MAX_GATHERED) {
                throw new CardIoException(CardIoException.Reason.MALFORMED_RESPONSE,
                        "card kept answering 61xx past " + MAX_GATHERED + " bytes");
            }
        }
        return new ResponseApdu(gathered.toByteArray(), response.sw());
    }

    /**
     * Splits a command whose data exceeds {@code maxChunk} into a chain (§5.1.1.1): every command but the last
     * has the chaining bit set in CLA and no Le; the last carries the original Le.
     */
    public static List<CommandApdu> chain(CommandApdu command, int maxChunk) {
        if (maxChunk < 1 || maxChunk > CommandApdu.MAX_EXTENDED - 1) {
            throw new ApduFormatException(ApduFormatException.Reason.VALUE_OUT_OF_RANGE,
                    "chunk size " + maxChunk + " outside 1.." + (CommandApdu.MAX_EXTENDED - 1));
        }
        byte[] data = command.data();
        List<CommandApdu> parts = new ArrayList<>();
        if (data.length <= maxChunk) {
            parts.add(command);
            return parts;
        }
        for (int offset = 0; offset < data.length; offset += maxChunk) {
            int end = Math.min(data.length, offset + maxChunk);
            byte[] chunk = java.util.Arrays.copyOfRange(data, offset, end);
            boolean last = end == data.length;
            parts.add(new CommandApdu(last ? command.cla() : command.cla() | CLA_CHAINING, command.ins(),
                    command.p1(), command.p2(), chunk, last ? command.ne() : 0));
        }
        return parts;
    }

    /**
     * Sends a command as a chain of commands of at most {@code maxChunk} data bytes; stops at the first link the
     * card does not answer with 9000 and returns that answer.
     */
    public static ResponseApdu transmitChained(ApduChannel channel, CommandApdu command, int maxChunk) {
        List<CommandApdu> parts = chain(command, maxChunk);
        ResponseApdu response = null;
        for (CommandApdu part : parts) {
            response = channel.transmit(part);
            boolean last = part == parts.get(parts.size() - 1);
            if (!last && !response.isSuccess()) {
                return response;
            }
        }
        return response;
    }
}
