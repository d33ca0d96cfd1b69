package dev.sluice.engine;

import dev.sluice.ports.event.EventEnvelope;
import dev.sluice.ports.event.Position;
import dev.sluice.ports.event.StartAt;
import dev.sluice.ports.out.EventLog;
import dev.sluice.ports.out.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A test fake of {@link EventLog} for the domain's unit tests: keeps what is appended, in order, and
 * answers positions {@code 0:<index>}; reading is not supported. {@link #appended(String, EventEnvelope)}
 * lets a subclass see each event with its topic.
 */
public class AppendOnlyLog implements EventLog {

    public final List<EventEnvelope> appended = new ArrayList<>();

    @Override
    public synchronized CompletionStage<List<Position>> append(String topic, List<EventEnvelope> events) {
        List<Position> positions = new ArrayList<>();
        for (EventEnvelope e : events) {
            positions.add(new Position("0:" + appended.size()));
            appended.add(e);
            appended(topic, e);
        }
        return CompletableFuture.completedFuture(positions);
    }

    /** Called for each appended event; does nothing here. */
    protected void appended(String topic, EventEnvelope event) {}

    @Override
    public Subscription tail(String topic, StartAt start, TailListener listener) {
        throw new UnsupportedOperationException("this fake only appends");
    }

    @Override
    public Subscription consume(String topic, String group, GroupHandler handler) {
        throw new UnsupportedOperationException("this fake only appends");
    }
}
