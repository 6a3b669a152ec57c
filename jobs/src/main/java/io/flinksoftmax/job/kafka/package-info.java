/**
 * Kafka topics as the job's source and sinks, exactly-once or at-least-once, with the start-up
 * checks that refuse settings which would lose or block output. Records pass as bytes: parsing and
 * encoding happen in the scoring operator.
 */
package io.flinksoftmax.job.kafka;
