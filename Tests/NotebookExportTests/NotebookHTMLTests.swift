import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JSON
import Notebook
import Testing

@testable import NotebookExport

/// Whether `text` parses as XML (an HTML fragment is wrapped in a root first).
func parsesAsXML(_ text: String) -> Bool {
    let parser = XMLParser(data: Data(("<root>" + text + "</root>").utf8))
    // On Linux parse() can answer true for a mismatched tag; the error is only in parserError.
    return parser.parse() && parser.parserError == nil
}

@Suite struct NotebookHTMLTests {
    /// A stand-in for the Markdown renderer: marks what it was given.
    private let markdown: (String) -> String = { "<md>" + HTMLText.escape($0) + "</md>" }

    private func output(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }

    @Test func codeIsHighlightedByTheLanguagesLexer() {
        let html = CodeHighlighter.html("let net = Network(inputs: 2) // a comment\nprint(\"<b>\", 1.5, x < 2)")
        #expect(html == "<span class=\"k\">let</span> net = <span class=\"t\">Network</span>(inputs: <span class=\"n\">2</span>) "
            + "<span class=\"c\">// a comment</span>\nprint(<span class=\"s\">&quot;&lt;b&gt;&quot;</span>, <span class=\"n\">1.5</span>, x &lt; <span class=\"n\">2</span>)")
        #expect(CodeHighlighter.html("/* block */ 1") == "<span class=\"c\">/* block */</span> <span class=\"n\">1</span>")
        #expect(CodeHighlighter.html("\"open") == "<span class=\"x\">&quot;open</span>")
        #expect(CodeHighlighter.html("") == "")
        #expect(CodeHighlighter.html("δ = 1 // é\n") == "δ = <span class=\"n\">1</span> <span class=\"c\">// é</span>\n")
    }

    @Test func escapingWorksOnScalarsSoACombiningMarkCannotHideATag() {
        #expect(HTMLText.escape("<\u{301}script>") == "&lt;\u{301}script&gt;")
        #expect(HTMLText.escape("a & \"b\"") == "a &amp; &quot;b&quot;")
    }

    @Test func ansiColoursBecomeSpans() {
        #expect(ANSIText.html("\u{1B}[1;31mNameError\u{1B}[0m: <x>") == "<span style=\"color:#b2182b;font-weight:bold\">NameError</span>: &lt;x&gt;")
        #expect(ANSIText.html("a\u{1B}[2Kb\u{1B}[") == "ab")
        #expect(ANSIText.html("\u{1B}[94mx") == "<span style=\"color:#2166ac\">x</span>")
        #expect(ANSIText.stripped("\u{1B}[1;31mNameError\u{1B}[0m: <x>\u{1B}[2K") == "NameError: <x>")
    }

    @Test func eachOutputShowsItsRichestRepresentation() {
        func shown(_ data: [(String, JSONValue)]) -> String { NotebookHTML.bundle(.object(data), markdown: markdown) }
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\"><title>t</title></svg>"
        #expect(shown([("text/plain", .string("p")), ("text/html", .array([.string("<table>\n"), .string("</table>")]))]) == "<div class=\"html\"><table>\n</table></div>")
        #expect(shown([("text/plain", .string("p")), ("image/svg+xml", .string(svg))]) == "<div class=\"svg\"><svg width=\"1\"><title>t</title></svg></div>")
        #expect(shown([("text/plain", .string("p")), ("text/latex", .string("$$x$$")), ("text/markdown", .string("m"))]) == "<div class=\"markdown\"><md>m</md></div>")
        #expect(shown([("text/plain", .string("p")), ("text/latex", .string("$$x$$"))]) == "<div class=\"latex\"><md>$$x$$</md></div>")
        #expect(shown([("text/plain", .string("a < b"))]) == "<pre class=\"plain\">a &lt; b</pre>")
        #expect(shown([("text/plain", .string("p")), ("image/png", .string("iVBO\nRw==\n"))]) == "<img alt=\"output\" src=\"data:image/png;base64,iVBORw==\"/>")
        // HTML with a script is not trusted: its plain text is shown instead.
        #expect(shown([("text/plain", .string("safe")), ("text/html", .string("<SCRIPT>alert(1)</SCRIPT>"))]) == "<pre class=\"plain\">safe</pre>")
    }

    @Test func aPageHoldsEveryCellAndNothingFromOutside() throws {
        var notebook = NotebookDocument(cells: [
            NotebookCell(cellType: "markdown", id: "m", source: "# Title"),
            NotebookCell(cellType: "code", id: "c", source: "print(1)\n2"),
            NotebookCell(cellType: "raw", id: "r", source: "<raw>"),
        ])
        notebook.cells[1].executionCount = 3
        notebook.cells[1].outputs = [
            output([("output_type", .string("stream")), ("name", .string("stdout")), ("text", .string("1\n"))]),
            output([("output_type", .string("stream")), ("name", .string("stderr")), ("text", .string("warn"))]),
            output([("output_type", .string("execute_result")), ("execution_count", .integer(3)), ("metadata", .object([])), ("data", .object([("text/plain", .string("2"))]))]),
            output([("output_type", .string("error")), ("ename", .string("E")), ("evalue", .string("v")), ("traceback", .array([.string("\u{1B}[31mE\u{1B}[0m"), .string("line")]))]),
        ]
        let page = NotebookHTML.page(notebook, title: "A <lecture>", markdown: markdown)
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>"))
        #expect(page.contains("<title>A &lt;lecture&gt;</title>"))
        #expect(page.contains("<section class=\"cell markdown\">\n<md># Title</md>\n</section>"))
        #expect(page.contains("<div class=\"prompt\">In&#160;[3]:</div><pre class=\"source\"><code>print(<span class=\"n\">1</span>)\n<span class=\"n\">2</span></code></pre>"))
        #expect(page.contains("<pre class=\"stream stdout\">1\n</pre>") && page.contains("<pre class=\"stream stderr\">warn</pre>"))
        #expect(page.contains("<div class=\"prompt\">Out&#160;[3]:</div><div class=\"content\"><pre class=\"plain\">2</pre></div>"))
        #expect(page.contains("<pre class=\"error\"><span style=\"color:#b2182b\">E</span>\nline</pre>"))
        #expect(page.contains("<section class=\"cell raw\"><pre>&lt;raw&gt;</pre></section>"))
        #expect(!page.lowercased().contains("<script") && !page.contains("http://") && !page.contains("https://"))
        // The body (after the doctype) is well-formed XML.
        let start = try #require(page.firstRange(of: "<html"))
        #expect(parsesAsXML(String(page[start.lowerBound...])))
    }
}
