import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import NotebookExport

@Suite struct MathMLTests {
    /// Whether `text` is one well-formed XML element. The delegate counts elements because
    /// FoundationXML's `parse()` alone accepts a document that ends with elements still open.
    static func isWellFormed(_ text: String) -> Bool {
        let parser = XMLParser(data: Data(text.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        return parser.parse() && counter.started > 0 && counter.open == 0
    }

    private final class ElementCounter: NSObject, XMLParserDelegate {
        var started = 0
        var open = 0

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            started += 1
            open += 1
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            open -= 1
        }
    }

    /// How deeply elements nest in `text`, which has no self-closing tags.
    static func elementDepth(_ text: String) -> Int {
        var depth = 0
        var deepest = 0
        var previous: Character = " "
        for character in text {
            if previous == "<" {
                depth += character == "/" ? -1 : 1
                deepest = max(deepest, depth)
            }
            previous = character
        }
        return deepest
    }

    /// The formulas in a snapshot: display math between `$$`, inline math between single `$`.
    static func formulas(in text: String) -> [(latex: String, display: Bool)] {
        var result: [(latex: String, display: Bool)] = []
        for (index, part) in text.components(separatedBy: "$$").enumerated() {
            if index % 2 == 1 {
                result.append((part, true))
            } else {
                for (inner, inline) in part.components(separatedBy: "$").enumerated() where inner % 2 == 1 {
                    result.append((inline, false))
                }
            }
        }
        return result
    }

    static let snapshots = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RenderingTests").appendingPathComponent("Snapshots")

    // MARK: - Exact output

    @Test func subscriptAndSuperscriptTogether() {
        #expect(MathML.render("x^{1}_{0}", display: false) == "<math><msubsup><mi>x</mi><mn>0</mn><mn>1</mn></msubsup></math>")
        #expect(MathML.render("a^2_k", display: false) == "<math><msubsup><mi>a</mi><mi>k</mi><mn>2</mn></msubsup></math>")
        #expect(MathML.render("W^{2}_{m1}", display: false)
            == "<math><msubsup><mi>W</mi><mrow><mi>m</mi><mn>1</mn></mrow><mn>2</mn></msubsup></math>")
    }

