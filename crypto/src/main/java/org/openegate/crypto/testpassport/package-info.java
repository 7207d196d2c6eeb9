/**
 * Synthetic, correctly signed ePassports for tests and the demo: {@link
 * org.openegate.crypto.testpassport.TestPassportFactory} makes a test CSCA (saved and reloaded as PEM), Document
 * Signers, link certificates and {@link org.openegate.crypto.testpassport.TestPassport}s, and can
 * {@link org.openegate.crypto.testpassport.Tamper tamper} them. Never for production trust.
 */
package org.openegate.crypto.testpassport;
