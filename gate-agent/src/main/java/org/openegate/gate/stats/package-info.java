/**
 * Disaggregated crossing statistics for policy (issue #8 part 4): counts per period (an hour, in UTC) x direction
 * x nationality x sex x age band x outcome x referral reason, and processing-time distributions, made from the
 * journal's non-identifying columns, with every cell under k suppressed before anything leaves the gate. {@link
 * org.openegate.gate.stats.HourlyStatistics} makes the MQTT payloads (schema {@code egate-stats.schema.json} in
 * mqtt-bridge) and the reports {@code egate stats} exports; the rules are in {@code gate-agent/docs/statistics.md}.
 */
package org.openegate.gate.stats;
