package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The rule that decides whether a step of the views benchmark was kept up with, on made-up samples. */
class ViewsStepTest {

    private static final long QUARTER_SECOND = 250_000_000L;

    /**
     * Ten seconds at {@code rate} events/s, sampled every 250 ms: the source topics grow by the rate; the
     * source lag at sample {@code i} is {@code sourceLag(i)}; the internal topics grow at twice the rate
     * with {@code internalLag(i)} not committed.
     */
    private static List<Views.Sample> samples(double rate, LongUnaryOperator sourceLag, LongUnaryOperator internalLag) {
        List<Views.Sample> out = new ArrayList<>();
        for (int i = 0; i <= 40; i++) {
            long end = Math.round(rate * i / 4);
            out.add(new Views.Sample(i * QUARTER_SECOND, end, sourceLag.applyAsLong(i), 2 * end,
                    internalLag.applyAsLong(i)));
        }
        return out;
    }

    @Test
    void aSteadyLagUnderASecondIsKeptUp() {
        Views.Step s = Views.Step.judge(1000, samples(1000, i -> 300 + (i % 2) * 100, i -> 500), 0);
        assertTrue(s.keptUp());
        assertEquals(1000, s.achieved(), 1e-9);
        assertEquals(0.4, s.maxLagSeconds(), 1e-9);
        assertEquals(400, s.maxSourceLag());
        assertEquals(1000, s.offered(), 1e-9);
    }

    @Test
    void aBacklogThatGrowsFailsEvenBelowASecond() {
        // the group commits 8 % less than arrives: 20 records more behind every 250 ms, 0.08 s per s
        Views.Step s = Views.Step.judge(1000, samples(1000, i -> 20 * i, i -> 0), 0);
        assertEquals(0.8, s.maxLagSeconds(), 1e-9);
        assertEquals(0.08, s.growth(), 1e-9);
        assertFalse(s.keptUp());
        assertFalse(s.producerBound());
    }

    @Test
    void aSteadyLagOfMoreThanASecondFails() {
        Views.Step s = Views.Step.judge(1000, samples(1000, i -> 1200, i -> 0), 0);
        assertEquals(0, s.growth(), 1e-9);
        assertFalse(s.keptUp());
    }

    @Test
    void theSlowerStageCountsInSecondsOfItsOwnInput() {
        // 2 500 internal records behind at 2 000/s is 1.25 s, while the sources are only 0.1 s behind
        Views.Step s = Views.Step.judge(1000, samples(1000, i -> 100, i -> 2500), 0);
        assertEquals(1.25, s.maxLagSeconds(), 1e-9);
        assertFalse(s.keptUp());
        // one transaction marker per internal partition is not lag
        assertEquals(0, Views.Step.judge(1000, samples(1000, i -> 0, i -> 3), 3).maxLagSeconds(), 1e-9);
    }

    @Test
    void aSimulatorThatOffersLessThanNinetyPercentIsTheLimitAndTheStepStandsForWhatItOffered() {
        Views.Step s = Views.Step.judge(1000, samples(800, i -> 0, i -> 0), 0);
        assertTrue(s.producerBound());
        assertTrue(s.keptUp());
        assertEquals(800, s.offered(), 1e-9);
        assertFalse(Views.Step.judge(1000, samples(900, i -> 0, i -> 0), 0).producerBound());
        Views.Step flatOut = Views.Step.judge(0, samples(800, i -> 0, i -> 0), 0);
        assertFalse(flatOut.producerBound());
        assertEquals(800, flatOut.offered(), 1e-9);
    }

    @Test
    void theLadderStandsForTheHighestKeptRate() {
        Views.Step low = Views.Step.judge(1000, samples(1000, i -> 0, i -> 0), 0);
        Views.Step high = Views.Step.judge(2000, samples(2000, i -> 200 * i, i -> 0), 0);
        Views.Step between = Views.Step.judge(1500, samples(1500, i -> 100, i -> 0), 0);
        assertEquals(1500, new Views.Ladder(List.of(low, high, between), "").highest(), 1e-9);
        assertEquals(0, new Views.Ladder(List.of(high), "").highest(), 1e-9);
    }
}
