package org.neurosurrogate.neuron;

import java.util.Arrays;

/**
 * Input spikes of one simulation, sparse: event {@code k} arrives at {@code timesMs[k]} on input channel
 * {@code channels[k]}. Events are sorted by time, then channel.
 *
 * @param timesMs event times, ms
 * @param channels input channel of each event (see the package documentation for the order)
 * @param channelCount number of input channels
 */
public record SpikeTrains(double[] timesMs, int[] channels, int channelCount) {

    public SpikeTrains {
        if (timesMs.length != channels.length) {
            throw new IllegalArgumentException("times and channels differ in length");
        }
        for (int c : channels) {
            if (c < 0 || c >= channelCount) {
                throw new IllegalArgumentException("channel " + c + " outside 0.." + (channelCount - 1));
            }
        }
    }

    public int size() {
        return timesMs.length;
    }

    /** Events on channels {@code [from, to)}. */
    public int countChannels(int from, int to) {
        int n = 0;
        for (int c : channels) {
            if (c >= from && c < to) {
                n++;
            }
        }
        return n;
    }

    /** Sorts parallel arrays by (time, channel) into a new instance. */
    public static SpikeTrains sorted(double[] timesMs, int[] channels, int channelCount) {
        Integer[] order = new Integer[timesMs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> timesMs[a] != timesMs[b] ? Double.compare(timesMs[a], timesMs[b])
                : Integer.compare(channels[a], channels[b]));
        double[] t = new double[order.length];
        int[] c = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = timesMs[order[i]];
            c[i] = channels[order[i]];
        }
        return new SpikeTrains(t, c, channelCount);
    }
}
