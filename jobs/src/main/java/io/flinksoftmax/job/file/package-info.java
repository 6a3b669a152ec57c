/**
 * JSON-lines files as the job's source and sinks: the bounded input reader, the part-file writers
 * and the output folder they write to. Records pass as bytes: parsing and encoding happen in the
 * scoring operator.
 */
package io.flinksoftmax.job.file;
