/** The harness of acceptance 4 and 5 ({@code egate bench}); results and how to run it in docs/gate-bench.md. */
package org.openegate.gate.bench;
