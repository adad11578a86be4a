package org.wav2vec2spark.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

/**
 * Parses the report's output as XML: the report is written well-formed, so a parse failure or an
 * unexpected element shows markup that leaked from data.
 */
final class Xml {
    private Xml() {}

    static Document parse(String markup) {
        String body = markup.replaceFirst("^<!DOCTYPE html>\\s*", "");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        } catch (Exception e) {
            throw new AssertionError("Not well-formed: " + e.getMessage() + "\n" + markup, e);
        }
    }

    static List<Element> select(Document document, String xpath) {
        try {
            NodeList nodes =
                    (NodeList)
                            XPathFactory.newInstance()
                                    .newXPath()
                                    .evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (Exception e) {
            throw new AssertionError("Bad XPath " + xpath, e);
        }
    }

    static String text(Document document, String xpath) {
        List<Element> found = select(document, xpath);
        if (found.size() != 1) {
            throw new AssertionError(
                    "Expected one match for " + xpath + " but found " + found.size());
        }
        return found.get(0).getTextContent();
    }
}
