package org.wav2vec2spark.report;

import static org.wav2vec2spark.report.HtmlText.escape;
import static org.wav2vec2spark.report.HtmlText.number;
import static org.wav2vec2spark.report.HtmlText.percent;

import org.wav2vec2spark.metrics.CaseFolding;
import org.wav2vec2spark.metrics.ConfidenceInterval;
import org.wav2vec2spark.metrics.EditCounts;

import java.util.List;
import java.util.Optional;

/**
 * The report of one run as a single self-contained HTML page: styles inline, charts as inline SVG,
 * no script and no external resource, so it opens from a file or an e-mail attachment without
 * network. Sections: warnings (when there are any), the nightly check's verdict (on a nightly run),
 * per-split WER and CER with bootstrap confidence intervals, throughput, WER over time, WER by
 * speaker, the worst utterances aligned word by word, and the most frequent word errors. Everything
 * that comes from data is escaped.
 *
 * <p>It only lays out figures already computed ({@link ReportContents}, made by {@link
 * ReportContentsCalculator}); deciding what to show is not its job. The page is well-formed XML
 * apart from its doctype, which the tests use to check it.
 */
public final class HtmlReport {

    /** Speakers drawn in the bar chart (the table lists all). */
    public static final int MAX_SPEAKER_BARS = 80;

    private HtmlReport() {}

    /** Renders the whole page. */
    public static String render(ReportContents contents) {
        RunSummary summary = contents.summary();
        StringBuilder html = new StringBuilder(64 * 1024);
        String title = "wav2vec2-spark evaluation: " + summary.model().id();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
                .append("<title>")
                .append(escape(title))
                .append("</title><style>")
                .append(ReportStyle.CSS)
                .append("</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n");
        runFacts(html, summary);
        warnings(html, contents.warnings());
        verdict(html, contents.verdict());
        if (contents.sampled()) {
            html.append("<p class=\"note\" id=\"sample-note\">The per-utterance sections")
                    .append(" (intervals, speakers, worst utterances, confusions) use a sample of ")
                    .append(contents.utterancesAnalysed())
                    .append(" of the run&#8217;s ")
                    .append(contents.utterancesInRun())
                    .append(" utterances. The WER and CER columns are over all of them.</p>\n");
        }
        splits(html, contents.splits(), contents.intervals());
        throughput(html, summary.run());
        history(html, contents.history());
        speakers(html, contents.speakers());
        worst(html, contents.worst());
        confusions(html, contents.wordErrors());
        failures(html, summary);
        html.append("</body></html>\n");
        return html.toString();
    }

    private static void runFacts(StringBuilder html, RunSummary summary) {
        RunSummary.ModelInfo model = summary.model();
        RunSummary.RunInfo run = summary.run();
        html.append("<dl class=\"facts\">");
        fact(html, "Started", run.startedAt());
        fact(html, "Spark master", run.sparkMaster());
        fact(html, "Model", model.id() + " (" + model.dtype() + ")");
        fact(html, "Model URI", model.uri());
        fact(html, "Model SHA-256", model.sha256());
        fact(html, "Utterances", Long.toString(summary.utteranceTotal()));
        if (run.caseFolding() == CaseFolding.UPPER) {
            fact(
                    html,
                    "Scoring",
                    "case folded: the model writes lower case, so hypotheses and references were"
                            + " upper-cased before scoring and are shown so below");
        }
        html.append("</dl>\n");
    }

    private static void warnings(StringBuilder html, List<String> warnings) {
        if (warnings.isEmpty()) {
            return;
        }
        html.append("<section id=\"warnings\" role=\"alert\"><h2>Warnings</h2><ul>");
        for (String warning : warnings) {
            html.append("<li class=\"warning\">").append(escape(warning.strip())).append("</li>");
        }
        html.append("</ul></section>\n");
    }

