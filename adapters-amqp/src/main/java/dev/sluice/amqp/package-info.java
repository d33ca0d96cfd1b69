/**
 * RabbitMQ adapter. Broker {@code rabbitmq}: Sluice's log on RabbitMQ over AMQP 0-9-1 (a fanout
 * exchange per topic, a stream queue for replay and {@code Last-Event-ID}, a durable queue per consumer
 * group, publisher confirms, manual acks). Route sources and sinks {@code amqp} (0-9-1 queues and
 * exchanges) and {@code amqp1} (AMQP 1.0 addresses, through Apache Qpid protonj2). Events travel in
 * CloudEvents binary mode: context attributes as {@code cloudEvents:*} application properties.
 */
package dev.sluice.amqp;
