/**
 * Flink type information and versioned serializers for the records that cross operators or sit in
 * state, so that a savepoint restores across releases. Golden bytes of earlier releases are tested.
 */
package io.flinksoftmax.operator.types;