    private static void verdict(StringBuilder html, NightlyVerdict verdict) {
        if (!verdict.checked()) {
            return;
        }
        html.append("<section id=\"verdict\" class=\"")
                .append(verdict.regressed() ? "regression" : "ok")
                .append("\"><h2>Nightly check: ")
                .append(escape(verdict.headline()))
                .append("</h2><ul>");
        for (SplitVerdict split : verdict.splits()) {
            html.append("<li data-split=\"")
                    .append(escape(split.split()))
                    .append("\">")
                    .append(escape(split.line()))
                    .append("</li>");
        }
        html.append("</ul></section>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>")
                .append(escape(name))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>");
    }

    private static void splits(
            StringBuilder html,
            List<ReportContents.SplitRow> rows,
            ReportContents.IntervalSettings intervals) {
        html.append("<section id=\"splits\"><h2>Error rates by split</h2>")
                .append("<table class=\"numbers\"><thead><tr><th>Split</th><th>Utterances</th>")
                .append("<th>Failed</th><th>Words</th><th>WER %</th><th>WER ")
                .append(level(intervals))
                .append(" CI</th><th>Sub</th><th>Del</th><th>Ins</th><th>CER %</th><th>CER ")
                .append(level(intervals))
                .append(" CI</th><th>Audio (s)</th></tr></thead><tbody>");
        for (ReportContents.SplitRow row : rows) {
            SplitSummary split = row.split();
            EditCounts words = split.words();
            html.append("<tr data-split=\"").append(escape(split.split())).append("\">");
            cell(html, "split", split.split());
            cell(html, "utterances", Long.toString(split.utterances()));
            cell(html, split.failed() > 0 ? "failed bad" : "failed", Long.toString(split.failed()));
            cell(html, "words", Long.toString(words.referenceLength()));
            cell(html, "wer", percent(split.wer()));
            cell(html, "wer-ci", interval(row.werInterval()));
            cell(html, "sub", Long.toString(words.substitutions()));
            cell(html, "del", Long.toString(words.deletions()));
            cell(html, "ins", Long.toString(words.insertions()));
            cell(html, "cer", percent(split.cer()));
            cell(html, "cer-ci", interval(row.cerInterval()));
            cell(html, "audio", number(split.audioSeconds(), 1));
            html.append("</tr>");
        }
        html.append("</tbody></table><p class=\"note\">Rates are total errors over total")
                .append(" reference words (characters), as jiwer and the model card compute them.")
                .append(" Intervals: percentile bootstrap over utterances, ")
                .append(intervals.replicates())
                .append(" resamples (Bisani and Ney, 2004). Failed utterances are not in the")
                .append(" rates.</p></section>\n");
    }

    private static String level(ReportContents.IntervalSettings intervals) {
        return number(100 * intervals.level(), 0) + "%";
    }

    private static String interval(Optional<ConfidenceInterval> interval) {
        return interval.map(ci -> percent(ci.lower()) + " \u2013 " + percent(ci.upper()))
                .orElse(HtmlText.UNDEFINED);
    }

    private static void cell(StringBuilder html, String cls, String text) {
        html.append("<td class=\"").append(cls).append("\">").append(escape(text)).append("</td>");
    }

    private static void throughput(StringBuilder html, RunSummary.RunInfo run) {
        html.append("<section id=\"throughput\"><h2>Throughput</h2><table class=\"numbers\">");
        row(html, "audio-seconds", "Audio scored (s)", number(run.audioSeconds(), 1));
        row(html, "wall-seconds", "Wall time (s)", number(run.wallSeconds(), 1));
        row(html, "rtfx", "Speed (audio s per wall s, RTFx)", number(run.realTimeFactor(), 1));
        row(html, "model-loads", "Model loads", Long.toString(run.modelLoads()));
        row(html, "executors", "Executors", Integer.toString(run.executors()));
        row(html, "batches", "Model batches", Long.toString(run.batches()));
        row(html, "batch-fill", "Batch fill (real / padded samples)", number(run.batchFill(), 3));
        if (run.outOfMemorySplits() > 0) {
            row(
                    html,
                    "out-of-memory-splits",
                    "Batches halved after running out of memory",
                    Long.toString(run.outOfMemorySplits()));
        }
        html.append("</table></section>\n");
    }

