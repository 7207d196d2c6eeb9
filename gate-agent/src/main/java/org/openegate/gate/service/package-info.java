/**
 * The gate on Vert.x ({@code egate run}): {@link org.openegate.gate.service.GateService} assembles it, and the
 * event-bus contract is {@link org.openegate.gate.service.GateAddresses} (see docs/gate-eventbus.md).
 */
package org.openegate.gate.service;
