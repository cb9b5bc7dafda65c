package org.neurosurrogate.data.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.neurosurrogate.NeuroSurrogateException;

/**
 * Which simulations of a live stream a training step may draw from: a pure function of the step, so that a run
 * cut into pieces trains on exactly what an uninterrupted one does.
 *
 * <p>At step s the first {@code admitted(s) = recent + s / stepsPerSimulation} simulations of the stream have been
 * admitted. The trainer draws from the newest {@code recent} of them plus a reservoir sample of {@code reservoir}
 * older ones (Vitter's algorithm R, 1985: every older simulation is in it with equal probability), so it keeps
 * seeing everything it has seen, not only the latest few. The reservoir's random choices are seeded per
 * simulation index, so it is the same whichever run computes it.
 */
public final class StreamSchedule {
    private final int recent;
    private final int reservoir;
    private final int stepsPerSimulation;
    private final long seed;

    /**
     * @param recent newest simulations kept ({@code --buffer})
     * @param reservoir older simulations sampled ({@code --reservoir}, 0: none)
     * @param stepsPerSimulation training steps between two admitted simulations ({@code --steps-per-sim})
     * @param seed the stream's seed (the reservoir's choices)
     */
    public StreamSchedule(int recent, int reservoir, int stepsPerSimulation, long seed) {
        if (recent < 1) {
            throw new NeuroSurrogateException("--buffer " + recent + ": must be >= 1");
        }
        if (reservoir < 0) {
            throw new NeuroSurrogateException("--reservoir " + reservoir + ": must be >= 0");
        }
        if (stepsPerSimulation < 1) {
            throw new NeuroSurrogateException("--steps-per-sim " + stepsPerSimulation + ": must be >= 1");
        }
        this.recent = recent;
        this.reservoir = reservoir;
        this.stepsPerSimulation = stepsPerSimulation;
        this.seed = seed;
    }

    public int stepsPerSimulation() {
        return stepsPerSimulation;
    }

    /** Simulations admitted by step {@code step} (0-based): indices 0 .. admitted − 1. */
    public int admitted(int step) {
        return recent + step / stepsPerSimulation;
    }

    /** The first step at which the buffer holds another set than at {@code step} (the next admission). */
    public int firstStepOfSet(int step) {
        return step - step % stepsPerSimulation;
    }

    /** The simulations a step draws from, ascending: the newest {@code recent} and the reservoir of older ones. */
    public int[] members(int step) {
        int n = admitted(step);
        int older = n - recent;
        TreeSet<Integer> set = new TreeSet<>();
        set.addAll(reservoirOf(older));
        for (int i = older; i < n; i++) {
            set.add(i);
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Algorithm R over simulations 0 .. older − 1, one seeded draw per index. */
    List<Integer> reservoirOf(int older) {
        List<Integer> slots = new ArrayList<>(Math.min(reservoir, Math.max(older, 0)));
        for (int j = 0; j < older; j++) {
            if (j < reservoir) {
                slots.add(j);
            } else {
                int r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + j).nextInt(j + 1);
                if (r < reservoir) {
                    slots.set(r, j);
                }
            }
        }
        return slots;
    }

    /** Settings as saved with a checkpoint; a resumed run must use the same. */
    public String describe() {
        return "buffer " + recent + ", reservoir " + reservoir + ", steps per simulation " + stepsPerSimulation;
    }
}
