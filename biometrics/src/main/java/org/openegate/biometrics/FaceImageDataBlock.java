package org.openegate.biometrics;

import java.util.List;

/**
 * An ISO/IEC 39794-5 face image data block ({@code FaceImageDataBlock ::= [APPLICATION 5] SEQUENCE},
 * as in the ICAO application profile's ASN.1 module ID-ICAO-ISO-IEC-39794-5-ed-1-v1, derived from 39794-5 edition 1).
 *
 * @param versionGeneration {@code versionBlock.generation [0]} (3 for the 2019 edition)
 * @param versionYear {@code versionBlock.year [1]} (2019)
 * @param representations the representation blocks, in record order (the ICAO profile allows exactly one)
 * @param extensions elements of the data block and version block beyond those above, kept whole
 */
public record FaceImageDataBlock(
    int versionGeneration,
    int versionYear,
    List<FaceRepresentation> representations,
    List<TaggedElement> extensions) {

  public FaceImageDataBlock {
    representations = List.copyOf(representations);
    extensions = List.copyOf(extensions);
  }
}
