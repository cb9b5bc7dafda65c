package org.neurosurrogate.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.neurosurrogate.model.Arch;

class BaselineCacheTest {
    @Test
    void theSomasLossWeightIsPartOfTheBaselinesKeyAndTheDefaultKeepsOlderKeys() {
        TrainConfig plain = TrainConfig.builder(Arch.MH).build();
        TrainConfig weighted = plain.toBuilder().optSomaWeight(10).build();
        assertNotEquals(BaselineCache.settings(plain), BaselineCache.settings(weighted));
        assertFalse(BaselineCache.settings(plain).contains("somaW"), "weight 1 leaves the key as before");
    }
}