    private static void row(StringBuilder html, String id, String name, String value) {
        html.append("<tr id=\"")
                .append(id)
                .append("\"><th scope=\"row\">")
                .append(escape(name))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>");
    }

    private static void history(StringBuilder html, List<ReportContents.SplitHistory> history) {
        html.append("<section id=\"history\"><h2>WER over time</h2>");
        if (history.isEmpty()) {
            html.append("<p class=\"note\">No history was given for this run.</p></section>\n");
            return;
        }
        for (ReportContents.SplitHistory split : history) {
            List<SvgLineChart.Point> points =
                    split.points().stream()
                            .map(p -> new SvgLineChart.Point(p.runTime(), 100 * p.wer()))
                            .toList();
            html.append("<figure class=\"history\" data-split=\"")
                    .append(escape(split.split()))
                    .append("\"><figcaption>")
                    .append(escape(split.split()))
                    .append(": WER % over ")
                    .append(points.size())
                    .append(points.size() == 1 ? " run" : " runs")
                    .append("</figcaption>")
                    .append(SvgLineChart.render(split.split() + " WER over time", points, "%"))
                    .append("</figure>");
        }
        html.append("</section>\n");
    }

    private static void speakers(StringBuilder html, List<SpeakerSummary> speakers) {
        html.append("<section id=\"speakers\"><h2>WER by speaker</h2>");
        if (speakers.isEmpty()) {
            html.append("<p class=\"note\">No scored utterances.</p></section>\n");
            return;
        }
        List<SvgBarChart.Bar> bars =
                speakers.stream()
                        .limit(MAX_SPEAKER_BARS)
                        .map(s -> new SvgBarChart.Bar(s.split() + " " + s.speaker(), 100 * s.wer()))
                        .toList();
        html.append("<figure><figcaption>WER % per speaker, highest first");
        if (speakers.size() > bars.size()) {
            html.append(" (first ").append(bars.size()).append(" of ").append(speakers.size());
            html.append("; the table lists all)");
        }
        html.append("</figcaption>")
                .append(SvgBarChart.render("WER by speaker", bars, "%"))
                .append("</figure>");
        html.append("<details><summary>Table of ")
                .append(speakers.size())
                .append(" speakers</summary><table class=\"numbers\"><thead><tr><th>Split</th>")
                .append("<th>Speaker</th><th>Utterances</th><th>Words</th><th>Errors</th>")
                .append("<th>WER %</th></tr></thead><tbody>");
        for (SpeakerSummary s : speakers) {
            html.append("<tr>");
            cell(html, "split", s.split());
            cell(html, "speaker", s.speaker());
            cell(html, "utterances", Long.toString(s.utterances()));
            cell(html, "words", Long.toString(s.words().referenceLength()));
            cell(html, "errors", Long.toString(s.words().errors()));
            cell(html, "wer", percent(s.wer()));
            html.append("</tr>");
        }
        html.append("</tbody></table></details></section>\n");
    }

