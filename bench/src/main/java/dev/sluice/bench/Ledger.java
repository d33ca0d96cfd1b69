package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The books of one fault check, by itemId: the publisher's side ({@link Publisher.Requests}: one item per
 * POST, every fourth POST a batch of three; which items Sluice acknowledged with 200, how many POSTs got
 * 503, no answer at all, or no connection) and the receiver's side (a {@code Consumer} of the webhook
 * bodies it answered 200: how often each item arrived). Item ids are {@code <prefix>-<n>}.
 */
final class Ledger implements Publisher.Requests, Consumer<String> {

    private static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");

    private final String prefix;
    private final AtomicLong items = new AtomicLong();
    private final Map<Long, List<String>> sent = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicInteger notSent = new AtomicInteger();
    private final Map<Integer, AtomicInteger> otherStatus = new ConcurrentHashMap<>();
    private final AtomicInteger foreign = new AtomicInteger();
    private volatile long lastDelivery = System.nanoTime();

    Ledger(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public byte[] body(long n) {
        int count = n % 4 == 3 ? 3 : 1;
        List<String> ids = new ArrayList<>(count);
        StringBuilder json = new StringBuilder(count > 1 ? "[" : "");
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + items.getAndIncrement();
            ids.add(id);
            json.append(i > 0 ? "," : "").append(Items.item(id, id, ""));
        }
        sent.put(n, ids);
        return json.append(count > 1 ? "]" : "").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void answered(long n, int status) {
        List<String> ids = sent.remove(n);
        if (status == 200) {
            acknowledged.addAll(ids);
            return;
        }
        if (status == 503) {
            unavailable.incrementAndGet();
        } else {
            otherStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public void unanswered(long n) {
        sent.remove(n);
        unanswered.incrementAndGet();
    }

    @Override
    public void notSent(long n) {
        notSent.incrementAndGet();
    }

    /** A webhook body the receiver answered 200. */
    @Override
    public void accept(String body) {
        Matcher m = ITEM_ID.matcher(body);
        if (m.find() && m.group(1).startsWith(prefix + "-")) {
            delivered.computeIfAbsent(m.group(1), id -> new AtomicInteger()).incrementAndGet();
        } else {
            foreign.incrementAndGet();
        }
        lastDelivery = System.nanoTime();
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    int deliveredCount() {
        return delivered.size();
    }

    /** Acknowledged items not delivered yet. */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (String id : acknowledged) {
            if (!delivered.containsKey(id)) {
                missing.add(id);
            }
        }
        missing.sort(null);
        return missing;
    }

    long nanosSinceLastDelivery() {
        return System.nanoTime() - lastDelivery;
    }

    Figures figures() {
        List<String> missing = missing();
        int duplicated = 0;
        long copies = 0;
        int unacknowledgedDelivered = 0;
        for (Map.Entry<String, AtomicInteger> e : delivered.entrySet()) {
            int times = e.getValue().get();
            if (times > 1) {
                duplicated++;
                copies += times - 1;
            }
            if (!acknowledged.contains(e.getKey())) {
                unacknowledgedDelivered++;
            }
        }
        Map<Integer, Integer> other = new TreeMap<>();
        otherStatus.forEach((status, count) -> other.put(status, count.get()));
        return new Figures(acknowledged.size(), delivered.size(), missing.size(), duplicated, copies,
                unavailable.get(), unanswered.get(), notSent.get(), other, unacknowledgedDelivered, foreign.get(),
                missing.subList(0, Math.min(10, missing.size())));
    }

    /**
     * The figures of one check. {@code delivered}: distinct items the receiver answered 200;
     * {@code missing}: acknowledged and never delivered; {@code duplicated}: items delivered more than
     * once ({@code extraCopies} deliveries beyond the first); {@code unavailable}: POSTs answered 503;
     * {@code unanswered}: POSTs whose connection closed before an answer; {@code notSent}: POSTs for
     * which no connection could be opened (Sluice down); {@code unacknowledgedDelivered}: items
     * delivered although their POST got no 200 (written before the answer was lost).
     */
    record Figures(int acknowledged, int delivered, int missing, int duplicated, long extraCopies, int unavailable,
                   int unanswered, int notSent, Map<Integer, Integer> otherStatus, int unacknowledgedDelivered,
                   int foreign, List<String> firstMissing) {}
}
