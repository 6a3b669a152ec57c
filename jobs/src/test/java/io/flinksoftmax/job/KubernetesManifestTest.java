package io.flinksoftmax.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flinksoftmax.job.options.Endpoint;
import io.flinksoftmax.job.options.JobOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No Kubernetes here: checks the FlinkDeployment's pairings that a cluster would only reveal late
 * (a savepoint upgrade without HA, S3 paths without the S3 plugin) and that its job arguments are
 * ones the job accepts.
 */
class KubernetesManifestTest {

    private static final Path K8S = Path.of("../config/k8s");

    @Test
    void savepointUpgradesComeWithKubernetesHaOnDurableStorage() throws IOException {
        JsonNode spec = manifest().get("spec");
        assertThat(spec.get("flinkVersion").asText()).isEqualTo("v2_2");
        assertThat(spec.at("/job/upgradeMode").asText()).isEqualTo("savepoint");
        JsonNode conf = spec.get("flinkConfiguration");
        assertThat(conf.get("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.get("high-availability.storageDir").asText()).startsWith("s3://");
    }

    @Test
    void s3PathsComeWithTheS3PluginAndCredentials() throws IOException {
        JsonNode spec = manifest().get("spec");
        assertThat(spec.get("flinkConfiguration").toString()).contains("s3://");
        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains("/opt/flink/opt/flink-s3-fs-presto-${FLINK_VERSION}.jar")
                .contains("/opt/flink/plugins/s3-fs-presto/")
                .contains("/opt/flink/usrlib/flink-softmax-cluster.jar")
                .contains("/opt/flink/usrlib/scoring.yaml");
        assertThat(spec.at("/podTemplate/spec/containers/0/envFrom/0/secretRef/name").asText())
                .isNotEmpty();
    }

    @Test
    void theJobsArgumentsAreOnesTheJobAccepts() throws IOException {
        JsonNode job = manifest().get("spec").get("job");
        assertThat(job.get("entryClass").asText()).isEqualTo(ScoringJobMain.class.getName());
        assertThat(job.get("jarURI").asText())
                .isEqualTo("local:///opt/flink/usrlib/flink-softmax-cluster.jar");
        List<String> args = new ArrayList<>();
        for (JsonNode arg : job.get("args")) {
            // The image's scoring.yaml is the repository's.
            args.add(
                    arg.asText().equals("/opt/flink/usrlib/scoring.yaml")
                            ? "../config/scoring.yaml"
                            : arg.asText());
        }
        JobOptions options = JobOptions.parse(args.toArray(String[]::new));
        assertThat(options.source()).isEqualTo(Endpoint.KAFKA);
        assertThat(options.kafka().transactionalIdPrefix()).isEqualTo("flink-softmax-k8s");
    }

    private static JsonNode manifest() throws IOException {
        return new ObjectMapper(new YAMLFactory())
                .readTree(K8S.resolve("flink-deployment.yaml").toFile());
    }
}