    @Test func fractionOfPartials() {
        #expect(MathML.render("\\frac{\\partial C}{\\partial W^{1}}", display: true)
            == "<math display=\"block\"><mfrac><mrow><mi>∂</mi><mi>C</mi></mrow><mrow><mi>∂</mi><msup><mi>W</mi><mn>1</mn></msup></mrow></mfrac></math>")
    }

    @Test func boxedIsABorderedRow() {
        #expect(MathML.render("\\boxed{x}", display: false)
            == "<math><mrow style=\"border:1px solid currentColor;padding:1px 4px\"><mi>x</mi></mrow></math>")
    }

    @Test func singleTokenArguments() {
        #expect(MathML.render("\\tfrac12", display: false) == "<math><mfrac><mn>1</mn><mn>2</mn></mfrac></math>")
        #expect(MathML.render("x^12", display: false) == "<math><msup><mi>x</mi><mn>1</mn></msup><mn>2</mn></math>")
        #expect(MathML.render("\\tfrac12", display: true)
            == "<math display=\"block\"><mstyle displaystyle=\"false\" scriptlevel=\"0\"><mfrac><mn>1</mn><mn>2</mn></mfrac></mstyle></math>")
    }

    @Test func bracketMatrix() {
        #expect(MathML.render("\\begin{bmatrix} 0.15 & -0.2 \\\\ 0.25 & 0.3 \\end{bmatrix}", display: true)
            == "<math display=\"block\"><mrow><mo>[</mo><mtable>"
            + "<mtr><mtd><mn>0.15</mn></mtd><mtd><mo>−</mo><mn>0.2</mn></mtd></mtr>"
            + "<mtr><mtd><mn>0.25</mn></mtd><mtd><mn>0.3</mn></mtd></mtr>"
            + "</mtable><mo>]</mo></mrow></math>")
    }

    @Test func parenthesisMatrixAndTrailingRowBreak() {
        #expect(MathML.render("\\begin{pmatrix} a \\\\ b \\\\ \\end{pmatrix}", display: false)
            == "<math><mrow><mo>(</mo><mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable><mo>)</mo></mrow></math>")
    }

    @Test func alignedRows() {
        let cells = (
            right: "<mtd style=\"text-align:right;text-align:-webkit-right;padding-right:0\">",
            left: "<mtd style=\"text-align:left;text-align:-webkit-left;padding-left:0\">"
        )
        #expect(MathML.render("\\begin{aligned}\na &= b + 1 \\\\\n&= 0.2413\n\\end{aligned}", display: true)
            == "<math display=\"block\"><mtable displaystyle=\"true\" columnalign=\"right left\" columnspacing=\"0em 2em\">"
            + "<mtr>\(cells.right)<mi>a</mi></mtd>\(cells.left)<mo>=</mo><mi>b</mi><mo>+</mo><mn>1</mn></mtd></mtr>"
            + "<mtr>\(cells.right)</mtd>\(cells.left)<mo>=</mo><mn>0.2413</mn></mtd></mtr>"
            + "</mtable></math>")
    }

    @Test func text() {
        #expect(MathML.render("\\text{(sigmoid)}", display: false) == "<math><mtext>(sigmoid)</mtext></math>")
        #expect(MathML.render("C \\text{ (before  the step)}", display: false)
            == "<math><mi>C</mi><mtext>\u{A0}(before the step)</mtext></math>")
        #expect(MathML.render("\\text{if $x<0$}", display: false)
            == "<math><mrow><mtext>if\u{A0}</mtext><mrow><mi>x</mi><mo>&lt;</mo><mn>0</mn></mrow></mrow></math>")
    }

    @Test func minusSignAndNumbers() {
        #expect(MathML.render("-0.5", display: false) == "<math><mo>−</mo><mn>0.5</mn></math>")
        #expect(MathML.render("1e-07", display: false) == "<math><mn>1e-07</mn></math>")
        #expect(MathML.render("2.5E+3x", display: false) == "<math><mn>2.5E+3</mn><mi>x</mi></math>")
        #expect(MathML.render("1 \\times 10^{-7}", display: false)
            == "<math><mn>1</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>7</mn></mrow></msup></math>")
        #expect(MathML.render("(0.05, 0.10)", display: false)
            == "<math><mo stretchy=\"false\">(</mo><mn>0.05</mn><mo>,</mo><mn>0.10</mn><mo stretchy=\"false\">)</mo></math>")
    }

    @Test func primes() {
        #expect(MathML.render("\\sigma'(z)", display: false)
            == "<math><msup><mi>σ</mi><mo>′</mo></msup><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo></math>")
        #expect(MathML.render("f''^{2}_k", display: false)
            == "<math><msubsup><mi>f</mi><mi>k</mi><mrow><mo>″</mo><mn>2</mn></mrow></msubsup></math>")
    }

    @Test func sumLimitsDependOnStyle() {
        #expect(MathML.render("\\sum_{m} W", display: true) == "<math display=\"block\"><munder><mo>∑</mo><mi>m</mi></munder><mi>W</mi></math>")
        #expect(MathML.render("\\sum_{m} W", display: false) == "<math><msub><mo>∑</mo><mi>m</mi></msub><mi>W</mi></math>")
        #expect(MathML.render("\\frac{\\sum_k a}{2}", display: true).contains("<msub><mo>∑</mo>"))
        #expect(MathML.render("\\sum\\limits_k", display: false) == "<math><munder><mo>∑</mo><mi>k</mi></munder></math>")
    }

    @Test func lettersAndFonts() {
        #expect(MathML.render("\\Delta W \\eta \\nabla", display: false)
            == "<math><mi mathvariant=\"normal\">Δ</mi><mi>W</mi><mi>η</mi><mi mathvariant=\"normal\">∇</mi></math>")
        #expect(MathML.render("\\mathrm{d}x \\mathrm{ReLU}", display: false)
            == "<math><mi mathvariant=\"normal\">d</mi><mi>x</mi><mi>ReLU</mi></math>")
        #expect(MathML.render("\\mathbf{W1} \\mathbb{R} \\boldsymbol{\\delta}", display: false)
            == "<math><mrow><mi>𝐖</mi><mn>𝟏</mn></mrow><mi>ℝ</mi><mi>𝜹</mi></math>")
        #expect(MathML.render("\\sin x", display: false) == "<math><mi>sin</mi><mi>x</mi></math>")
    }

    @Test func fencesAndSizes() {
        #expect(MathML.render("\\left(a\\right]", display: false)
            == "<math><mrow><mo>(</mo><mi>a</mi><mo>]</mo></mrow></math>")
        #expect(MathML.render("\\left. x \\right\\}", display: false)
            == "<math><mrow><mi>x</mi><mo>}</mo></mrow></math>")
        #expect(MathML.render("\\{ \\}", display: false)
            == "<math><mo stretchy=\"false\">{</mo><mo stretchy=\"false\">}</mo></math>")
        #expect(MathML.render("\\big( x \\big)", display: false)
            == "<math><mo stretchy=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">(</mo><mi>x</mi>"
            + "<mo stretchy=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">)</mo></math>")
    }

    @Test func spacesRootsAndAccents() {
        #expect(MathML.render("a\\,b\\quad c", display: false)
            == "<math><mi>a</mi><mspace width=\"0.1667em\"></mspace><mi>b</mi><mspace width=\"1em\"></mspace><mi>c</mi></math>")
        #expect(MathML.render("\\sqrt{x} \\sqrt[3]{y}", display: false)
            == "<math><msqrt><mi>x</mi></msqrt><mroot><mi>y</mi><mn>3</mn></mroot></math>")
        #expect(MathML.render("\\hat{y}", display: false)
            == "<math><mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">^</mo></mover></math>")
    }

    @Test func escapesMarkup() {
        let output = MathML.render("a < b > c \\& d \\text{<&>}", display: false)
        #expect(output == "<math><mi>a</mi><mo>&lt;</mo><mi>b</mi><mo>&gt;</mo><mi>c</mi><mo>&amp;</mo><mi>d</mi><mtext>&lt;&amp;&gt;</mtext></math>")
        #expect(Self.isWellFormed(MathML.render("\\text{<\u{301}} <\u{301} \\<\u{301}", display: false)))
    }

    @Test func noNamespaceAndNoURLs() {
        let output = MathML.render("\\frac{\\partial C}{\\partial b^{1}}", display: true)
        #expect(output.hasPrefix("<math display=\"block\">"))
        #expect(!output.contains("xmlns"))
        #expect(!output.contains("http"))
        #expect(MathML.render("x", display: false) == "<math><mi>x</mi></math>")
    }

    @Test func commandsOutsideEnvironmentsAreIgnored() {
        #expect(MathML.render("a \\\\ b & c", display: false) == "<math><mi>a</mi><mi>b</mi><mi>c</mi></math>")
        #expect(MathML.render("{a}{}", display: false) == "<math><mi>a</mi><mrow></mrow></math>")
        #expect(MathML.render("  x  %comment\n + y ", display: false) == "<math><mi>x</mi><mo>+</mo><mi>y</mi></math>")
    }

    // MARK: - Errors

    @Test func wellFormednessCheckRejectsBrokenXML() {
        #expect(Self.isWellFormed("<math><mi>x</mi></math>"))
        #expect(!Self.isWellFormed("<math><mi>x</mi>"))
        #expect(!Self.isWellFormed("<math>&</math>"))
        #expect(!Self.isWellFormed("<math>\u{1}</math>"))
        #expect(!Self.isWellFormed("<math><mi>x</mo></math>"))
    }

    @Test func unknownCommandIsShownAsError() {
        #expect(MathML.render("\\foo", display: false) == "<math><merror><mtext>\\foo</mtext></merror></math>")
        #expect(MathML.render("\\foo{x} + 1", display: false)
            == "<math><merror><mtext>\\foo</mtext></merror><mi>x</mi><mo>+</mo><mn>1</mn></math>")
        #expect(MathML.render("\\begin{foo} a \\end{foo}", display: false)
            == "<math><mrow><merror><mtext>\\begin{foo}</mtext></merror><mtable><mtr><mtd><mi>a</mi></mtd></mtr></mtable></mrow></math>")
    }

    @Test func unbalancedInputKeepsGoing() {
        let cases = [
            "}}} x", "{{{ x", "\\begin{bmatrix} 1 & 2", "\\end{aligned} x", "\\left( x", "x \\right)", "\\frac{1}",
            "x^", "_", "\\sqrt[", "\\text{abc", "\\begin{", "\\begin", "\\", "x^^y", "\\left", "\\right", "\\big",
            "\\begin{bmatrix} {a & b} \\end{bmatrix}", "\\begin{aligned} a &= \\left( b \\\\ c \\right) \\end{aligned}",
            "\\left( \\begin{bmatrix} a \\right) \\end{bmatrix}", "$x$", "\\text{$x}", "\\text{$", "&&&", "\\\\[4pt] x",
            "\\begin{array}{l|cr} a & b & c \\end{array}", "\\begin{array}{", "\\operatorname*{arg\\,max}_k",
            "x'''''", "'", "\\sqrt[3", "\\hat", "\\mathbf", "\\overset{a}", "\\end", "\\end{",
        ]
        for latex in cases {
            for display in [false, true] {
                let output = MathML.render(latex, display: display)
                #expect(Self.isWellFormed(output), "\(latex) → \(output)")
            }
        }
        #expect(MathML.render("}", display: false) == "<math><merror><mtext>}</mtext></merror></math>")
        #expect(MathML.render("\\left( x", display: false) == "<math><mrow><mo>(</mo><mi>x</mi></mrow></math>")
        #expect(MathML.render("\\end{aligned}", display: false) == "<math><merror><mtext>\\end{aligned}</mtext></merror></math>")
        #expect(MathML.render("\\begin{bmatrix} 1 & 2", display: false)
            == "<math><mrow><mo>[</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr></mtable><mo>]</mo></mrow></math>")
    }

    /// Every construct that nests, 10,000 deep.
    static let deepInputs = [
        "{", "{x}", "x^{", "\\frac", "\\frac{", "\\sqrt", "\\sqrt[", "\\left(", "\\begin{bmatrix}", "\\text{$", "\\mathbf",
        "\\displaystyle{", "\\left(\\displaystyle", "x^{\\displaystyle ", "\\hat{", "x^1", "\\overset{", "\\operatorname{",
        "\\begin{aligned}\\displaystyle\\left(",
    ].map { String(repeating: $0, count: 10_000) }

    @Test func deepNestingIsCutOffAsText() {
        for latex in Self.deepInputs {
            let output = MathML.render(latex, display: true)
            #expect(Self.isWellFormed(output), "\(latex.prefix(40))…")
            // libxml2, behind XMLParser, rejects documents nested more than 256 deep.
            #expect(Self.elementDepth(output) < 250, "\(latex.prefix(40))… nests \(Self.elementDepth(output)) deep")
        }
        let braces = MathML.render(String(repeating: "{", count: 10_000), display: false)
        #expect(braces.contains("<mtext>" + String(repeating: "{", count: 9_900)))
    }

    /// The depth cap keeps the recursion within a secondary thread's stack on macOS (512 KiB), even unoptimized.
    @Test func deepNestingFitsInASmallStack() {
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            for latex in MathMLTests.deepInputs { _ = MathML.render(latex, display: true) }
            finished.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        #expect(finished.wait(timeout: .now() + 60) == .success)
    }

    @Test func controlCharactersAreDropped() {
        let output = MathML.render("\u{0}x\u{1}\u{7F}\u{FFFE}\u{1FFFF}+\u{B}y", display: false)
        #expect(output == "<math><mi>x</mi><mo>+</mo><mi>y</mi></math>")
        #expect(Self.isWellFormed(MathML.render("\\text{a\u{0}b\u{1B}}", display: false)))
    }

    /// Random strings over the characters and commands LaTeX math is made of never trap and always give XML.
    @Test func fuzz() {
        let alphabet = [
            "\\", "{", "}", "^", "_", "&", "$", "[", "]", "(", ")", "'", "a", "x", "W", "1", "0", ".", "-", "+", "e", "=",
            " ", "\n", "<", ">", "%", "~", "|", "é", "\u{301}", "\u{1}", "😀", "\\\\", "\\frac", "\\left", "\\right",
            "\\begin{bmatrix}", "\\end{bmatrix}", "\\begin{aligned}", "\\end{aligned}", "\\begin{cases}", "\\begin{array}",
            "\\begin{", "\\end{", "\\text{", "\\sqrt", "\\sum", "\\hat", "\\mathbf", "\\big", "\\foo", "\\end", "\\begin",
            "\\operatorname", "\\limits", "\\displaystyle", "\\partial", "\\delta", "\\cdot", "\\quad", "\\,", "\\{", "\\}",
            "\\overset", "\\tfrac", "\\binom", "\\right.", "\\left.", "\\middle", "\\text", "\\mathrm{", "1e-07",
        ]
        var generator = SplitMix64(seed: 0x5EED)
        for iteration in 0..<4_000 {
            let length = Int(generator.next() % 40)
            var latex = ""
            for _ in 0..<length { latex += alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let output = MathML.render(latex, display: iteration % 2 == 0)
            #expect(Self.isWellFormed(output), "\(latex) → \(output)")
            #expect(output.hasPrefix("<math") && output.hasSuffix("</math>"))
        }
    }

    // MARK: - The kernel's and the lecture's formulas

    @Test func everySnapshotFormulaConverts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.snapshots.path)
            .filter { $0.hasSuffix(".tex") || $0.hasSuffix(".md") }
        for required in ["explain-hidden-weight.tex", "mazur-gradients.tex", "mazur-step.tex", "matrix-summarised.tex", "mazur-gradient-check.tex"] {
            #expect(files.contains(required))
        }
        var count = 0
        for file in files {
            let text = try String(contentsOf: Self.snapshots.appendingPathComponent(file), encoding: .utf8)
            for formula in Self.formulas(in: text) {
                let output = MathML.render(formula.latex, display: formula.display)
                #expect(!output.contains("<merror"), "\(file): \(formula.latex) → \(output)")
                #expect(Self.isWellFormed(output), "\(file): \(formula.latex)")
                count += 1
            }
        }
        #expect(count > 60)
    }

    @Test func lectureFormulasConvert() {
        let lecture = [
            "z^l_k = \\sum_j W^l_{kj}\\, a^{l-1}_j + b^l_k", "a^l_k = \\sigma(z^l_k)", "\\delta^l_k = \\partial C / \\partial z^l_k",
            "\\partial C/\\partial W^1", "0.5\\, \\delta^1_k", "x = a^0 = (0.05, 0.10)", "z^l = W^l a^{l-1} + b^l",
            "C = \\tfrac12 \\sum_k (y_k - a^2_k)^2", "\\delta^2 = (a^2 - y) \\odot \\sigma'(z^2)",
            "\\delta^1 = \\big((W^2)^T \\delta^2\\big) \\odot \\sigma'(z^1)", "\\partial C/\\partial W^l_{kj} = \\delta^l_k\\, a^{l-1}_j",
            "(C(w+\\varepsilon) - C(w-\\varepsilon)) / 2\\varepsilon", "W^l \\leftarrow W^l - \\eta\\, \\partial C/\\partial W^l",
            "\\Delta W^l = -\\eta\\, \\partial C/\\partial W^l", "C = \\frac{1}{2}\\sum_{k} (a^{2}_{k} - y_{k})^{2}",
        ]
        for latex in lecture {
            let output = MathML.render(latex, display: false)
            #expect(!output.contains("<merror"), "\(latex) → \(output)")
            #expect(Self.isWellFormed(output))
        }
    }

    @Test func everyListedCommandIsKnown() {
        let commands = [
            "\\partial", "\\delta", "\\Delta", "\\sigma", "\\eta", "\\alpha", "\\beta", "\\gamma", "\\epsilon", "\\varepsilon",
            "\\theta", "\\lambda", "\\mu", "\\pi", "\\rho", "\\tau", "\\phi", "\\omega", "\\Sigma", "\\Omega", "\\cdot",
            "\\times", "\\quad", "\\qquad", "a\\,b", "a\\;b", "a\\!b", "\\sum", "\\prod", "\\int", "\\left( x \\right)",
            "\\left[ x \\right]", "\\cdots", "\\vdots", "\\ddots", "\\ldots", "\\text{a b}", "\\mathrm{d}", "\\odot", "\\leq",
            "\\geq", "\\neq", "\\approx", "\\to", "\\rightarrow", "\\infty", "\\in", "\\sqrt{2}", "\\hat{y}", "\\{ \\}",
            "\\begin{pmatrix} 1 \\end{pmatrix}", "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
            "\\log \\exp \\max_k \\lim_{n \\to \\infty}", "\\frac{a}{b} \\dfrac{a}{b}", "\\bar{x} \\vec{v} \\overline{ab}",
            "\\mathbf{x} \\mathcal{L} \\mathbb{R}", "\\operatorname{ReLU}", "\\pm \\le \\ge \\sim \\propto",
        ]
        for latex in commands {
            let output = MathML.render(latex, display: true)
            #expect(!output.contains("<merror"), "\(latex) → \(output)")
            #expect(Self.isWellFormed(output))
        }
    }

    /// A small seeded generator, so the fuzz test checks the same strings on every run.
    private struct SplitMix64 {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
