/**
 * Unicode validity and bounded echoes of user text: the guarantees that let every string that
 * reaches an output be encoded as strict UTF-8 JSON of a bounded size. No Flink, no Jackson.
 */
package io.flinksoftmax.text;
