/**
 * Passive Authentication (ICAO 9303-11 §5.1, results as BSI TR-03135 defines them):
 * {@link org.openegate.crypto.pa.PassiveAuthenticator} turns a SOD, the data groups read with it, a
 * {@link org.openegate.crypto.trust.TrustStore}, optional CRLs and a validation date into a
 * {@link org.openegate.crypto.pa.PassiveAuthResult} with one {@link org.openegate.crypto.pa.PaCheck} per part.
 */
package org.openegate.crypto.pa;
