/**
 * The job's options: typed Flink {@code ConfigOption}s with defaults and descriptions ({@link
 * io.flinksoftmax.job.options.ScoringJobOptions}), read once from the command line and the config
 * file into the immutable {@link io.flinksoftmax.job.options.JobOptions}. Every wrong value fails
 * at start with a message that says what to fix; {@code --help} and the README table are rendered
 * from the same descriptions.
 */
package io.flinksoftmax.job.options;