    private static void worst(StringBuilder html, List<ReportContents.WorstUtterance> worst) {
        html.append("<section id=\"worst\"><h2>Worst utterances</h2>");
        if (worst.isEmpty()) {
            html.append("<p class=\"note\">No utterance has a word error.</p></section>\n");
            return;
        }
        html.append("<p class=\"legend\">Most word errors first. Legend: ")
                .append("<span class=\"col sub\"><span class=\"r\"><del>ref</del></span>")
                .append("<span class=\"h\"><ins>hyp</ins></span><span class=\"op\">S</span></span>")
                .append(" substitution, ")
                .append("<span class=\"col del\"><span class=\"r\"><del>ref</del></span>")
                .append("<span class=\"h\"><span class=\"gap\">***</span></span>")
                .append("<span class=\"op\">D</span></span> deletion, ")
                .append("<span class=\"col ins\"><span class=\"r\"><span class=\"gap\">***</span>")
                .append("</span><span class=\"h\"><ins>hyp</ins></span>")
                .append("<span class=\"op\">I</span></span> insertion.</p><ol class=\"worst\">");
        for (ReportContents.WorstUtterance utterance : worst) {
            UtteranceResult r = utterance.result();
            EditCounts w = r.words();
            html.append("<li class=\"utterance\" data-id=\"")
                    .append(escape(r.id()))
                    .append("\"><p class=\"utt-head\"><b>")
                    .append(escape(r.id()))
                    .append("</b> ")
                    .append(escape(r.split()))
                    .append(", speaker ")
                    .append(escape(r.speaker()))
                    .append(", ")
                    .append(number(r.durationSeconds(), 1))
                    .append(" s: WER ")
                    .append(percent(utterance.wer()))
                    .append("% (")
                    .append(w.errors())
                    .append(" errors in ")
                    .append(w.referenceLength())
                    .append(" words: ")
                    .append(w.substitutions())
                    .append(" S, ")
                    .append(w.deletions())
                    .append(" D, ")
                    .append(w.insertions())
                    .append(" I)</p>")
                    .append(AlignmentHtml.render(utterance.reference(), utterance.hypothesis()))
                    .append("</li>");
        }
        html.append("</ol></section>\n");
    }

    private static void confusions(StringBuilder html, ReportContents.WordErrors errors) {
        html.append("<section id=\"confusions\"><h2>Most frequent word errors</h2>")
                .append("<div class=\"columns\"><table class=\"confusions\"><caption>")
                .append("Substitutions</caption><thead><tr><th>Reference</th><th>Recognised as")
                .append("</th><th>Count</th></tr></thead><tbody>");
        for (WordConfusion c : errors.substitutions()) {
            html.append("<tr>");
            cell(html, "ref", c.reference());
            cell(html, "hyp", c.hypothesis());
            cell(html, "count", Long.toString(c.count()));
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        words(html, "Deleted words", errors.deletions());
        words(html, "Inserted words", errors.insertions());
        html.append("</div>");
        if (errors.unaligned() > 0) {
            html.append("<p class=\"note\">")
                    .append(errors.unaligned())
                    .append(" utterances were too long to align and are not counted.</p>");
        }
        html.append("</section>\n");
    }

    private static void words(StringBuilder html, String caption, List<WordCount> words) {
        html.append("<table class=\"confusions\"><caption>")
                .append(escape(caption))
                .append("</caption><thead><tr><th>Word</th><th>Count</th></tr></thead><tbody>");
        for (WordCount w : words) {
            html.append("<tr>");
            cell(html, "word", w.word());
            cell(html, "count", Long.toString(w.count()));
            html.append("</tr>");
        }
        html.append("</tbody></table>");
    }

    private static void failures(StringBuilder html, RunSummary summary) {
        if (summary.failedTotal() == 0) {
            return;
        }
        html.append("<section id=\"failures\"><h2>Failed utterances</h2><p>")
                .append(summary.failedTotal())
                .append(" of ")
                .append(summary.utteranceTotal())
                .append(" utterances could not be scored")
                .append(" and are not in the rates.</p><table><thead><tr><th>Split</th><th>Id</th>")
                .append("<th>Error</th></tr></thead><tbody>");
        for (RunSummary.FailedUtterance failure : summary.failures()) {
            html.append("<tr>");
            cell(html, "split", failure.split());
            cell(html, "id", failure.id());
            cell(html, "error", failure.error());
            html.append("</tr>");
        }
        html.append("</tbody></table>");
        if (summary.failures().size() < summary.failedTotal()) {
            // summary.json lists the first failures only, as the console does.
            html.append("<p id=\"failures-more\">The first ")
                    .append(summary.failures().size())
                    .append(" are listed; the status column of the utterance results has all ")
                    .append(summary.failedTotal())
                    .append(".</p>");
        }
        html.append("</section>\n");
    }
}
