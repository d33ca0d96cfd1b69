/**
 * RabbitMQ adapter (AMQP 0-9-1 and AMQP 1.0): broker, route source and sink. Not built yet; scenario
 * S2 (issue 3) fills it. The module exists so that the architecture rules already cover it.
 */
package dev.sluice.amqp;
