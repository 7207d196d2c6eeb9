package org.openegate.biometrics;

/** The standard a face record (the biometric data block of DG2, 9303-10 §4.7.2) follows. */
public enum FaceRecordFormat {
  /** ISO/IEC 19794-5:2005, the binary record starting "FAC\0" (CBEFF format type 0x0008). */
  ISO_19794_5,
  /**
   * ISO/IEC 39794-5:2019 tagged binary (ASN.1 DER) face image data, as profiled for eMRTDs by the ICAO
   * "ISO/IEC 39794-5 Application Profile for eMRTDs" (CBEFF format type 0x002A, data object 7F2E).
   */
  ISO_39794_5
}
