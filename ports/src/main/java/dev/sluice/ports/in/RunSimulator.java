package dev.sluice.ports.in;

import java.time.Instant;
import java.util.Map;

/**
 * Use case (scenario S4): the bookstore simulator, which writes the shop's events (interactions,
 * purchases, payments, shipping) to the log on a simulated clock, the same events for the same seed
 * and start time, and the reference data (books and customers) before them.
 */
public interface RunSimulator {

    /**
     * What to simulate; every field is optional.
     *
     * @param seed      the random seed (default 42): the same seed and start time give the same events
     * @param events    how many events to write, or null to run until stopped
     * @param rate      events per second, 0 (the default) for as fast as the log takes them
     * @param startTime the simulated time of the first event, or null for now
     */
    record Settings(Long seed, Long events, Double rate, Instant startTime) {}

    /**
     * @param running       whether it is writing now
     * @param seed          the seed of the current or last run
     * @param startTime     its first event's simulated time
     * @param events        how many events it was asked for, null for "until stopped"
     * @param rate          its events per second, 0 for as fast as possible
     * @param counts        events acknowledged by the log, per topic, in this run
     * @param simulatedTime the simulated time of the last acknowledged event, null before the first
     * @param error         why the last run stopped by itself (the log did not take its events), or null
     */
    record Status(boolean running, Long seed, Instant startTime, Long events, double rate, Map<String, Long> counts,
                  Instant simulatedTime, String error) {}

    /**
     * Starts a run.
     *
     * @throws InvalidInputException when a setting is out of range (nothing started)
     * @throws ConflictException     when a run is already going
     */
    Status start(Settings settings);

    /** Stops the run after the events it is writing; a no-op when none runs. */
    Status stop();

    Status status();
}
