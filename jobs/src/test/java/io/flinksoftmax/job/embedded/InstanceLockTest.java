package io.flinksoftmax.job.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {

    @TempDir Path dir;

    @Test
    void refusesASecondHolderNamingTheFirstAndFreesOnClose() throws Exception {
        Path file = dir.resolve("deployment/instance.lock");
        InstanceLock first = InstanceLock.acquire(file);
        assertThat(Files.readString(file)).startsWith("pid " + ProcessHandle.current().pid());
        assertThatThrownBy(() -> InstanceLock.acquire(file))
                .hasMessageContaining(
                        "another instance of this deployment is running (pid "
                                + ProcessHandle.current().pid())
                .hasMessageContaining("--transactional-id-prefix");
        first.close();
        InstanceLock.acquire(file).close();
    }
}
