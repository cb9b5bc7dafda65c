package org.neurosurrogate.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurosurrogate.NeuroSurrogateException;
import org.neurosurrogate.data.AtomicFile;

/**
 * A training run's checkpoints on disk: {@code latest} (every {@code --checkpoint-every} steps and when a run
 * pauses) and {@code best} (at each better validation loss), each a parameters file, for {@code latest} the
 * optimizer's moments, and a JSON naming them with the step, the sampler position and the best loss so far.
 */
final class Checkpoints {
    static final String LATEST = "latest";
    static final String BEST = "best";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {
    }

    static void save(Block block, Path dir, String name, TrainConfig cfg, int step, long drawn, double bestLoss,
            int bestStep, int sinceBest) throws IOException {
        save(block, dir, name, cfg, step, drawn, bestLoss, bestStep, sinceBest, null);
    }

    /**
     * Writes {@code name-STEP.params} (and {@code name-STEP.adam}, the optimizer's moments, when given), then
     * {@code name.json} naming them, then deletes the previous step's files: the JSON always names a complete
     * set, however a run is stopped.
     */
    static void save(Block block, Path dir, String name, TrainConfig cfg, int step, long drawn, double bestLoss,
            int bestStep, int sinceBest, CheckpointedAdam adam) throws IOException {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            if (a.isInfinite().any().getBoolean() || a.isNaN().any().getBoolean()) {
                throw SurrogateTrainer.diverged("the parameters became NaN or infinite at step " + step, cfg, dir);
            }
        }
        String params = name + "-" + step + ".params";
        String moments = name + "-" + step + ".adam";
        AtomicFile.write(dir.resolve(params), out -> block.saveParameters(new DataOutputStream(out)));
        if (adam != null) {
            adam.save(block, dir.resolve(moments));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("format", "neurosurrogate.checkpoint");
        s.put("format_version", 2); // 2: the MMoE gate expert-major (SurrogateNet.GATE_LAYOUT)
        s.put("arch", cfg.arch().name());
        s.put("step", step);
        s.put("drawn", drawn);
        s.put("best_loss", Double.isFinite(bestLoss) ? bestLoss : Double.MAX_VALUE);
        s.put("best_step", bestStep);
        s.put("evals_since_best", sinceBest);
        s.put("seed", cfg.seed());
        s.put("params", params);
        if (adam != null) {
            s.put("adam", moments);
        }
        AtomicFile.write(dir.resolve(name + ".json"), out -> JSON.writerWithDefaultPrettyPrinter().writeValue(out, s));
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                boolean ours = n.equals(name + ".params") || n.matches(java.util.regex.Pattern.quote(name)
                        + "-\\d+\\.(params|adam)");
                if (ours && !n.equals(params) && !n.equals(moments)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The step of the "latest" checkpoint in {@code dir}, 0 if there is none. */
    static int checkpointStep(Path dir) {
        Map<String, Object> state = readState(dir, LATEST);
        return state == null ? 0 : ((Number) state.get("step")).intValue();
    }

    /** The parameters file a checkpoint's JSON names ({@code name.params} in checkpoints before step names). */
    static Path paramsFile(Path dir, Map<String, Object> state, String name) {
        Object file = state.get("params");
        return dir.resolve(file == null ? name + ".params" : (String) file);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readState(Path dir, String name) {
        Path json = dir.resolve(name + ".json");
        if (!Files.isRegularFile(json)) {
            return null;
        }
        try {
            Map<String, Object> m = JSON.readValue(json.toFile(), Map.class);
            if (!Files.isRegularFile(paramsFile(dir, m, name))) {
                return null;
            }
            if (!"neurosurrogate.checkpoint".equals(m.get("format"))
                    || !(Integer.valueOf(2).equals(m.get("format_version"))
                    || Integer.valueOf(1).equals(m.get("format_version")) && "MH".equals(m.get("arch")))) {
                throw new NeuroSurrogateException(json + ": not a checkpoint this version resumes (format "
                        + m.get("format_version") + " of " + m.get("arch") + "; version 1 held the MMoE gate "
                        + "task-major): delete " + dir + " to train afresh, or use another --out");
            }
            return m;
        } catch (IOException e) {
            throw new NeuroSurrogateException(json + ": unreadable checkpoint (" + e.getMessage() + ")", e);
        }
    }

    static void loadParams(Block block, NDManager manager, Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new NeuroSurrogateException(file + ": parameters do not fit this architecture ("
                    + e.getMessage() + ")", e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true); // loading gives fresh arrays without autograd
            }
        }
    }
}
