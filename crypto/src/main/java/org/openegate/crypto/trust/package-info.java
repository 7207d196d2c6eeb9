/**
 * The CSCA trust a gate relies on (ICAO 9303-12): {@link org.openegate.crypto.trust.TrustStore} built from
 * certificates, directories, CRLs and {@link org.openegate.crypto.trust.MasterList}s whose signatures are checked
 * against given roots. Certificates go through BouncyCastle because many CSCAs use explicit EC parameters.
 */
package org.openegate.crypto.trust;
