/**
 * Records that cannot be scored: the dead letter, bounded by construction, and its stable reason
 * codes. Bad input is a value here, never an exception.
 */
package io.flinksoftmax.deadletter;
