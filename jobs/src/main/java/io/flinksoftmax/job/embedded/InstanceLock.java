package io.flinksoftmax.job.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One embedded instance per deployment: an exclusive OS file lock, held for the life of the process
 * and released by the OS when it ends (also on kill -9, so no stale lock can outlive it). The
 * embedded runner never closes it: the lock lives as long as the process. The lock file records the
 * holder's pid and start time for the message a second instance gets.
 *
 * <pre>{@code
 * try (InstanceLock lock = InstanceLock.acquire(dir.resolve("instance.lock"))) { ... }
 * }</pre>
 */
final class InstanceLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws IllegalStateException when another instance holds the lock, naming its pid
     */
    static InstanceLock acquire(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel =
                    FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(
                        "another instance of this deployment is running ("
                                + holder(file)
                                + "; lock "
                                + file
                                + "): stop it first, or give this one its own --group-id or"
                                + " --transactional-id-prefix. Two instances would fence each"
                                + " other's transactions and score every record twice.");
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(
                            ("pid "
                                            + ProcessHandle.current().pid()
                                            + ", started "
                                            + Instant.now()
                                            + "\n")
                                    .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new InstanceLock(channel, lock);
        } catch (IOException e) {
            throw new IllegalStateException("cannot take the instance lock " + file + ": " + e, e);
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.isEmpty() ? "holder unknown" : text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
