package org.openegate.gate.device;

import java.util.List;

/** The document reader's OCR of the machine readable zone: a serial reader on a gate, a script in simulation. */
public interface MrzReader {

    /** The MRZ lines of the document on the reader, as recognised; blocks until a document is presented. */
    List<String> readLines() throws DeviceException;
}
