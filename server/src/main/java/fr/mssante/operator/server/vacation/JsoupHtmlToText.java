package fr.mssante.operator.server.vacation;

import org.apache.james.util.html.HtmlTextExtractor;
import org.jsoup.Jsoup;

/** Plain-text part of an auto-reply written in HTML only (James binds one only with JMAP, which we do not run). */
public class JsoupHtmlToText implements HtmlTextExtractor {
    @Override
    public String toPlainText(String html) {
        return Jsoup.parse(html).wholeText();
    }
}
