package dev.sluice.transform;

import java.util.BitSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.DOMException;
import org.w3c.dom.Document;

/**
 * XML element names that every common parser accepts.
 *
 * <p>XML 1.0 5th edition allows more name characters than the 4th. The JDK's parser (Xerces) still
 * uses the 4th-edition tables, so it rejects {@code <😀>} or {@code <\u2070>}. The 4th-edition names are
 * also valid under the 5th edition. So we take the JDK's own rules, reading them once through the
 * public DOM API, and leave out ':' because it would need a bound namespace prefix. Only BMP characters
 * can be in names; the 4th edition has no supplementary ones.
 */
final class XmlNames {

    private static final BitSet START = new BitSet(0x10000);
    private static final BitSet PART = new BitSet(0x10000);

    static {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
        for (int c = 0; c < 0x10000; c++) {
            if (c == ':' || (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                continue;
            }
            char ch = (char) c;
            if (accepted(doc, String.valueOf(ch))) {
                START.set(c);
            }
            if (accepted(doc, "a" + ch)) {
                PART.set(c);
            }
        }
    }

    private XmlNames() {
    }

    private static boolean accepted(Document doc, String name) {
        try {
            doc.createElement(name);
            return true;
        } catch (DOMException e) {
            return false;
        }
    }

    /** A non-empty name of name characters that starts with a name-start character, with no ':'. */
    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || !START.get(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!PART.get(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A valid name for any key: each character that may not be in a name (a code point outside the
     * BMP counts as one) becomes '_', and '_' is put in front when the first character may not start
     * a name ("1abc" becomes "_1abc", "a b" becomes "a_b", "" becomes "_"). Valid names are unchanged.
     */
    static String sanitize(String key) {
        if (isValid(key)) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length() + 1);
        key.codePoints().forEach(cp -> out.append(cp < 0x10000 && PART.get(cp) ? (char) cp : '_'));
        if (out.isEmpty() || !START.get(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }
}
