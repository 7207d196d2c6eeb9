package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.openegate.biometrics.BerReader.Element;
import org.openegate.biometrics.FaceRepresentation.Angle;
import org.openegate.biometrics.FaceRepresentation.CaptureDateTime;
import org.openegate.biometrics.FaceRepresentation.CoordinateSystem;
import org.openegate.biometrics.FaceRepresentation.Landmark;
import org.openegate.biometrics.FaceRepresentation.LandmarkKind;
import org.openegate.biometrics.FaceRepresentation.Point;
import org.openegate.biometrics.FaceRepresentation.PoseAngles;
import org.openegate.biometrics.FaceRepresentation.Quality;

/**
 * Parses the tagged binary encoding of an ISO/IEC 39794-5 face image data block.
 *
 * <p>Structure (module ID-ICAO-ISO-IEC-39794-5-ed-1-v1, DEFINITIONS IMPLICIT TAGS, which the ICAO
 * TR "ISO/IEC 39794-5 Application Profile for eMRTDs" publishes; the common blocks are from
 * ID-ICAO-ISO-IEC-39794-1-ed-1-v1). Every field is context-tagged [n] in field order; with implicit
 * tagging a SEQUENCE field is a constructed [n] (A0+n), a number a primitive [n] (80+n), and a CHOICE
 * field is an explicit [n] wrapping the chosen alternative's own [m] (X.680 §31.2.7):
 *
 * <pre>
 * A1                              AP Table 2: the data object under DO 7F2E (may be absent here)
 *  65 FaceImageDataBlock          [APPLICATION 5] SEQUENCE
 *   A0 versionBlock               { [0] generation, [1] year }
 *   A1 representationBlocks       SEQUENCE OF
 *    30 RepresentationBlock
 *     80 representationId
 *     A1 imageRepresentation      CHOICE { base [0] CHOICE { imageRepresentation2DBlock [0] }, extensionBlock [1] }
 *      A0 A0 ImageRepresentation2DBlock
 *       80 representationData2D   OCTET STRING: the image
 *       A1 imageInformation2DBlock
 *        A0 imageDataFormat       CHOICE { code [0] ENUMERATED jpeg(2) jpeg2000Lossy(3) jpeg2000Lossless(4), extensionBlock [1] }
 *        A1 faceImageKind2D       CHOICE { extensionBlock [1] { fallback [0] mrtd(0) } }
 *        A7 imageSizeBlock        { [0] width, [1] height }
 *        (A2..A6, A8..AA: post-acquisition, lossy attempts, camera distance, ... kept whole)
 *     A2 captureDateTimeBlock     { [0] year, [1] month ... [6] millisecond }
 *     A3 qualityBlocks            SEQUENCE OF { [0] algorithmIdBlock {[0] org, [1] id}, [1] CHOICE { score [0], error [1] } }
 *     A8 identityMetadataBlock    { ..., [6] poseAngleBlock { [0] yaw, [1] pitch, [2] roll: { [0] value, [1] uncertainty } } }
 *     A9 landmarkBlocks           SEQUENCE OF { [0] landmarkKind CHOICE, [1] landmarkCoordinates CHOICE }
 *     (A4 PAD, 85 session, 86 derivedFrom, A7 capture device: kept whole)
 * </pre>
 *
 * These tags were checked byte by byte against gmrtd's ICAO_39794_5_AP_AllFields.dat and
 * _MandFields.dat samples. Every SEQUENCE ends in an extension marker, so unknown tags are kept as
 * {@link TaggedElement}s, never dropped and never an error; a known tag twice, or a mandatory one
 * missing, is an error.
 *
 * <p>Attribution, as the schema's licence asks: this software makes use of the Schema from ISO/IEC
 * 39794-5 (and 39794-1) within modifications permitted in the relevant ISO/IEC standard. Only its
 * tag numbers and field names are used here; no schema text is copied in.
 */
final class Iso39794Parser {

  static final String WHAT = "ISO/IEC 39794-5 record";

  /** The ICAO AP allows one representation (SIZE (1)); 39794-5 itself more. Bounds the work. */
  static final int MAX_REPRESENTATIONS = 16;

