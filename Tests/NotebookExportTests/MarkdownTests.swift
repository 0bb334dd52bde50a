import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import NotebookExport

@Suite struct MarkdownTests {
    // MARK: Helpers (members, so that no other test file's free functions can clash)

    /// A stand-in for MathML.render: the formula, escaped, in an element saying whether it is display.
    private func fakeMath(_ latex: String, _ display: Bool) -> String {
        "<m d=\"\(display ? 1 : 0)\">" + HTMLText.escape(latex) + "</m>"
    }

    private func html(_ markdown: String) -> String {
        Markdown.html(markdown, math: fakeMath)
    }

    /// The formulas `markdown` hands to `math`, in order.
    private func formulas(_ markdown: String) -> [String] {
        var calls: [String] = []
        _ = Markdown.html(markdown) { latex, display in
            calls.append((display ? "D:" : "I:") + latex)
            return ""
        }
        return calls
    }


    /// A small deterministic generator (SplitMix64) for the fuzz tests.
    private struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    // MARK: Headings and paragraphs

    @Test func atxHeadingsWithJupyterIDs() {
        #expect(html("# One") == "<h1 id=\"One\">One</h1>\n")
        #expect(html("###### Six #####") == "<h6 id=\"Six\">Six</h6>\n")
        #expect(html("## The *chain* rule, `grad` & $\\delta$") ==
            "<h2 id=\"The-chain-rule,-grad-&amp;-\\delta\">The <em>chain</em> rule, <code>grad</code> &amp; <m d=\"0\">\\delta</m></h2>\n")
        #expect(html("####### seven") == "<p>####### seven</p>\n")
        #expect(html("#hashtag") == "<p>#hashtag</p>\n")
        #expect(html("\\# not a heading") == "<p># not a heading</p>\n")
        #expect(html("# Intro\n## Intro\n# Intro") ==
            "<h1 id=\"Intro\">Intro</h1>\n<h2 id=\"Intro-1\">Intro</h2>\n<h1 id=\"Intro-2\">Intro</h1>\n")
        #expect(html("#") == "<h1 id=\"section\"></h1>\n")
        #expect(html("# \"quoted\" <b>") == "<h1 id=\"&quot;quoted&quot;-&lt;b&gt;\">&quot;quoted&quot; &lt;b&gt;</h1>\n")
    }

    @Test func setextHeadings() {
        #expect(html("Title\n=====\n\nSection\n---") == "<h1 id=\"Title\">Title</h1>\n<h2 id=\"Section\">Section</h2>\n")
    }

    @Test func paragraphsAndLineBreaks() {
        #expect(html("") == "")
        #expect(html("one\ntwo\n\nthree") == "<p>one\ntwo</p>\n<p>three</p>\n")
        #expect(html("  indented\n   continued   ") == "<p>indented\ncontinued</p>\n")
        #expect(html("hard  \nbreak\\\nagain") == "<p>hard<br/>\nbreak<br/>\nagain</p>\n")
        #expect(html("trailing \\") == "<p>trailing \\</p>\n")
        #expect(html("a\r\nb\rc") == "<p>a\nb\nc</p>\n")
    }

    // MARK: Inlines

    @Test func emphasis() {
        #expect(html("*em* _em_ **strong** __strong__") ==
            "<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong></p>\n")
        #expect(html("***both*** *outer **inner** outer*") ==
            "<p><em><strong>both</strong></em> <em>outer <strong>inner</strong> outer</em></p>\n")
        #expect(html("snake_case_name and 2*3*4") == "<p>snake_case_name and 2<em>3</em>4</p>\n")
        #expect(html("a * not em*, *unclosed, __x_") == "<p>a * not em*, *unclosed, _<em>x</em></p>\n")
        #expect(html("\\*literal\\* and \\_this\\_") == "<p>*literal* and _this_</p>\n")
    }

    @Test func codeSpans() {
        #expect(html("`a < b`") == "<p><code>a &lt; b</code></p>\n")
        #expect(html("`` a`b ``") == "<p><code>a`b</code></p>\n")
        #expect(html("`$x$ *a* \\n`") == "<p><code>$x$ *a* \\n</code></p>\n")
        #expect(html("`unclosed *em*") == "<p>`unclosed <em>em</em></p>\n")
        #expect(html("`one\nline`") == "<p><code>one line</code></p>\n")
    }

    @Test func backslashEscapesAndEntities() {
        #expect(html("\\$5 \\* \\\\ \\` \\[x\\] \\a") == "<p>$5 * \\ ` [x] \\a</p>\n")
        #expect(html("&amp; &lt; &copy; &alpha; &#916; &#x3c3; &#0; &bogus; & x") ==
            "<p>&amp; &lt; © α Δ σ \u{FFFD} &amp;bogus; &amp; x</p>\n")
    }

    @Test func rawHTMLIsText() {
        #expect(html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")
        #expect(html("<div class=\"x\">\n\n<style>p{}</style>") ==
            "<p>&lt;div class=&quot;x&quot;&gt;</p>\n<p>&lt;style&gt;p{}&lt;/style&gt;</p>\n")
        #expect(html("a <!-- comment --> b") == "<p>a &lt;!-- comment --&gt; b</p>\n")
    }

    // MARK: Links and images

    @Test func localLinksKeepTheirHref() {
        #expect(html("[next](lecture-2.ipynb) [up](../index.html#top) [here](#The-chain-rule)") ==
            "<p><a href=\"lecture-2.ipynb\">next</a> <a href=\"../index.html#top\">up</a> <a href=\"#The-chain-rule\">here</a></p>\n")
        #expect(html("[*a* b](x.html \"A & B\")") == "<p><a href=\"x.html\" title=\"A &amp; B\"><em>a</em> b</a></p>\n")
        #expect(html("[a](<my file.html>) [b](c(d).html)") ==
            "<p><a href=\"my file.html\">a</a> <a href=\"c(d).html\">b</a></p>\n")
    }

    @Test func outsideLinksBecomeText() {
        #expect(html("[Mazur](https://example.com/post?a=1&b=2)") ==
            "<p>Mazur (https://example.com/post?a=1&amp;b=2)</p>\n")
        #expect(html("[*the* paper](http://a.org/p.pdf)") == "<p><em>the</em> paper (http://a.org/p.pdf)</p>\n")
        #expect(html("[https://a.org](https://a.org)") == "<p>https://a.org</p>\n")
        #expect(html("[mail](mailto:me@a.org) [js](javascript:alert(1)) [x](//evil.org/) [y](/\\evil.org) [z](JAVA\tSCRIPT:x)") ==
            "<p>mail (mailto:me@a.org) js (javascript:alert(1)) x (//evil.org/) y (/\\evil.org) [z](JAVA\tSCRIPT:x)</p>\n")
        #expect(html("<https://a.org>") == "<p>&lt;https://a.org&gt;</p>\n")
        #expect(html("[not a link] [x](y") == "<p>[not a link] [x](y</p>\n")
        #expect(html("[outer [inner](a.html)](b.html)") == "<p>[outer <a href=\"a.html\">inner</a>](b.html)</p>\n")
    }

    @Test func images() {
        #expect(html("![a diagram](figures/net.svg)") == "<p><img src=\"figures/net.svg\" alt=\"a diagram\"/></p>\n")
        #expect(html("![*net*](data:image/png;base64,iVBORw0KGgo= \"t\")") ==
            "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"net\" title=\"t\"/></p>\n")
        #expect(html("![remote <pic>](https://a.org/p.png) ![x](data:text/html,hi)") == "<p>remote &lt;pic&gt; x</p>\n")
        #expect(html("[![icon](i.png)](page.html)") == "<p><a href=\"page.html\"><img src=\"i.png\" alt=\"icon\"/></a></p>\n")
    }

    // MARK: Math

    @Test func inlineMath() {
        #expect(html("$a_1 * b_2$ and $x$") == "<p><m d=\"0\">a_1 * b_2</m> and <m d=\"0\">x</m></p>\n")
        #expect(formulas("$a_1 * b_2 = \\frac{1}{2}$") == ["I:a_1 * b_2 = \\frac{1}{2}"])
        #expect(formulas("*em $x*y$ em*") == ["I:x*y"])
        #expect(html("*em $x*y$ em*") == "<p><em>em <m d=\"0\">x*y</m> em</em></p>\n")
        #expect(formulas("$\\$$ and $a\\\\$") == ["I:\\$", "I:a\\\\"])
        #expect(formulas("$x$, $y$.") == ["I:x", "I:y"])
        #expect(formulas("over\n$two\nlines$") == ["I:two\nlines"])
    }

    @Test func dollarsThatAreNotMath() {
        #expect(html("It costs $5 and $10.") == "<p>It costs $5 and $10.</p>\n")
        #expect(html("\\$x\\$ and $ x$ and $x $ and $x$1") == "<p>$x$ and $ x$ and $x $ and $x$1</p>\n")
        #expect(html("a $ lone dollar") == "<p>a $ lone dollar</p>\n")
        #expect(html("`$x$`") == "<p><code>$x$</code></p>\n")
        #expect(html("$$ unclosed and $$$") == "<p>$$ unclosed and $$$</p>\n")
        #expect(formulas("$5 and $x$") == ["I:5 and $x"])
    }

    @Test func displayMath() {
        #expect(html("$$\n\\frac{a}{b}\n$$") == "<m d=\"1\">\\frac{a}{b}</m>\n")
        #expect(html("$$x^2$$") == "<m d=\"1\">x^2</m>\n")
        #expect(html("where $$y = x$$ holds") == "<p>where <m d=\"1\">y = x</m> holds</p>\n")
        #expect(formulas("$$\na\n\n- b\n# c\n    d\n$$") == ["D:a\n\n- b\n# c\n    d"])
        #expect(html("Text\n$$\nx\n$$\nafter") == "<p>Text</p>\n<m d=\"1\">x</m>\n<p>after</p>\n")
        #expect(html("$$ a\nb $$ tail") == "<m d=\"1\"> a\nb </m>\n<p>tail</p>\n")
        #expect(html("- item\n\n  $$\n  x_1\n  $$") == "<ul>\n<li>\n<p>item</p>\n<m d=\"1\">x_1</m>\n</li>\n</ul>\n")
        #expect(html("> $$\n> q\n> $$") == "<blockquote>\n<m d=\"1\">q</m>\n</blockquote>\n")
        #expect(html("see $$a\n- b$$ here") == "<p>see <m d=\"1\">a\n- b</m> here</p>\n")
        #expect(html("$$\nno end") == "<p>$$\nno end</p>\n")
    }

    /// The explanations the kernel emits: every formula reaches `math` exactly, the prose is untouched.
    @Test(arguments: ["explain-bias", "explain-hidden-weight", "explain-output-weight"])
    func explainSnapshots(_ name: String) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RenderingTests/Snapshots/\(name).md")
        let markdown = try String(contentsOf: url, encoding: .utf8)
        var expectedCalls: [String] = []
        var expectedHTML = ""
        for block in markdown.components(separatedBy: "\n\n") {
            if block.hasPrefix("$$\n") && block.hasSuffix("\n$$") {
                let latex = String(block.dropFirst(3).dropLast(3))
                expectedCalls.append("D:" + latex)
                expectedHTML += fakeMath(latex, true) + "\n"
            } else {
                expectedHTML += "<p>"
                for (index, part) in block.components(separatedBy: "$").enumerated() {
                    if index % 2 == 1 {
                        expectedCalls.append("I:" + part)
                        expectedHTML += fakeMath(part, false)
                    } else {
                        expectedHTML += HTMLText.escape(part)
                    }
                }
                expectedHTML += "</p>\n"
            }
        }
        #expect(expectedCalls.count > 8)
        #expect(formulas(markdown) == expectedCalls)
        #expect(html(markdown) == expectedHTML)
        #expect(parsesAsXML(html(markdown)))
    }

    // MARK: Code blocks

    @Test func fencedCode() {
        #expect(html("```backprop\nlet w = [1, 2] <- *x*\n  $y$\n```") ==
            "<pre><code class=\"language-backprop\">let w = [1, 2] &lt;- *x*\n  $y$\n</code></pre>\n")
        #expect(html("~~~\n```\n~~~~\nafter") == "<pre><code>```\n</code></pre>\n<p>after</p>\n")
        #expect(html("  ```\n  a\n    b\n c\n  ```") == "<pre><code>a\n  b\nc\n</code></pre>\n")
        #expect(html("```py\nunclosed\n\n# still code") == "<pre><code class=\"language-py\">unclosed\n\n# still code\n</code></pre>\n")
        #expect(html("``` a\"b <c>\nx\n```") == "<pre><code class=\"language-a&quot;b\">x\n</code></pre>\n")
        #expect(html("- item\n\n  ```\n  code\n  ```") == "<ul>\n<li>\n<p>item</p>\n<pre><code>code\n</code></pre>\n</li>\n</ul>\n")
    }

    @Test func indentedCode() {
        #expect(html("    let x = 1\n\n      y <\n\ntext") == "<pre><code>let x = 1\n\n  y &lt;\n</code></pre>\n<p>text</p>\n")
        #expect(html("para\n    not code") == "<p>para\nnot code</p>\n")
    }

    // MARK: Lists, quotes, breaks

    @Test func bulletLists() {
        #expect(html("- a\n* b\n+ c") == "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n<ul>\n<li>c</li>\n</ul>\n")
        #expect(html("- one\n- two *em*\n- three") == "<ul>\n<li>one</li>\n<li>two <em>em</em></li>\n<li>three</li>\n</ul>\n")
        #expect(html("- a\n\n- b") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
        #expect(html("- a\n\n  more a\n- b") == "<ul>\n<li>\n<p>a</p>\n<p>more a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
        #expect(html("- a\nlazy\n-\n- c") == "<ul>\n<li>a\nlazy</li>\n<li></li>\n<li>c</li>\n</ul>\n")
        #expect(html("para\n- item") == "<p>para</p>\n<ul>\n<li>item</li>\n</ul>\n")
        #expect(html("-not a list") == "<p>-not a list</p>\n")
        #expect(html("-\tfoo\n\n\tbar") == "<ul>\n<li>\n<p>foo</p>\n<p>bar</p>\n</li>\n</ul>\n")
    }

    @Test func nestedLists() {
        #expect(html("- a\n  - b\n    - c\n- d") ==
            "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n")
        #expect(html("1. one\n    - four spaces\n2. two") ==
            "<ol>\n<li>one\n<ul>\n<li>four spaces</li>\n</ul>\n</li>\n<li>two</li>\n</ol>\n")
        #expect(html("- a\n - b\n  - c") == "<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>\n")
    }

    @Test func orderedLists() {
        #expect(html("1. one\n2. two\n3. three") == "<ol>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ol>\n")
        #expect(html("3) c\n4) d") == "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n")
        #expect(html("The year\n1986. was") == "<p>The year\n1986. was</p>\n")
        #expect(html("1234567890. no") == "<p>1234567890. no</p>\n")
    }

    @Test func blockQuotes() {
        #expect(html("> quoted *text*\ncontinued\n\n> > nested") ==
            "<blockquote>\n<p>quoted <em>text</em>\ncontinued</p>\n</blockquote>\n<blockquote>\n<blockquote>\n<p>nested</p>\n</blockquote>\n</blockquote>\n")
        #expect(html(">- item\n>\n> para") == "<blockquote>\n<ul>\n<li>item</li>\n</ul>\n<p>para</p>\n</blockquote>\n")
        #expect(html(">") == "<blockquote>\n</blockquote>\n")
    }

    @Test func thematicBreaks() {
        #expect(html("---\n***\n_ _ _\n - - -") == "<hr/>\n<hr/>\n<hr/>\n<hr/>\n")
        #expect(html("para\n***\nmore") == "<p>para</p>\n<hr/>\n<p>more</p>\n")
        #expect(html("--") == "<p>--</p>\n")
    }

    // MARK: Tables

    @Test func pipeTables() {
        #expect(html("| Layer | Nodes | Loss |\n|:--|:-:|--:|\n| 1 | *2* | 0.5 |\n| 2 |") == """
            <table>
            <thead>
            <tr>
            <th style="text-align:left">Layer</th>
            <th style="text-align:center">Nodes</th>
            <th style="text-align:right">Loss</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td style="text-align:left">1</td>
            <td style="text-align:center"><em>2</em></td>
            <td style="text-align:right">0.5</td>
            </tr>
            <tr>
            <td style="text-align:left">2</td>
            <td style="text-align:center"></td>
            <td style="text-align:right"></td>
            </tr>
            </tbody>
            </table>

            """)
        #expect(html("a | b\n--- | ---") == "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n</table>\n")
        #expect(html("| x | y |\n|---|---|\n| a \\| b | $|w|$ |\n| 1 | 2 | 3 |\n\nafter") ==
            "<table>\n<thead>\n<tr>\n<th>x</th>\n<th>y</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>a | b</td>\n<td><m d=\"0\">|w|</m></td>\n</tr>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n<p>after</p>\n")
        #expect(html("Intro line\n| a | b |\n|---|---|\n| 1 | 2 |\n# Next") ==
            "<p>Intro line</p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n<h1 id=\"Next\">Next</h1>\n")
        #expect(html("| a | b |\n|---|") == "<p>| a | b |\n|---|</p>\n")
    }

    // MARK: Safety

    @Test func deeplyNestedContainers() {
        let inputs = [
            String(repeating: "- ", count: 10_000) + "x",
            String(repeating: "> ", count: 10_000) + "x",
            String(repeating: "1. > * ", count: 5_000) + "x\n" + String(repeating: ">", count: 10_000),
            (0..<2_000).map { String(repeating: " ", count: 2 * $0) + "- item" }.joined(separator: "\n"),
            String(repeating: "[", count: 10_000) + "a" + String(repeating: "](b)", count: 10_000),
            String(repeating: "*a ", count: 10_000) + String(repeating: " a*", count: 10_000),
            String(repeating: "*", count: 50_000) + "a" + String(repeating: "*", count: 50_000),
        ]
        for input in inputs {
            let clock = ContinuousClock()
            var output = ""
            let elapsed = clock.measure { output = html(input) }
            #expect(elapsed < .seconds(2), "\(input.prefix(20))… took \(elapsed)")
            #expect(parsesAsXML(output), "\(input.prefix(20))…")
        }
        // Nesting stops at 32 blocks (16 lists); the deeper markers stay as text.
        let deepList = html(String(repeating: "- ", count: 10_000) + "x")
        #expect(deepList.components(separatedBy: "<li>").count - 1 == 16)
        #expect(deepList.contains("<li>- - - - ") && deepList.contains(" - - x</li>\n</ul>\n</li>\n</ul>\n"))
        let deepEmphasis = html(String(repeating: "*a ", count: 100) + String(repeating: " a*", count: 100))
        #expect(deepEmphasis.components(separatedBy: "<em>").count - 1 == 32)
        #expect(deepEmphasis.components(separatedBy: "</em>").count - 1 == 32)
    }

    @Test func longRunsAndUnclosedThings() {
        let inputs = [
            String(repeating: "*", count: 100_000),
            "a" + String(repeating: "*", count: 100_000) + "b",
            String(repeating: "`", count: 100_000),
            String(repeating: "` ``", count: 25_000),
            String(repeating: "$a ", count: 30_000),
            String(repeating: "$$ a ", count: 20_000),
            String(repeating: "```\n", count: 1) + String(repeating: "x\n", count: 10_000),
            String(repeating: "[a](b()", count: 10_000),
            String(repeating: "[a](<b", count: 10_000),
            String(repeating: "[a](b \"t", count: 10_000),
            String(repeating: "![", count: 30_000),
            String(repeating: "&#", count: 30_000),
            String(repeating: "\\", count: 100_000),
            String(repeating: "|a", count: 3_000) + "|\n" + String(repeating: "|-", count: 3_000) + "|\n" + String(repeating: "x\n", count: 2_000),
            String(repeating: "$$\n", count: 10_000),
            String(repeating: "a  \n", count: 20_000),
            "\u{0}\u{1}\u{B}\u{FFFE} control <&>",
        ]
        for input in inputs {
            let clock = ContinuousClock()
            var output = ""
            let elapsed = clock.measure { output = html(input) }
            #expect(elapsed < .seconds(2), "\(input.prefix(20).debugDescription)… took \(elapsed)")
            #expect(parsesAsXML(output), "\(input.prefix(20).debugDescription)…")
        }
    }

    /// A 100 KB paragraph of `*` and `_` runs: linear, not quadratic.
    @Test func hundredKilobyteEmphasisRuns() {
        var random = SplitMix64(state: 7)
        let pieces = ["*", "_", "**", "__", "***", "a", " ", "*a", "_b", "a*", "b_", "***___"]
        var input = ""
        while input.utf8.count < 100_000 { input += pieces[random.below(pieces.count)] }
        for text in [input, String(repeating: "*_", count: 50_000), String(repeating: "_*a ", count: 25_000)] {
            let clock = ContinuousClock()
            var output = ""
            let elapsed = clock.measure { output = html(text) }
            #expect(elapsed < .milliseconds(800), "took \(elapsed)")
            #expect(parsesAsXML(output))
        }
    }

    @Test func theXMLCheckRejectsBrokenXML() {
        #expect(parsesAsXML("<p>a<br/></p>"))
        #expect(!parsesAsXML("<p>a<br></p>"))
        #expect(!parsesAsXML("<p>a & b</p>"))
    }

    @Test func fuzz() {
        var random = SplitMix64(state: 2024)
        let tokens = ["*", "_", "**", "__", "`", "```", "~~~", "$", "$$", "\\", "[", "]", "(", ")", "![", "](", "#", "## ", ">", "> ",
                      "-", "- ", "+ ", "1. ", "2) ", "|", "|---|", ":", "---", "\n", "\n\n", " ", "  ", "    ", "\t", "a", "b c",
                      "<", "&", "&amp;", "\"", "'", "http://x.org", "https://", "//", "javascript:", "data:image/png,",
                      "é", "\u{0}", "\u{1F600}", "=", "!", "<script>", "<style>"]
        var seen: Set<String> = []
        for _ in 0..<3_000 {
            var input = ""
            for _ in 0..<random.below(60) { input += tokens[random.below(tokens.count)] }
            let output = html(input)
            for tag in ["<em>", "<strong>", "<code>", "<a href", "<img", "<m d=\"0\"", "<m d=\"1\"", "<table>", "<ul>", "<ol", "<li>", "<blockquote>", "<h", "<pre>", "<hr/>", "<br/>"]
            where output.contains(tag) {
                seen.insert(tag)
            }
            #expect(parsesAsXML(output), "\(input.debugDescription)")
            #expect(!output.contains("<script") && !output.contains("<style"), "\(input.debugDescription)")
            #expect(!output.contains("href=\"http") && !output.contains("src=\"http") && !output.contains("href=\"//")
                && !output.contains("href=\"javascript"), "\(input.debugDescription)")
        }
        #expect(seen.count == 16, "the fuzz never made \(seen)")
    }
}
