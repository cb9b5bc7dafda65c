package org.neurosurrogate.hybrid;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import org.neurosurrogate.neuron.jep.NeuronNetwork;
import org.neurosurrogate.neuron.jep.PythonEnvironment;
import org.neurosurrogate.surrogate.Surrogate;

/**
 * What runs of one network spec share in a process (an MPI rank): its surrogates, loaded once, and one NEURON with
 * every mechanism and hoc file its models need, which serves any number of runs one after the other.
 */
public final class HybridSession implements AutoCloseable {
    private final NetworkSpec spec;
    private final PythonEnvironment env;
    private final List<Surrogate> surrogates;
    private final NeuronNetwork net;

    private HybridSession(NetworkSpec spec, PythonEnvironment env, List<Surrogate> surrogates, NeuronNetwork net) {
        this.spec = spec;
        this.env = env;
        this.surrogates = surrogates;
        this.net = net;
    }

    /** Loads the spec's surrogates, then starts NEURON with the spec's models. */
    public static HybridSession open(NetworkSpec spec, PythonEnvironment env) {
        List<Surrogate> surrogates = HybridRunner.loadSurrogates(spec);
        try {
            return new HybridSession(spec, env, surrogates, HybridRunner.open(spec, env));
        } catch (RuntimeException e) {
            close(surrogates);
            throw e;
        }
    }

    /** One run: hybrid, or every cell detailed (the reference). Under MPI every rank calls it. */
    public HybridResult run(boolean allDetailed, PrintStream out) {
        return HybridRunner.run(net, spec, surrogates, allDetailed, env, out);
    }

    /** The plan {@link #run} would follow: the hybrid one or the all-detailed reference's. */
    public NetworkPlan plan(boolean allDetailed) {
        return NetworkPlan.of(spec, HybridRunner.tables(net, spec), allDetailed);
    }

    /** True on every rank when {@code mine} is true on any (a collective call under MPI: every rank makes it). */
    public boolean anyRank(boolean mine) {
        return net.maxOverRanks(new double[] {mine ? 1 : 0})[0] > 0;
    }

    public int rank() {
        return net.rank();
    }

    public int ranks() {
        return net.ranks();
    }

    /** {@code out} on rank 0, a sink elsewhere: under mpirun one rank talks. */
    public PrintStream say(PrintStream out) {
        return net.rank() == 0 ? out : new PrintStream(OutputStream.nullOutputStream());
    }

    /** Under MPI, ends this rank's process with {@code status} (see {@link NeuronNetwork#finishMpi}). */
    public void finishMpi(int status) {
        net.finishMpi(status);
    }

    private static void close(List<Surrogate> surrogates) {
        for (Surrogate s : new LinkedHashSet<>(surrogates)) { // populations may share one
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() {
        try {
            net.close();
        } finally {
            close(surrogates);
        }
    }
}
