// A small AMQP 1.0 peer for the S2 walk-through, in the role of the seed's Go demo application.
// Run through scripts/amqp (it puts the Sluice jar, which holds the protonj2 client, on the class path):
//   scripts/amqp send EXTERNAL 10      publish 10 JSON messages to EXTERNAL (with a metadata property)
//   scripts/amqp watch FOO             print what arrives at FOO until Ctrl-C
// AMQP_URL (default amqp://127.0.0.1:5672), AMQP_USERNAME and AMQP_PASSWORD (default guest) as for Sluice.
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.protonj2.client.Client;
import org.apache.qpid.protonj2.client.Connection;
import org.apache.qpid.protonj2.client.ConnectionOptions;
import org.apache.qpid.protonj2.client.Delivery;
import org.apache.qpid.protonj2.client.Message;
import org.apache.qpid.protonj2.client.Receiver;
import org.apache.qpid.protonj2.client.Sender;

public class AmqpDemo {

    /** Declares the durable queue as Sluice does (over 0-9-1) and answers its AMQP 1.0 address. */
    static String durableQueue(URI url, String queue) throws Exception {
        com.rabbitmq.client.ConnectionFactory f = new com.rabbitmq.client.ConnectionFactory();
        f.setHost(url.getHost());
        f.setPort(url.getPort() > 0 ? url.getPort() : 5672);
        f.setUsername(System.getenv().getOrDefault("AMQP_USERNAME", "guest"));
        f.setPassword(System.getenv().getOrDefault("AMQP_PASSWORD", "guest"));
        try (var c = f.newConnection(); var ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
            return String.valueOf(c.getServerProperties().get("version")).startsWith("3.")
                    ? "/amq/queue/" + queue : "/queue/" + queue;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !args[0].equals("send") && !args[0].equals("watch")) {
            System.err.println("usage: scripts/amqp send <address> [count] | scripts/amqp watch <address>");
            System.exit(2);
        }
        URI url = URI.create(System.getenv().getOrDefault("AMQP_URL", "amqp://127.0.0.1:5672"));
        ConnectionOptions options = new ConnectionOptions()
                .user(System.getenv().getOrDefault("AMQP_USERNAME", "guest"))
                .password(System.getenv().getOrDefault("AMQP_PASSWORD", "guest"));
        options.saslOptions().addAllowedMechanism("PLAIN");
        String address = args[1].startsWith("/") ? args[1] : durableQueue(url, args[1]);
        try (Client client = Client.create();
             Connection connection = client.connect(url.getHost(), url.getPort() > 0 ? url.getPort() : 5672, options)) {
            if (args[0].equals("send")) {
                int count = args.length > 2 ? Integer.parseInt(args[2]) : 1;
                try (Sender sender = connection.openSender(address)) {
                    for (int i = 0; i < count; i++) {
                        String body = "{\"n\":" + i + ",\"sentAt\":\"" + Instant.now() + "\"}";
                        sender.send(Message.create(body.getBytes(StandardCharsets.UTF_8)).durable(true)
                                .contentType("application/json").property("demo-metadata", "dropped by Sluice"))
                                .awaitSettlement(10, TimeUnit.SECONDS);
                        System.out.println("sent to " + args[1] + ": " + body);
                    }
                }
            } else {
                try (Receiver receiver = connection.openReceiver(address)) {
                    System.out.println("watching " + args[1] + " (Ctrl-C to stop)");
                    while (true) {
                        Delivery d = receiver.receive();
                        Message<Object> m = d.message();
                        StringBuilder props = new StringBuilder();
                        m.forEachProperty((k, v) -> props.append(' ').append(k).append('=').append(v));
                        Object body = m.body();
                        System.out.println(args[1] + ": " + (body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : body)
                                + "  properties:" + props);
                        d.accept();
                    }
                }
            }
        }
    }
}
