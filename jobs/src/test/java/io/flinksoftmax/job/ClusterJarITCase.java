package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The jar that {@code flink run} submits, as the build leaves it: a cluster provides Flink, so the
 * jar must bring everything else and none of Flink's own classes (two copies of Flink's runtime on
 * one classpath fail in confusing ways).
 */
class ClusterJarITCase {

    private static final Path CLUSTER_JAR = Path.of("target/flink-softmax-cluster.jar");

    @Test
    void bringsTheJobAndItsConnectorsButNotFlink() throws IOException {
        assertThat(CLUSTER_JAR).isRegularFile();
        try (JarFile jar = new JarFile(CLUSTER_JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ScoringJobMain.class.getName());
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names)
                    .contains(
                            "io/flinksoftmax/job/ScoringJobMain.class",
                            "io/flinksoftmax/kernel/Softmax.class",
                            "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                            "org/apache/kafka/clients/producer/KafkaProducer.class",
                            "com/fasterxml/jackson/core/JsonFactory.class",
                            "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class");
            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/api/common/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"));
        }
    }
}