  private static final int TAG_AP_WRAPPER = 0xA1; // ICAO 39794-5 AP Table 2, under DO 7F2E
  private static final int TAG_FACE_IMAGE_DATA_BLOCK = 0x65; // [APPLICATION 5] constructed

  private final BerReader ber;

  private Iso39794Parser(byte[] record) {
    this.ber = new BerReader(record, WHAT);
  }

  static boolean looksLike39794(byte[] record) {
    return record.length > 0
        && ((record[0] & 0xFF) == TAG_AP_WRAPPER || (record[0] & 0xFF) == TAG_FACE_IMAGE_DATA_BLOCK);
  }

  static FaceImageDataBlock parse(byte[] record) {
    return new Iso39794Parser(record).dataBlock(record.length);
  }

  private FaceImageDataBlock dataBlock(int recordLength) {
    if (recordLength == 0) {
      throw ber.malformed(0, "record is empty (0 bytes)");
    }
    Element block = only(ber.top(), 0, "the record");
    if (block.tag() == TAG_AP_WRAPPER) {
      block = only(block, "the AP wrapper A1");
    }
    if (block.tag() != TAG_FACE_IMAGE_DATA_BLOCK) {
      throw ber.malformed(block.offset(), "found tag " + BerReader.tagHex(block.tag())
          + " where the FaceImageDataBlock [APPLICATION 5] (65) belongs");
    }
    List<TaggedElement> extensions = new ArrayList<>();
    Map<Integer, Element> fields = fields(block, "FaceImageDataBlock", Set.of(0, 1), extensions);
    Element version = require(fields, 0, block, "FaceImageDataBlock.versionBlock [0]");
    Map<Integer, Element> versionFields = fields(version, "FaceImageDataBlock.versionBlock", Set.of(0, 1), extensions);
    int generation = ber.intValue(require(versionFields, 0, version, "versionBlock.generation [0]"));
    int year = ber.intValue(require(versionFields, 1, version, "versionBlock.year [1]"));
    Element blocks = require(fields, 1, block, "FaceImageDataBlock.representationBlocks [1]");
    List<Element> items = ber.children(blocks);
    if (items.isEmpty()) {
      throw ber.malformed(blocks.offset(), "representationBlocks holds no representation");
    }
    if (items.size() > MAX_REPRESENTATIONS) {
      throw ber.malformed(blocks.offset(), "representationBlocks holds " + items.size()
          + " representations, more than " + MAX_REPRESENTATIONS);
    }
    List<FaceRepresentation> representations = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      representations.add(representation(items.get(i), "representationBlocks[" + i + "]"));
    }
    return new FaceImageDataBlock(generation, year, representations, extensions);
  }

  private FaceRepresentation representation(Element rep, String path) {
    requireTag(rep, 0x30, path + " (RepresentationBlock SEQUENCE)");
    List<TaggedElement> other = new ArrayList<>();
    Map<Integer, Element> f = fields(rep, path, Set.of(0, 1, 2, 3, 8, 9), other);
    long id = ber.longValue(require(f, 0, rep, path + ".representationId [0]"));

    Element imageRep = require(f, 1, rep, path + ".imageRepresentation [1]");
    Element base = only(imageRep, path + ".imageRepresentation");
    if (!base.isContext(0)) {
      throw ber.malformed(base.offset(), path + ".imageRepresentation is an extension block "
          + BerReader.tagHex(base.tag()) + ", not a 2D image; not supported");
    }
    Element block2d = only(base, path + ".imageRepresentation.base");
    if (!block2d.isContext(0)) {
      throw ber.malformed(block2d.offset(), path + ".imageRepresentation.base holds "
          + BerReader.tagHex(block2d.tag()) + ", not imageRepresentation2DBlock [0]");
    }
    String p2d = path + ".imageRepresentation2DBlock";
    Map<Integer, Element> f2d = fields(block2d, p2d, Set.of(0, 1), other);
    Element data = require(f2d, 0, block2d, p2d + ".representationData2D [0]");
    if (data.constructed()) {
      throw ber.malformed(data.offset(), p2d + ".representationData2D is a constructed OCTET STRING, which DER excludes");
    }
    byte[] image = ber.value(data);
    ImageFormat format = ImageSignature.require(image, WHAT + " " + p2d + ".representationData2D at offset "
        + data.valueOffset());

    Element info = require(f2d, 1, block2d, p2d + ".imageInformation2DBlock [1]");
    String pInfo = p2d + ".imageInformation2DBlock";
    Map<Integer, Element> fi = fields(info, pInfo, Set.of(0, 1, 7), other);
    Element formatChoice = only(require(fi, 0, info, pInfo + ".imageDataFormat [0]"),
        pInfo + ".imageDataFormat");
    OptionalInt dataFormat = OptionalInt.empty();
    if (formatChoice.isContext(0)) {
      dataFormat = OptionalInt.of(ber.intValue(formatChoice));
    } else {
      other.add(kept(pInfo + ".imageDataFormat", formatChoice));
    }
    OptionalInt kind = OptionalInt.empty();
    if (fi.containsKey(1)) {
      kind = fallback(fi.get(1), pInfo + ".faceImageKind2D", other);
    }
    OptionalInt width = OptionalInt.empty();
    OptionalInt height = OptionalInt.empty();
    if (fi.containsKey(7)) {
      Element size = fi.get(7);
      Map<Integer, Element> fs = fields(size, pInfo + ".imageSizeBlock", Set.of(0, 1), other);
      width = OptionalInt.of(ber.intValue(require(fs, 0, size, pInfo + ".imageSizeBlock.width [0]")));
      height = OptionalInt.of(ber.intValue(require(fs, 1, size, pInfo + ".imageSizeBlock.height [1]")));
    }

    Optional<CaptureDateTime> captured = f.containsKey(2)
        ? Optional.of(dateTime(f.get(2), path + ".captureDateTimeBlock", other))
        : Optional.empty();
    List<Quality> quality = f.containsKey(3) ? quality(f.get(3), path + ".qualityBlocks", other) : List.of();
    Optional<PoseAngles> pose = Optional.empty();
    if (f.containsKey(8)) {
      Element meta = f.get(8);
      String pm = path + ".identityMetadataBlock";
      // gender, eye and hair colour, height, properties, expression: kept whole in otherElements
      Map<Integer, Element> fm = fields(meta, pm, Set.of(6), other);
      if (fm.containsKey(6)) {
        pose = Optional.of(pose(fm.get(6), pm + ".poseAngleBlock", other));
      }
    }
    List<Landmark> landmarks = f.containsKey(9) ? landmarks(f.get(9), path + ".landmarkBlocks", other) : List.of();
    // Known blocks the gate does not interpret (PAD data [4], session id [5], derived from [6],
    // capture device [7]; capture device 2D [2] and the image information fields other than the
    // format, kind and size) were kept in `other` by fields(), unknown extension fields likewise.
    return new FaceRepresentation(id, format, dataFormat, kind, width, height, captured, quality, pose,
        landmarks, other, image);
  }

  private CaptureDateTime dateTime(Element block, String path, List<TaggedElement> other) {
    Map<Integer, Element> f = fields(block, path, Set.of(0, 1, 2, 3, 4, 5, 6), other);
    return new CaptureDateTime(ber.intValue(require(f, 0, block, path + ".year [0]")),
        optInt(f, 1), optInt(f, 2), optInt(f, 3), optInt(f, 4), optInt(f, 5), optInt(f, 6));
  }

  private List<Quality> quality(Element blocks, String path, List<TaggedElement> other) {
    List<Quality> out = new ArrayList<>();
    List<Element> items = ber.children(blocks);
    for (int i = 0; i < items.size(); i++) {
      Element q = items.get(i);
      String pq = path + "[" + i + "]";
      requireTag(q, 0x30, pq + " (QualityBlock SEQUENCE)");
      Map<Integer, Element> f = fields(q, pq, Set.of(0, 1), other);
      Element algorithm = require(f, 0, q, pq + ".algorithmIdBlock [0]");
      Map<Integer, Element> fa = fields(algorithm, pq + ".algorithmIdBlock", Set.of(0, 1), other);
      int organisation = ber.intValue(require(fa, 0, algorithm, pq + ".algorithmIdBlock.organization [0]"));
      int id = ber.intValue(require(fa, 1, algorithm, pq + ".algorithmIdBlock.id [1]"));
      Element choice = only(require(f, 1, q, pq + ".scoreOrError [1]"), pq + ".scoreOrError");
      OptionalInt score = OptionalInt.empty();
      OptionalInt error = OptionalInt.empty();
      if (choice.isContext(0)) {
        score = OptionalInt.of(ber.intValue(choice));
      } else if (choice.isContext(1)) {
        error = fallback(choice, pq + ".scoreOrError.error", other);
      } else {
        other.add(kept(pq + ".scoreOrError", choice));
      }
      out.add(new Quality(organisation, id, score, error));
    }
    return out;
  }

  private PoseAngles pose(Element block, String path, List<TaggedElement> other) {
    Map<Integer, Element> f = fields(block, path, Set.of(0, 1, 2), other);
    return new PoseAngles(angle(f.get(0), path + ".yawAngleBlock", other),
        angle(f.get(1), path + ".pitchAngleBlock", other), angle(f.get(2), path + ".rollAngleBlock", other));
  }

  private Optional<Angle> angle(Element block, String path, List<TaggedElement> other) {
    if (block == null) {
      return Optional.empty();
    }
    Map<Integer, Element> f = fields(block, path, Set.of(0, 1), other);
    return Optional.of(new Angle(ber.intValue(require(f, 0, block, path + ".angleValue [0]")), optInt(f, 1)));
  }

  private List<Landmark> landmarks(Element blocks, String path, List<TaggedElement> other) {
    List<Landmark> out = new ArrayList<>();
    List<Element> items = ber.children(blocks);
    for (int i = 0; i < items.size(); i++) {
      Element l = items.get(i);
      String pl = path + "[" + i + "]";
      requireTag(l, 0x30, pl + " (LandmarkBlock SEQUENCE)");
      Map<Integer, Element> f = fields(l, pl, Set.of(0, 1), other);
      Element kindChoice = only(require(f, 0, l, pl + ".landmarkKind [0]"), pl + ".landmarkKind");
      LandmarkKind kind = LandmarkKind.EXTENSION;
      OptionalInt code = OptionalInt.empty();
      if (kindChoice.isContext(0)) { // base: mpeg4FeaturePoint [0] | anthropometricLandmark [1]
        Element family = only(kindChoice, pl + ".landmarkKind.base");
        if (family.isContext(0)) {
          kind = LandmarkKind.MPEG4_FEATURE_POINT;
          code = fallback(family, pl + ".landmarkKind.mpeg4FeaturePoint", other);
        } else if (family.isContext(1)) {
          Element anthro = only(family, pl + ".landmarkKind.anthropometricLandmark");
          if (anthro.isContext(0)) { // name [0] | pointName [1] | pointId [2]
            Element named = only(anthro, pl + ".landmarkKind.anthropometricLandmark.base");
            kind = switch (named.tagNumber()) {
              case 0 -> LandmarkKind.ANTHROPOMETRIC_NAME;
              case 1 -> LandmarkKind.ANTHROPOMETRIC_POINT_NAME;
              case 2 -> LandmarkKind.ANTHROPOMETRIC_POINT_ID;
              default -> LandmarkKind.EXTENSION;
            };
            if (kind == LandmarkKind.EXTENSION || named.tagClass() != BerReader.CLASS_CONTEXT) {
              kind = LandmarkKind.EXTENSION;
              other.add(kept(pl + ".landmarkKind.anthropometricLandmark.base", named));
            } else {
              code = fallback(named, pl + ".landmarkKind.anthropometricLandmark." + kind, other);
            }
          } else {
            other.add(kept(pl + ".landmarkKind.anthropometricLandmark", anthro));
          }
        } else {
          other.add(kept(pl + ".landmarkKind.base", family));
        }
      } else {
        other.add(kept(pl + ".landmarkKind", kindChoice));
      }
      Optional<Point> point = Optional.empty();
      if (f.containsKey(1)) {
        Element coordChoice = only(f.get(1), pl + ".landmarkCoordinates");
        if (coordChoice.isContext(0)) {
          Element system = only(coordChoice, pl + ".landmarkCoordinates.base");
          point = point(system, pl + ".landmarkCoordinates.base", other);
        } else {
          other.add(kept(pl + ".landmarkCoordinates", coordChoice));
        }
      }
      out.add(new Landmark(kind, code, point));
    }
    return out;
  }

  private Optional<Point> point(Element system, String path, List<TaggedElement> other) {
    if (system.tagClass() != BerReader.CLASS_CONTEXT || system.tagNumber() > 2) {
      other.add(kept(path, system));
      return Optional.empty();
    }
    CoordinateSystem cs = CoordinateSystem.values()[system.tagNumber()];
    boolean threeD = cs == CoordinateSystem.CARTESIAN_3D;
    Map<Integer, Element> f = fields(system, path + "." + cs, threeD ? Set.of(0, 1, 2) : Set.of(0, 1), other);
    int x = ber.intValue(require(f, 0, system, path + "." + cs + " x [0]"));
    int y = ber.intValue(require(f, 1, system, path + "." + cs + " y [1]"));
    OptionalInt z = threeD
        ? OptionalInt.of(ber.intValue(require(f, 2, system, path + "." + cs + " z [2]")))
        : OptionalInt.empty();
    return Optional.of(new Point(cs, x, y, z));
  }

  /**
   * The code of a {@code CHOICE { extensionBlock [1] SEQUENCE { fallback [0] Code, ... } }}, the
   * 39794 pattern for extensible code lists. An extension this parser does not know is kept.
   */
  private OptionalInt fallback(Element choice, String path, List<TaggedElement> other) {
    Element ext = only(choice, path);
    if (!ext.isContext(1)) {
      other.add(kept(path, ext));
      return OptionalInt.empty();
    }
    Map<Integer, Element> f = fields(ext, path + ".extensionBlock", Set.of(0), other);
    return OptionalInt.of(ber.intValue(require(f, 0, ext, path + ".extensionBlock.fallback [0]")));
  }

  /**
   * The context-tagged fields of a SEQUENCE by tag number. Fields numbered in {@code known} are
   * returned; any other element is kept in {@code other} with its path. A field twice is an error.
   */
  private Map<Integer, Element> fields(Element sequence, String path, Set<Integer> known, List<TaggedElement> other) {
    Map<Integer, Element> out = new HashMap<>();
    for (Element e : ber.children(sequence)) {
      if (e.tagClass() == BerReader.CLASS_CONTEXT && known.contains(e.tagNumber())) {
        if (out.putIfAbsent(e.tagNumber(), e) != null) {
          throw ber.malformed(e.offset(), path + " holds field [" + e.tagNumber() + "] twice");
        }
      } else {
        other.add(kept(path, e));
      }
    }
    return out;
  }

  private TaggedElement kept(String path, Element e) {
    return new TaggedElement(path, e.tag(), ber.encoded(e));
  }

  private Element require(Map<Integer, Element> fields, int number, Element parent, String name) {
    Element e = fields.get(number);
    if (e == null) {
      throw ber.malformed(parent.offset(), "mandatory " + name + " is missing");
    }
    return e;
  }

  private OptionalInt optInt(Map<Integer, Element> fields, int number) {
    Element e = fields.get(number);
    return e == null ? OptionalInt.empty() : OptionalInt.of(ber.intValue(e));
  }

  /** The single element inside {@code parent} (a CHOICE's explicit tag, or the AP wrapper). */
  private Element only(Element parent, String where) {
    return only(ber.children(parent), parent.offset(), where);
  }

  private Element only(List<Element> elements, int parentOffset, String where) {
    if (elements.size() != 1) {
      int offset = elements.size() > 1 ? elements.get(1).offset() : parentOffset;
      throw ber.malformed(offset, where + " holds " + elements.size() + " elements where exactly one belongs");
    }
    return elements.get(0);
  }

  private void requireTag(Element e, int tag, String name) {
    if (e.tag() != tag) {
      throw ber.malformed(e.offset(), "found tag " + BerReader.tagHex(e.tag()) + " for " + name
          + ", expected " + BerReader.tagHex(tag));
    }
  }
}
