package org.neurosurrogate.neuron.jep;

import org.neurosurrogate.NeuroSurrogateException;

/** A failed call into the Python bridge: names the bridge function and carries Python's message. */
public class BridgeException extends NeuroSurrogateException {
    private static final long serialVersionUID = 1L;

    private final String function;

    public BridgeException(String function, String pythonMessage, Throwable cause) {
        super("NEURON bridge call " + function + " failed: " + pythonMessage, cause);
        this.function = function;
    }

    public String function() {
        return function;
    }
}
