/**
 * The scoring job: its graph ({@link io.flinksoftmax.job.ScoringJob}, built from sources and sinks
 * or from options) and how it runs (embedded or on a cluster, bounded or supervised). The command
 * line is {@link io.flinksoftmax.job.ScoringJobMain}; options, files and Kafka live in the
 * subpackages.
 */
package io.flinksoftmax.job;
