package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openegate.biometrics.FaceException.Reason;

/**
 * A minimal, bounded reader of definite-length BER (X.690 §8.1), enough for the tagged binary
 * encoding of ISO/IEC 39794-5 face records. It is deliberately separate from crypto's TLV codec:
 * the biometrics module does not depend on crypto (DESIGN.md, "One format, one parser").
 *
 * <p>Why the bounds: the bytes come from a chip or a file and are hostile until parsed. Every
 * length is compared with the bytes actually left before anything is read or copied, so a length
 * claiming 2 GB costs nothing; nesting is limited to {@link #MAX_DEPTH} levels and a whole record
 * to {@link #MAX_ELEMENTS} elements, so no input can make the walk deep or long. Indefinite lengths
 * (X.690 §8.1.3.6) are refused: 39794-1 records are DER (a subset of BER with definite lengths).
 *
 * <p>One instance reads one record; it is not thread-safe (it counts elements).
 */
final class BerReader {

  /** Deeper than any 39794-5 path (the deepest, a landmark coordinate, is 12 levels with the AP wrapper). */
  static final int MAX_DEPTH = 24;

  /** More elements than any face record holds (the AP's "all fields" sample has about 140). */
  static final int MAX_ELEMENTS = 10_000;

  /** Tag numbers above this (3 tag octets) appear in no biometric format. */
  static final int MAX_TAG_NUMBER = 0x3FFF;

  static final int CLASS_UNIVERSAL = 0;
  static final int CLASS_APPLICATION = 1;
  static final int CLASS_CONTEXT = 2;
  static final int CLASS_PRIVATE = 3;

  private final byte[] data;
  private final String what;
  private int elements;

  /**
   * One element: where it lies in the record, never a copy of its value until asked.
   *
   * @param tag the tag octets as an int (0xA1, 0x65, 0x5F2E), as they are written
   * @param tagClass X.690 §8.1.2.2: 0 universal, 1 application, 2 context-specific, 3 private
   * @param tagNumber the tag number within its class
   * @param constructed whether the element holds elements (§8.1.2.5)
   * @param offset the offset of its first tag octet in the record
   * @param valueOffset the offset of its first value octet
   * @param length the number of value octets
   * @param depth 0 for the outermost element
   */
  record Element(
      int tag,
      int tagClass,
      int tagNumber,
      boolean constructed,
      int offset,
      int valueOffset,
      int length,
      int depth) {

    int end() {
      return valueOffset + length;
    }

    boolean isContext(int number) {
      return tagClass == CLASS_CONTEXT && tagNumber == number;
    }
  }

  /**
   * @param what names the format in error messages ("ISO/IEC 39794-5 record")
   */
  BerReader(byte[] data, String what) {
    this.data = data;
    this.what = what;
  }

  /** The elements that fill the whole record, outermost level. */
  List<Element> top() {
    return read(0, data.length, 0);
  }

  /** The elements inside a constructed element. */
  List<Element> children(Element parent) {
    if (!parent.constructed()) {
      throw malformed(parent.offset(), "tag " + tagHex(parent.tag()) + " is primitive where a structure is needed");
    }
    return read(parent.valueOffset(), parent.end(), parent.depth() + 1);
  }

  /** A copy of the value octets; the length was checked against the record when the element was read. */
  byte[] value(Element e) {
    return Arrays.copyOfRange(data, e.valueOffset(), e.end());
  }

  /** The whole encoding of an element, tag and length included. */
  byte[] encoded(Element e) {
    return Arrays.copyOfRange(data, e.offset(), e.end());
  }

  /** A primitive INTEGER or ENUMERATED value (two's complement, X.690 §8.3) that fits an int. */
  int intValue(Element e) {
    long v = longValue(e);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw malformed(e.offset(), "integer " + tagHex(e.tag()) + " value " + v + " does not fit 32 bits");
    }
    return (int) v;
  }

  /** A primitive INTEGER value that fits a long (at most 8 octets). */
  long longValue(Element e) {
    if (e.constructed()) {
      throw malformed(e.offset(), "tag " + tagHex(e.tag()) + " is constructed where an integer is needed");
    }
    if (e.length() == 0 || e.length() > 8) {
      throw malformed(e.offset(), "integer " + tagHex(e.tag()) + " has " + e.length()
          + " value octets (1 to 8 accepted)");
    }
    long v = data[e.valueOffset()]; // sign-extends the first octet
    for (int i = 1; i < e.length(); i++) {
      v = (v << 8) | (data[e.valueOffset() + i] & 0xFF);
    }
    return v;
  }

  FaceException malformed(int offset, String message) {
    return new FaceException(Reason.MALFORMED_FACE_RECORD, what + " at offset " + offset + ": " + message);
  }

  private List<Element> read(int from, int to, int depth) {
    if (depth > MAX_DEPTH) {
      throw malformed(from, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    List<Element> out = new ArrayList<>();
    int p = from;
    while (p < to) {
      if (++elements > MAX_ELEMENTS) {
        throw malformed(p, "more than " + MAX_ELEMENTS + " elements");
      }
      int start = p;
      int first = data[p++] & 0xFF;
      int tagClass = first >>> 6;
      boolean constructed = (first & 0x20) != 0;
      int tag = first;
      int number = first & 0x1F;
      if (number == 0x1F) { // §8.1.2.4: high tag number, base-128 in the following octets
        number = 0;
        int octets = 0;
        int b;
        do {
          if (p >= to) {
            throw malformed(start, "tag " + tagHex(tag) + " is cut off by the end of its container");
          }
          b = data[p++] & 0xFF;
          if (++octets > 2 || (octets == 1 && b == 0x80)) {
            throw malformed(start, "tag " + tagHex((tag << 8) | b) + " is longer than "
                + (octets > 2 ? "3 octets" : "its minimal form"));
          }
          tag = (tag << 8) | b;
          number = (number << 7) | (b & 0x7F);
        } while ((b & 0x80) != 0);
        if (number > MAX_TAG_NUMBER) {
          throw malformed(start, "tag number " + number + " is out of range");
        }
      }
      if (p >= to) {
        throw malformed(start, "tag " + tagHex(tag) + " has no length octet before the end of its container");
      }
      int l = data[p++] & 0xFF;
      long length;
      if (l < 0x80) {
        length = l;
      } else if (l == 0x80) {
        throw malformed(start, "tag " + tagHex(tag) + " uses the indefinite length form, which 39794-1 DER excludes");
      } else {
        int n = l & 0x7F;
        if (n > 4) {
          throw malformed(start, "tag " + tagHex(tag) + " has " + n + " length octets (at most 4 accepted)");
        }
        if (p + n > to) {
          throw malformed(start, "tag " + tagHex(tag) + " length octets are cut off by the end of its container");
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (data[p++] & 0xFF);
        }
      }
      if (length > to - p) { // compared, never allocated
        throw malformed(start, "tag " + tagHex(tag) + " declares length " + length + " but only " + (to - p)
            + " bytes remain in its container");
      }
      out.add(new Element(tag, tagClass, number, constructed, start, p, (int) length, depth));
      p += (int) length;
    }
    return out;
  }

  static String tagHex(int tag) {
    return String.format("%02X", tag);
  }
}
