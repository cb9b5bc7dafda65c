package org.neurosurrogate.hybrid;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurosurrogate.data.AtomicFile;
import org.neurosurrogate.neuron.ModelFingerprint;
import org.neurosurrogate.neuron.jep.CellSimulator;
import org.neurosurrogate.neuron.jep.PythonEnvironment;

/**
 * The all-detailed reference of {@code hybrid --validate}, kept beside the output folder as soon as it finishes, so a
 * run killed during the hybrid half resumes without redoing it (the reference is most of a validation's NEURON
 * time). The file is keyed by the spec file's bytes, the duration and every model's fingerprint: another network or
 * an edited model never reuses it. It is removed once the output folder is written, which keeps a copy as {@code
 * all-detailed/reference.bin} for {@code hybrid --reference} ({@link #inOutput}).
 */
public final class ReferenceRun {
    private static final String MAGIC = "neurosurrogate.reference-run.1";

    private ReferenceRun() {
    }

    /** {@code .NAME.all-detailed} beside the output folder {@code NAME}. */
    public static Path fileFor(Path outDir) {
        return HybridOutput.beside(outDir, ".all-detailed");
    }

    /**
     * {@code all-detailed/reference.bin} in a {@code --validate} output folder: its all-detailed run, kept so that
     * {@code hybrid --reference} can validate another surrogate on the same network without redoing it.
     */
    public static Path inOutput(Path outDir) {
        return outDir.resolve("all-detailed").resolve("reference.bin");
    }

    /** What a reusable reference must match. */
    public static String key(NetworkSpec spec, PythonEnvironment env) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(spec.file()));
            sha.update(("\nduration_ms=" + spec.durationMs()).getBytes(StandardCharsets.UTF_8));
            for (NetworkSpec.Population p : spec.populations()) {
                String model = ModelFingerprint.of(p.spec(), List.of(CellSimulator.synapseModDir(env)));
                sha.update(("\n" + p.name() + "=" + model).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the finished reference under a temporary name, then renames it into place. */
    public static void save(Path file, String key, HybridResult r) throws IOException {
        AtomicFile.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw));
            out.writeUTF(MAGIC);
            out.writeUTF(key);
            for (double v : new double[] {r.neuronS(), r.surrogateS(), r.exchangeS(), r.waitS(), r.setupS(), r.loopS(),
                    r.exchangeIntervalMs()}) {
                out.writeDouble(v);
            }
            out.writeInt(r.ranks());
            out.writeInt(r.spikeTimesMs().length);
            for (double[] cell : r.spikeTimesMs()) {
                out.writeInt(cell.length);
                for (double t : cell) {
                    out.writeDouble(t);
                }
            }
            out.writeInt(r.voltages().size());
            for (Map.Entry<Integer, float[][]> e : r.voltages().entrySet()) {
                out.writeInt(e.getKey());
                out.writeInt(e.getValue().length);
                for (float[] row : e.getValue()) {
                    out.writeInt(row.length);
                    for (float v : row) {
                        out.writeFloat(v);
                    }
                }
            }
            out.flush();
        });
    }

    /**
     * The reference saved for {@code key}, with {@code plan} (the all-detailed plan of the same spec), or null when
     * there is none, it is another run's, or it is unreadable (then it is simply redone).
     */
    public static HybridResult load(Path file, String key, NetworkPlan plan) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (!MAGIC.equals(in.readUTF()) || !key.equals(in.readUTF())) {
                return null;
            }
            double[] t = new double[7];
            for (int i = 0; i < t.length; i++) {
                t[i] = in.readDouble();
            }
            long size = Files.size(file);
            int ranks = in.readInt();
            int cells = in.readInt();
            if (cells != plan.cells().size()) {
                return null;
            }
            double[][] spikes = new double[cells][];
            for (int g = 0; g < cells; g++) {
                spikes[g] = new double[length(in, size)];
                for (int k = 0; k < spikes[g].length; k++) {
                    spikes[g][k] = in.readDouble();
                }
            }
            Map<Integer, float[][]> voltages = new LinkedHashMap<>();
            int recorded = length(in, size);
            for (int i = 0; i < recorded; i++) {
                int gid = in.readInt();
                float[][] rows = new float[length(in, size)][];
                for (int r = 0; r < rows.length; r++) {
                    rows[r] = new float[length(in, size)];
                    for (int k = 0; k < rows[r].length; k++) {
                        rows[r][k] = in.readFloat();
                    }
                }
                voltages.put(gid, rows);
            }
            if (in.read() != -1) {
                return null; // trailing bytes: not a file this class wrote
            }
            return new HybridResult(plan, spikes, voltages, t[0], t[1], t[2], t[3], t[4], t[5], t[6], ranks);
        } catch (IOException | RuntimeException e) {
            return null; // truncated or damaged: redo the reference
        }
    }

    /** A length field, refused (as damage) when negative or beyond what the file could hold. */
    private static int length(DataInputStream in, long fileSize) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > fileSize) {
            throw new IOException("bad length " + n);
        }
        return n;
    }

    /** Removes the kept reference (after the output folder is written). */
    public static void remove(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
