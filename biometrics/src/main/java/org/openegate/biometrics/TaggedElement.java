package org.openegate.biometrics;

import java.util.Arrays;

/**
 * An element of a tagged (ASN.1 DER) face record that the parser does not map to a typed field,
 * kept whole so that nothing in the record is silently dropped: extension elements (the "..." of
 * ISO/IEC 39794-5's SEQUENCEs) and known blocks a gate does not use (PAD data, capture device,
 * identity metadata other than the pose, ...).
 *
 * @param path where it was found, as ASN.1 field names ({@code representationBlocks[0].padDataBlock})
 * @param tag its tag octets as an int ({@code 0xA4})
 * @param encoded its whole encoding, tag and length included, so it can be parsed later
 */
public record TaggedElement(String path, int tag, byte[] encoded) {

  public TaggedElement {
    encoded = encoded.clone();
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaggedElement e && e.tag == tag && e.path.equals(path) && Arrays.equals(e.encoded, encoded);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Arrays.hashCode(encoded);
  }

  /** Path, tag and size only: identity metadata (gender, eye colour, height) may be inside. */
  @Override
  public String toString() {
    return "TaggedElement[" + path + " " + String.format("%02X", tag) + ", " + encoded.length + " bytes redacted]";
  }
}
