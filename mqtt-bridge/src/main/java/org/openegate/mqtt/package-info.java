/**
 * MQTT 5 reporting for a gate: the topic schema, a durable outbox and a publisher that drains it.
 *
 * <h2>Topics</h2>
 * {@code egate/v1/<site>/<gate>/<stream>} for the outbound {@link org.openegate.mqtt.Stream}s
 * (crossings, referrals, decisions, stats, health, telemetry, presence) and
 * {@code egate/v1/<site>/<gate>/cmd/<name>} for inbound {@link org.openegate.mqtt.CommandType commands},
 * answered on {@code egate/v1/<site>/<gate>/reply/<id>}; see {@link org.openegate.mqtt.Topics}.
 *
 * <h2>Commands</h2>
 * A command runs only if it is signed (ES256) by a key in {@link org.openegate.mqtt.OperatorKeys}, for this
 * gate, within its validity, with a nonce never seen before (kept in the outbox file, so across restarts),
 * and no larger than 1 MiB. Every command, run or refused, gets a reply with a
 * {@link org.openegate.mqtt.CommandStatus} on its MQTT 5 response topic with its correlation data.
 * {@link org.openegate.mqtt.CommandSigner} makes commands (operator tooling, tests).
 *
 * <h2>Disk bound</h2>
 * {@link org.openegate.mqtt.Outbox.Config#maxBytes()} bounds the outbox. Past 95% telemetry is shed and an
 * {@code OUTBOX_CAPACITY} alarm goes on the health stream; the gate asks
 * {@link org.openegate.mqtt.Outbox#admitsNewTravellers()} before admitting anyone, so a record is never dropped
 * (one that would not fit is refused with {@link org.openegate.mqtt.OutboxException.Reason#FULL}).
 *
 * <h2>Contract and privacy</h2>
 * The AsyncAPI 3.0 document is {@code /asyncapi.json} in this jar (schemas under {@code /schema/});
 * {@link org.openegate.mqtt.AsyncApiContract} checks traffic against it. Traveller-identifying fields are sealed
 * for the central system with {@link org.openegate.mqtt.E2eSealer} (docs/mqtt-e2e.md).
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Outbox outbox = Outbox.open(Path.of("var/outbox.db"));          // SQLite, WAL, fsync per commit
 * MqttPublisher publisher = MqttPublisher.start(
 *         MqttOptions.builder("tcp://broker:1883", Topics.of("site-1", "gate-7")).build(), outbox,
 *         clock, secureRandom, operatorKeys, command -> CommandReply.ok());   // or start(options, outbox)
 * ObjectNode record = ...;                                           // no eventId needed, it is added
 * outbox.enqueue(OutboxEvent.create(Stream.CROSSINGS, record, clock, random)); // durable on return
 * ...
 * long stillQueued = publisher.awaitDrained(Duration.ofSeconds(120));
 * publisher.close();                                                 // retained {"state":"offline"}
 * outbox.close();                                                    // close the publisher first
 * }</pre>
 * Delivery is at least once: every message carries its {@code eventId} in the MQTT 5 user property
 * {@code eventId} and in the JSON payload, and consumers de-duplicate on it. {@link
 * org.openegate.mqtt.EmbeddedBroker} and {@link org.openegate.mqtt.RecordCounter} serve the no-setup demo.
 *
 * <p>Logging goes through tinylog (HiveMQ through SLF4J to tinylog). Paho logs through
 * {@code java.util.logging}; route it with {@code jul-tinylog} if wanted. Payloads are never logged.
 */
package org.openegate.mqtt;
