package org.neurosurrogate.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.neurosurrogate.data.NormalisationStats;

/**
 * The linear baseline trained once per dataset: {@code train} keeps it in {@code DATA/baselines/linear-KEY/}, and
 * the next run on the same data with the same baseline settings (MH, MMoE and MMoEEx runs differ only in the
 * surrogate) takes it instead of training it again. KEY is a digest of everything the baseline's training reads:
 * the dataset's manifest, the normalisation, the receptive field and sizes, and the baseline's own loop settings
 * (steps, learning rate, batch, window, losses, evaluation, seed, threads, device). The architecture is not in it.
 */
public final class BaselineCache {
    public static final String FOLDER = "baselines";

    private BaselineCache() {
    }

    /** The cache folder for these settings inside {@code dataDir}. */
    public static Path folder(Path dataDir, String manifestHash, NormalisationStats stats, int receptiveField,
            int channels, int tasks, TrainConfig baseline) {
        String key = String.join("|", manifestHash, json(stats), "r=" + receptiveField,
                "c=" + channels, "t=" + tasks, settings(baseline));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dataDir.resolve(FOLDER).resolve("linear-" + HexFormat.of().formatHex(d).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(NormalisationStats stats) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(stats.toMap());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The baseline's loop and loss settings, architecture and network hyper-parameters left out. */
    static String settings(TrainConfig c) {
        return String.format(Locale.ROOT, "steps=%d lr=%s wd=%s batch=%d window=%d spikeW=%s spikePos=%s eval=%d "
                        + "patience=%d vwin=%d burnin=%d seed=%d threads=%d device=%s clip=%s", c.maxSteps(), c.lr(),
                c.weightDecay(), c.batch(), c.windowMs(), c.spikeLossWeight(), c.spikePosWeight(), c.evalEvery(),
                c.patience(), c.validationWindows(), c.burnInMs(), c.seed(), c.threads(), c.device(), c.somaClipMv())
                // the soma's loss weight shapes the baseline too; left out at 1 so that older caches keep their keys
                + (c.somaWeight() == 1 ? "" : " somaW=" + c.somaWeight());
    }

    /** Whether a cache can be written beside the dataset (a read-only dataset simply trains each time). */
    public static boolean writable(Path dataDir) {
        Path f = dataDir.resolve(FOLDER);
        return Files.isDirectory(f) ? Files.isWritable(f) : Files.isWritable(dataDir);
    }

    /** Removes a cached baseline that could not be loaded (it is then trained again). */
    public static void discard(Path folder) throws IOException {
        org.neurosurrogate.FileTrees.deleteTree(folder);
    }
}
