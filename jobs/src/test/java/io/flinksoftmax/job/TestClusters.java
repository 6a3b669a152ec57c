package io.flinksoftmax.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniClusters the ITCases run on: one TaskManager, as the embedded launcher has. */
public final class TestClusters {

    private TestClusters() {}

    /** One TaskManager with {@code slots} slots, shared by the tests of a class. */
    public static MiniClusterExtension oneTaskManager(int slots) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .build());
    }
}
