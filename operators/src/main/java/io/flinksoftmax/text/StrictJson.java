package io.flinksoftmax.text;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.apache.flink.annotation.Internal;

/**
 * The strict JSON tree reader of the low-volume inputs (policy documents, feedback records): a key
 * given twice and anything after the value are errors, as they are for events. Immutable and thread
 * safe: one for the whole JVM.
 */
@Internal
public final class StrictJson {

    public static final ObjectReader READER =
            new ObjectMapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {}
}
