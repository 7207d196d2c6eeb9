/**
 * The Logical Data Structure of an eMRTD (ICAO 9303-10): decoders, and encoders where the test-passport factory
 * needs them, for EF.COM ({@link org.openegate.crypto.lds.Com}), DG1 ({@link org.openegate.crypto.lds.Dg1}, the
 * MRZ as text), DG2 ({@link org.openegate.crypto.lds.Dg2}, unwrapped to CBEFF biometric data blocks; the face
 * record itself belongs to the biometrics module), DG14 ({@link org.openegate.crypto.lds.Dg14}), DG15
 * ({@link org.openegate.crypto.lds.Dg15}), EF.SOD ({@link org.openegate.crypto.lds.Sod}), and the master file's
 * EF.CardAccess ({@link org.openegate.crypto.lds.CardAccess}) and EF.CardSecurity
 * ({@link org.openegate.crypto.lds.CardSecurity}); DG14, EF.CardAccess and EF.CardSecurity share one SecurityInfos
 * decoder ({@link org.openegate.crypto.lds.SecurityInfos}).
 *
 * <p>Every decoder takes untrusted bytes and refuses bad input only with {@link org.openegate.crypto.lds.LdsException}
 * and a reason; unknown data objects are kept. {@link org.openegate.crypto.lds.LdsFile} recognises files by their
 * first tag, {@link org.openegate.crypto.lds.LdsDirectory} reads a directory of them.
 * {@link org.openegate.crypto.lds.SignedContent} and {@link org.openegate.crypto.lds.Signatures} are the CMS layer
 * shared with the trust package.
 */
package org.openegate.crypto.lds;
