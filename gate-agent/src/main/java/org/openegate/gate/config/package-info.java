/**
 * The gate's configuration: {@link org.openegate.gate.config.ConfigLoader} reads YAML through vertx-config,
 * validates the whole tree and the policy (every error with its dotted field path, nothing auto-fixed) and returns
 * the sealed {@link org.openegate.gate.config.GateConfig}. The example with every field is
 * {@code gate-example.yaml} in the resources.
 */
package org.openegate.gate.config;
