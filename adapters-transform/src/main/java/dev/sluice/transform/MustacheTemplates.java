package dev.sluice.transform;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import dev.sluice.ports.out.Templates;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

/**
 * {@link Templates} with Mustache (mustache.java): logic-less templates such as
 * {@code Hello {{customer.name}}, invoice {{invoice.id}} is due on {{invoice.dueDate}}}. Values are
 * written as they are (plain-text mail, no HTML escaping); a missing value renders empty.
 */
public final class MustacheTemplates implements Templates {

    private final DefaultMustacheFactory factory = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, java.io.Writer writer) {
            try {
                writer.write(value); // plain text: no HTML escaping
            } catch (java.io.IOException e) {
                throw new MustacheException("writing failed", e);
            }
        }
    };

    @Override
    public Template compile(String name, String source) {
        Mustache mustache;
        try {
            mustache = factory.compile(new StringReader(source), name);
        } catch (MustacheException e) {
            throw new IllegalArgumentException("template '" + name + "' is not valid Mustache: " + e.getMessage(), e);
        }
        return (Map<String, Object> model) -> {
            StringWriter out = new StringWriter();
            mustache.execute(out, model);
            return out.toString();
        };
    }
}
