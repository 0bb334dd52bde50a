/// LaTeX math (the subset the lecture and the kernel's formulas use) as presentation MathML,
/// so an exported page shows formulas with no script.
public enum MathML {
    /// `latex` (without `$` delimiters) as a `<math>` element, `display="block"` when `display`.
    /// Never fails: an unknown command is shown as its name in `<merror>`.
    public static func render(_ latex: String, display: Bool) -> String {
        var parser = Parser(latex, display: display)
        let nodes = parser.parseFormula()
        var out = display ? "<math display=\"block\">" : "<math>"
        for node in nodes { node.write(to: &out) }
        out += "</math>"
        return out
    }

    /// Escapes by Unicode scalar rather than by Character: a combining mark after `<` makes one
    /// grapheme that is not equal to "<", and would slip an unescaped `<` into the page.
    fileprivate static func escape(_ text: String, into out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }
}

// MARK: - Nodes

extension MathML {
    /// An element before it is written, so that scripts and fractions can take parts already parsed.
    fileprivate indirect enum Node {
        case token(tag: String, attributes: String, text: String)
        case element(tag: String, attributes: String, children: [Node])

        static let empty = Node.element(tag: "mrow", attributes: "", children: [])

        static func mi(_ text: String, upright: Bool = false) -> Node {
            .token(tag: "mi", attributes: upright ? " mathvariant=\"normal\"" : "", text: text)
        }

        static func mn(_ text: String) -> Node { .token(tag: "mn", attributes: "", text: text) }

        static func mo(_ text: String, _ attributes: String = "") -> Node {
            .token(tag: "mo", attributes: attributes, text: text)
        }

        /// Brackets typed as plain characters keep their size, as in LaTeX; MathML would stretch them.
        static func fence(_ text: String) -> Node { .mo(text, " stretchy=\"false\"") }

        /// Edge spaces become no-break spaces: browsers drop leading and trailing spaces in `<mtext>`.
        static func mtext(_ text: String, _ attributes: String = "") -> Node {
            var scalars = Array(text.unicodeScalars)
            if let first = scalars.first, first == " " { scalars[0] = "\u{A0}" }
            if let last = scalars.last, last == " " { scalars[scalars.count - 1] = "\u{A0}" }
            var result = ""
            result.unicodeScalars.append(contentsOf: scalars)
            return .token(tag: "mtext", attributes: attributes, text: result)
        }

        static func space(_ width: String) -> Node {
            .element(tag: "mspace", attributes: " width=\"\(width)\"", children: [])
        }

        static func error(_ text: String) -> Node {
            .element(tag: "merror", attributes: "", children: [.mtext(text)])
        }

        /// Elements that take a fixed number of children need one node per part.
        static func row(_ nodes: [Node]) -> Node {
            nodes.count == 1 ? nodes[0] : .element(tag: "mrow", attributes: "", children: nodes)
        }

        func write(to out: inout String) {
            switch self {
            case let .token(tag, attributes, text):
                Self.open(tag, attributes, &out)
                MathML.escape(text, into: &out)
                Self.close(tag, &out)
            case let .element(tag, attributes, children):
                Self.open(tag, attributes, &out)
                for child in children { child.write(to: &out) }
                Self.close(tag, &out)
            }
        }

        private static func open(_ tag: String, _ attributes: String, _ out: inout String) {
            out += "<"
            out += tag
            out += attributes
            out += ">"
        }

        private static func close(_ tag: String, _ out: inout String) {
            out += "</"
            out += tag
            out += ">"
        }
    }

    /// Where a big operator's scripts go: beside it, under and over it in display style, or always under and over.
    fileprivate enum Limits {
        case sides, display, always
    }

    /// A parsed base with where its scripts go.
    fileprivate struct Primary {
        var node: Node
        var limits: Limits

        init(_ node: Node, _ limits: Limits = .sides) {
            self.node = node
            self.limits = limits
        }
    }

    /// What ends a run of math: the enclosing constructs' terminators are inherited, so a missing `}`
    /// inside a matrix cell ends at the cell's `&` instead of swallowing the rest of the matrix.
    fileprivate struct Stops: OptionSet {
        let rawValue: UInt8
        static let closeBrace = Stops(rawValue: 1 << 0)
        static let ampersand = Stops(rawValue: 1 << 1)
        static let rowBreak = Stops(rawValue: 1 << 2)
        static let end = Stops(rawValue: 1 << 3)
        static let right = Stops(rawValue: 1 << 4)
        static let dollar = Stops(rawValue: 1 << 5)
        static let closeBracket = Stops(rawValue: 1 << 6)
    }
}

// MARK: - Symbols

extension MathML {
    /// What a command without arguments stands for.
    fileprivate enum Symbol {
        /// An `<mi>`: letters and letter-like signs.
        case identifier(String)
        /// An `<mo>`.
        case `operator`(String)
        /// An `<mo>` that can also follow `\left`, `\right` and `\big`.
        case fence(String)
        /// An `<mo>` such as ∑ whose scripts may go under and over it.
        case large(String, Limits)
        /// An upright `<mi>` such as sin or lim.
        case function(String, Limits)
        /// An `<mspace>` of this width.
        case space(String)

        /// The symbol's characters, for `\text{…}`, which has no operators or spaces of its own.
        var text: String {
            switch self {
            case let .identifier(text), let .operator(text), let .fence(text), let .large(text, _), let .function(text, _):
                return text
            case .space:
                return " "
            }
        }
    }

    /// The commands without arguments, written as "name value" pairs to keep the table readable.
    fileprivate static let symbols: [String: Symbol] = {
        var table: [String: Symbol] = [:]
        func add(_ pairs: String, _ make: (String) -> Symbol) {
            let words = pairs.split(separator: " ").map(String.init)
            var index = 0
            while index + 1 < words.count {
                table[words[index]] = make(words[index + 1])
                index += 2
            }
        }
        add("""
            alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ \
            iota ι kappa κ varkappa ϰ lambda λ mu μ nu ν xi ξ omicron ο pi π varpi ϖ rho ρ varrho ϱ \
            sigma σ varsigma ς tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω \
            Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω \
            partial ∂ infty ∞ nabla ∇ ell ℓ hbar ℏ hslash ℏ emptyset ∅ varnothing ∅ aleph ℵ Re ℜ Im ℑ \
            wp ℘ imath ı jmath ȷ top ⊤ bot ⊥ intercal ⊺ angle ∠ triangle △ Box □ checkmark ✓ \
            dagger † ddagger ‡ S § P ¶
            """, Symbol.identifier)
        add("""
            cdot ⋅ times × div ÷ pm ± mp ∓ ast ∗ star ⋆ circ ∘ bullet ∙ odot ⊙ oplus ⊕ ominus ⊖ \
            otimes ⊗ oslash ⊘ cup ∪ cap ∩ setminus ∖ wedge ∧ vee ∨ land ∧ lor ∨ neg ¬ lnot ¬ \
            forall ∀ exists ∃ nexists ∄ leq ≤ le ≤ geq ≥ ge ≥ neq ≠ ne ≠ leqslant ⩽ geqslant ⩾ \
            ll ≪ gg ≫ approx ≈ sim ∼ simeq ≃ cong ≅ equiv ≡ propto ∝ prec ≺ succ ≻ preceq ⪯ succeq ⪰ \
            subset ⊂ supset ⊃ subseteq ⊆ supseteq ⊇ in ∈ ni ∋ notin ∉ perp ⊥ parallel ∥ mid ∣ \
            models ⊨ vdash ⊢ coloneqq ≔ triangleq ≜ doteq ≐ asymp ≍ \
            to → rightarrow → leftarrow ← gets ← leftrightarrow ↔ Rightarrow ⇒ Leftarrow ⇐ \
            Leftrightarrow ⇔ implies ⟹ impliedby ⟸ iff ⟺ mapsto ↦ longrightarrow ⟶ longleftarrow ⟵ \
            longleftrightarrow ⟷ Longrightarrow ⟹ Longleftarrow ⟸ longmapsto ⟼ nearrow ↗ searrow ↘ \
            swarrow ↙ nwarrow ↖ hookrightarrow ↪ hookleftarrow ↩ rightharpoonup ⇀ leftharpoonup ↼ \
            ldots … dots … dotsc … dotsb ⋯ cdots ⋯ vdots ⋮ ddots ⋱ colon : prime ′ bmod mod mod mod \
            % % & & # # $ $ _ _
            """, Symbol.operator)
        add("""
            { { } } | ‖ lbrace { rbrace } lbrack [ rbrack ] langle ⟨ rangle ⟩ lvert | rvert | vert | \
            lVert ‖ rVert ‖ Vert ‖ lfloor ⌊ rfloor ⌋ lceil ⌈ rceil ⌉ uparrow ↑ downarrow ↓ \
            updownarrow ↕ Uparrow ⇑ Downarrow ⇓ backslash \\
            """, Symbol.fence)
        add("""
            sum ∑ prod ∏ coprod ∐ bigcup ⋃ bigcap ⋂ bigvee ⋁ bigwedge ⋀ bigoplus ⨁ bigotimes ⨂ \
            bigodot ⨀ bigsqcup ⨆
            """) { .large($0, .display) }
        add("int ∫ iint ∬ iiint ∭ oint ∮") { .large($0, .sides) }
        for name in "arccos arcsin arctan arg cos cosh cot coth csc deg dim exp hom ker lg ln log sec sin sinh tan tanh".split(separator: " ") {
            table[String(name)] = .function(String(name), .sides)
        }
        for name in "det gcd inf lim max min Pr sup".split(separator: " ") {
            table[String(name)] = .function(String(name), .display)
        }
        table["liminf"] = .function("lim inf", .display)
        table["limsup"] = .function("lim sup", .display)
        table["argmax"] = .function("arg max", .display)
        table["argmin"] = .function("arg min", .display)
        add("""
            , 0.1667em : 0.2222em > 0.2222em ; 0.2778em ! -0.1667em quad 1em qquad 2em enspace 0.5em \
            thinspace 0.1667em medspace 0.2222em thickspace 0.2778em negthinspace -0.1667em \
            negmedspace -0.2222em negthickspace -0.2778em
            """, Symbol.space)
        table[" "] = .space("0.3333em")
        return table
    }()

    /// An accent or brace set over or under its argument.
    fileprivate struct Accent {
        var mark: String
        var over = true
        var stretchy = false
        var isAccent = true
        var limits = Limits.sides
    }

    fileprivate static let accents: [String: Accent] = [
        "hat": Accent(mark: "^"), "check": Accent(mark: "ˇ"), "tilde": Accent(mark: "~"),
        "acute": Accent(mark: "´"), "grave": Accent(mark: "`"), "dot": Accent(mark: "˙"),
        "ddot": Accent(mark: "¨"), "breve": Accent(mark: "˘"), "bar": Accent(mark: "¯"),
        "vec": Accent(mark: "→"), "mathring": Accent(mark: "˚"),
        "widehat": Accent(mark: "^", stretchy: true), "widetilde": Accent(mark: "~", stretchy: true),
        "overline": Accent(mark: "‾", stretchy: true), "underline": Accent(mark: "_", over: false, stretchy: true),
        "overrightarrow": Accent(mark: "→", stretchy: true), "overleftarrow": Accent(mark: "←", stretchy: true),
        "overleftrightarrow": Accent(mark: "↔", stretchy: true),
        "overbrace": Accent(mark: "⏞", stretchy: true, isAccent: false, limits: .always),
        "underbrace": Accent(mark: "⏟", over: false, stretchy: true, isAccent: false, limits: .always),
    ]

    /// The heights LaTeX gives `\big` and its larger siblings.
    fileprivate static let delimiterSizes: [String: String] = [
        "big": "1.2em", "Big": "1.623em", "bigg": "2.047em", "Bigg": "2.470em",
    ]

    /// Math alphabets as Unicode Mathematical Alphanumeric Symbols: MathML Core has no `mathvariant` but "normal".
    fileprivate enum Font {
        case roman, italic, bold, boldItalic, doubleStruck, script, fraktur, sansSerif, monospace

        init?(command: String) {
            switch command {
            case "mathrm", "mathup": self = .roman
            case "mathit": self = .italic
            case "mathbf": self = .bold
            case "boldsymbol", "bm": self = .boldItalic
            case "mathbb": self = .doubleStruck
            case "mathcal", "mathscr": self = .script
            case "mathfrak": self = .fraktur
            case "mathsf": self = .sansSerif
            case "mathtt": self = .monospace
            default: return nil
            }
        }

        /// First code points of the alphabet: capitals, small letters, digits, Greek capitals, Greek small letters.
        private var starts: (UInt32?, UInt32?, UInt32?, UInt32?, UInt32?) {
            switch self {
            case .roman: return (nil, nil, nil, nil, nil)
            case .italic: return (0x1D434, 0x1D44E, nil, 0x1D6E2, 0x1D6FC)
            case .bold: return (0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2)
            case .boldItalic: return (0x1D468, 0x1D482, 0x1D7CE, 0x1D71C, 0x1D736)
            case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8, nil, nil)
            case .script: return (0x1D49C, 0x1D4B6, nil, nil, nil)
            case .fraktur: return (0x1D504, 0x1D51E, nil, nil, nil)
            case .sansSerif: return (0x1D5A0, 0x1D5BA, 0x1D7E2, nil, nil)
            case .monospace: return (0x1D670, 0x1D68A, 0x1D7F6, nil, nil)
            }
        }

        /// Letters that were in Unicode before the math block, whose places in the block are left empty.
        private var exceptions: [Unicode.Scalar: Unicode.Scalar] {
            switch self {
            case .italic: return ["h": "ℎ"]
            case .doubleStruck: return ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
            case .script:
                return ["B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                        "e": "ℯ", "g": "ℊ", "o": "ℴ"]
            case .fraktur: return ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
            default: return [:]
            }
        }

        func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            if let exception = exceptions[scalar] { return exception }
            let value = scalar.value
            let (capital, small, digit, greekCapital, greekSmall) = starts
            func shifted(_ start: UInt32?, _ first: UInt32) -> Unicode.Scalar {
                guard let start, let result = Unicode.Scalar(start + value - first) else { return scalar }
                return result
            }
            switch value {
            case 0x41...0x5A: return shifted(capital, 0x41)
            case 0x61...0x7A: return shifted(small, 0x61)
            case 0x30...0x39: return shifted(digit, 0x30)
            case 0x391...0x3A9: return shifted(greekCapital, 0x391)
            case 0x3B1...0x3C9: return shifted(greekSmall, 0x3B1)
            default: return scalar
            }
        }
    }

    /// What a command does, looked up before its arguments are parsed: the lookup's stack frame is gone
    /// by the time they recurse, and without payloads the dispatch that stays on the stack is small.
    fileprivate enum Command {
        case fraction, binomial, root, boxed, text, font, operatorName, left, begin, overUnder, pmod, accent, sized, symbol, other

        init(_ name: String) {
            switch name {
            case "frac", "dfrac", "tfrac", "cfrac": self = .fraction
            case "binom", "dbinom", "tbinom": self = .binomial
            case "sqrt": self = .root
            case "boxed": self = .boxed
            case "operatorname": self = .operatorName
            case "left": self = .left
            case "begin": self = .begin
            case "overset", "stackrel", "underset": self = .overUnder
            case "pmod": self = .pmod
            default:
                if Command.textStyle(name) != nil {
                    self = .text
                } else if name == "mathnormal" || Font(command: name) != nil {
                    self = .font
                } else if MathML.accents[name] != nil {
                    self = .accent
                } else if Command.delimiterSize(name) != nil {
                    self = .sized
                } else if Command.symbol(name) != nil {
                    self = .symbol
                } else {
                    self = .other
                }
            }
        }

        /// The `style` attribute of a text command's `<mtext>`, nil for other commands.
        static func textStyle(_ name: String) -> String? {
            switch name {
            case "text", "textrm", "textnormal", "textup", "mbox", "hbox": return ""
            case "textbf": return " style=\"font-weight:bold\""
            case "textit", "textsl", "emph": return " style=\"font-style:italic\""
            case "texttt": return " style=\"font-family:monospace\""
            case "textsf": return " style=\"font-family:sans-serif\""
            default: return nil
            }
        }

        /// `\bigl`, `\bigr` and `\bigm` differ from `\big` only in spacing.
        static func delimiterSize(_ name: String) -> String? {
            if let size = MathML.delimiterSizes[name] { return size }
            guard let last = name.last, "lrm".contains(last) else { return nil }
            return MathML.delimiterSizes[String(name.dropLast())]
        }

        /// A control space such as `\ ` is a space.
        static func symbol(_ name: String) -> Symbol? {
            if let symbol = MathML.symbols[name] { return symbol }
            guard name.unicodeScalars.count == 1, let scalar = name.unicodeScalars.first, scalar.properties.isWhitespace else { return nil }
            return .space("0.3333em")
        }
    }

    /// The pieces of a `\text{…}` argument: runs of text, and math from `$…$` between them.
    fileprivate struct TextRun {
        let attributes: String
        private var pieces: [Node] = []
        private var buffer = ""

        init(attributes: String) { self.attributes = attributes }

        /// Spaces collapse to one, as in LaTeX.
        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                if buffer.unicodeScalars.last != " " { buffer += " " }
            } else if scalar == "~" {
                buffer += "\u{A0}"
            } else {
                buffer.unicodeScalars.append(scalar)
            }
        }

        mutating func append(text: String) { buffer += text }

        mutating func append(_ nodes: [Node]) {
            flush()
            if !nodes.isEmpty { pieces.append(.row(nodes)) }
        }

        private mutating func flush() {
            if !buffer.isEmpty { pieces.append(.mtext(buffer, attributes)) }
            buffer = ""
        }

        mutating func finish() -> Node {
            flush()
            return pieces.isEmpty ? .mtext("", attributes) : .row(pieces)
        }
    }

    /// How an environment lays out its table.
    fileprivate struct Layout {
        var open = ""
        var close = ""
        var columnAlign: [String] = []
        /// `aligned` and `gathered` typeset their cells in display style, matrices and `cases` do not.
        var display = false
        /// `aligned` puts each left-hand side flush against its relation.
        var tight = false
        var known = true

        init(open: String = "", close: String = "", columnAlign: [String] = [], display: Bool = false, tight: Bool = false) {
            self.open = open
            self.close = close
            self.columnAlign = columnAlign
            self.display = display
            self.tight = tight
        }

        init(environment name: String) {
            switch name {
            case "matrix", "smallmatrix", "array", "subarray": self.init()
            case "pmatrix": self.init(open: "(", close: ")")
            case "bmatrix": self.init(open: "[", close: "]")
            case "Bmatrix": self.init(open: "{", close: "}")
            case "vmatrix": self.init(open: "|", close: "|")
            case "Vmatrix": self.init(open: "‖", close: "‖")
            case "aligned", "align", "align*", "split", "alignat", "alignat*", "alignedat", "flalign", "flalign*", "eqnarray", "eqnarray*":
                self.init(columnAlign: ["right", "left"], display: true, tight: true)
            case "gathered", "gather", "gather*", "equation", "equation*", "displaymath", "multline", "multline*":
                self.init(display: true)
            case "cases": self.init(open: "{", columnAlign: ["left", "left"])
            case "dcases": self.init(open: "{", columnAlign: ["left", "left"], display: true)
            case "rcases": self.init(close: "}", columnAlign: ["left", "left"])
            default:
                self.init()
                known = false
            }
        }
    }
}

// MARK: - Parser

extension MathML {
    /// A recursive-descent reader over Unicode scalars, so that no grapheme cluster can hide a brace or backslash.
    fileprivate struct Parser {
        /// Beyond this nesting the rest of a group is shown as text: recursion stays bounded, so deep input
        /// cannot overflow the stack, and the output stays shallow enough for XML parsers' depth limits.
        static let maximumDepth = 100

        private let input: [Unicode.Scalar]
        private var position = 0
        private var depth = 0
        private var display: Bool
        private var font: Font?

        init(_ latex: String, display: Bool) {
            input = latex.unicodeScalars.filter(Parser.isAllowed)
            self.display = display
        }

        /// Characters XML 1.0 forbids even as references, and ones HTML reports as errors, are dropped.
        private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x9, 0xA, 0xD, 0x20...0x7E, 0xA0...0xFDCF, 0xFDF0...0xFFFD: return true
            case 0x10000...0x10FFFF: return scalar.value & 0xFFFE != 0xFFFE
            default: return false
            }
        }

        mutating func parseFormula() -> [Node] {
            var nodes: [Node] = []
            while position < input.count {
                let before = position
                nodes += parseSequence([])
                if position == before { position += 1 }
            }
            return nodes
        }

        // MARK: Scanning

        private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            let index = position + offset
            return index < input.count ? input[index] : nil
        }

        private func at(_ scalar: Unicode.Scalar) -> Bool { peek() == scalar }

        private static func isLetter(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }

        private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return ("0"..."9").contains(scalar)
        }

        private func string(_ range: Range<Int>) -> String {
            var result = ""
            result.unicodeScalars.append(contentsOf: input[range])
            return result
        }

        /// The command starting at `index` (a backslash): a run of letters, or the one character after it.
        private func command(at index: Int) -> (name: String, end: Int) {
            var end = index + 1
            guard end < input.count else { return ("", end) }
            if Self.isLetter(input[end]) {
                while end < input.count, Self.isLetter(input[end]) { end += 1 }
                return (string(index + 1..<end), end)
            }
            return (string(end..<end + 1), end + 1)
        }

        private func isCommand(_ name: String) -> Bool {
            at("\\") && command(at: position).name == name
        }

        private mutating func skipSpace() {
            while let scalar = peek() {
                if scalar == "%" {
                    while let next = peek(), next != "\n" { position += 1 }
                } else if scalar.properties.isWhitespace {
                    position += 1
                } else {
                    return
                }
            }
        }

        private func isAtStop(_ stops: Stops) -> Bool {
            guard let scalar = peek(), !stops.isEmpty else { return false }
            switch scalar {
            case "}": return stops.contains(.closeBrace)
            case "]": return stops.contains(.closeBracket)
            case "&": return stops.contains(.ampersand)
            case "$": return stops.contains(.dollar)
            case "\\":
                switch command(at: position).name {
                case "\\": return stops.contains(.rowBreak)
                case "end": return stops.contains(.end)
                case "right": return stops.contains(.right)
                default: return false
                }
            default: return false
            }
        }

        /// The source up to the enclosing group's `}`, as text: what is left once nesting is too deep.
        private mutating func rawRest() -> [Node] {
            let start = position
            var level = 0
            while let scalar = peek() {
                if scalar == "\\" {
                    position = min(position + 2, input.count)
                    continue
                }
                if scalar == "{" { level += 1 }
                if scalar == "}" {
                    if level == 0 { break }
                    level -= 1
                }
                position += 1
            }
            return position > start ? [.mtext(string(start..<position))] : []
        }

        // MARK: Sequences and atoms

        private mutating func parseSequence(_ stops: Stops) -> [Node] {
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maximumDepth { return rawRest() }
            let outerDisplay = display
            defer { display = outerDisplay }
            var nodes: [Node] = []
            var style: (attributes: String, start: Int)?
            // The `<mstyle>` is one more level of elements.
            var styleDepth = 0
            defer { depth -= styleDepth }
            while true {
                skipSpace()
                guard position < input.count, !isAtStop(stops) else { break }
                if let attributes = styleSwitch() {
                    Self.wrap(&nodes, in: style)
                    style = (attributes, nodes.count)
                    depth += 1 - styleDepth
                    styleDepth = 1
                    continue
                }
                if let node = parseAtom(stops) { nodes.append(node) }
            }
            Self.wrap(&nodes, in: style)
            return nodes
        }

        /// `\displaystyle` and its siblings act on the rest of the group, so that rest goes into an `<mstyle>`.
        private static func wrap(_ nodes: inout [Node], in style: (attributes: String, start: Int)?) {
            guard let style, style.start < nodes.count else { return }
            let styled = Array(nodes[style.start...])
            nodes.removeSubrange(style.start...)
            nodes.append(.element(tag: "mstyle", attributes: style.attributes, children: styled))
        }

        private mutating func styleSwitch() -> String? {
            guard at("\\") else { return nil }
            let (name, end) = command(at: position)
            let attributes: String
            switch name {
            case "displaystyle":
                display = true
                attributes = " displaystyle=\"true\" scriptlevel=\"0\""
            case "textstyle":
                display = false
                attributes = " displaystyle=\"false\" scriptlevel=\"0\""
            case "scriptstyle":
                display = false
                attributes = " displaystyle=\"false\" scriptlevel=\"1\""
            case "scriptscriptstyle":
                display = false
                attributes = " displaystyle=\"false\" scriptlevel=\"2\""
            default:
                return nil
            }
            position = end
            return attributes
        }

        private mutating func parseAtom(_ stops: Stops) -> Node? {
            guard let scalar = peek() else { return nil }
            if scalar == "^" || scalar == "_" || scalar == "'" {
                return parseScripts(on: Primary(.empty), stops)
            }
            guard let primary = parsePrimary(stops, single: false) else { return nil }
            return parseScripts(on: primary, stops)
        }

        /// A second superscript or subscript starts a new atom on an empty base, as a flat sibling:
        /// nesting them would let `x^1^2^3…` build a tree as deep as the input is long.
        private mutating func parseScripts(on primary: Primary, _ stops: Stops) -> Node {
            var lower: Node?
            var upper: Node?
            var upperIsPrimes = false
            var limits = primary.limits
            scripts: while true {
                skipSpace()
                guard let scalar = peek() else { break }
                switch scalar {
                case "\\":
                    switch command(at: position).name {
                    case "limits": limits = .always
                    case "nolimits": limits = .sides
                    default: break scripts
                    }
                    position = command(at: position).end
                case "'":
                    guard upper == nil else { break scripts }
                    upper = readPrimes()
                    upperIsPrimes = true
                case "^":
                    guard upper == nil || upperIsPrimes else { break scripts }
                    position += 1
                    let argument = parseArgument(stops)
                    if let primes = upper {
                        upper = .element(tag: "mrow", attributes: "", children: [primes, argument])
                    } else {
                        upper = argument
                    }
                    upperIsPrimes = false
                case "_":
                    guard lower == nil else { break scripts }
                    position += 1
                    lower = parseArgument(stops)
                default:
                    break scripts
                }
            }
            return Self.scripted(primary.node, lower, upper, under: limits == .always || (limits == .display && display))
        }

        private static func scripted(_ base: Node, _ lower: Node?, _ upper: Node?, under: Bool) -> Node {
            let tag: String
            switch (lower, upper) {
            case (nil, nil): return base
            case (_?, _?): tag = under ? "munderover" : "msubsup"
            case (_?, nil): tag = under ? "munder" : "msub"
            case (nil, _?): tag = under ? "mover" : "msup"
            }
            return .element(tag: tag, attributes: "", children: [base] + [lower, upper].compactMap { $0 })
        }

        private mutating func readPrimes() -> Node {
            var count = 0
            while at("'") {
                count += 1
                position += 1
            }
            switch count {
            case 1: return .mo("′")
            case 2: return .mo("″")
            case 3: return .mo("‴")
            case 4: return .mo("⁗")
            default: return .mo(String(repeating: "′", count: count))
            }
        }

        /// The argument of a command or script: a braced group, or a single token as in `\frac12` or `x^2`.
        private mutating func parseArgument(_ stops: Stops) -> Node {
            depth += 1
            defer { depth -= 1 }
            if depth > Self.maximumDepth { return .row(rawRest()) }
            skipSpace()
            guard let scalar = peek(), !isAtStop(stops) else { return .empty }
            switch scalar {
            case "{": return .row(parseGroup(stops))
            case "}", "^", "_": return .empty
            default: return parsePrimary(stops, single: true)?.node ?? .empty
            }
        }

        private mutating func parseGroup(_ stops: Stops) -> [Node] {
            position += 1
            let nodes = parseSequence(stops.union(.closeBrace))
            if at("}") { position += 1 }
            return nodes
        }

        /// One base; every path consumes input, so the loops above always make progress. Only groups and
        /// commands recurse, so everything else is read by `parseCharacter`, off the recursion's stack.
        private mutating func parsePrimary(_ stops: Stops, single: Bool) -> Primary? {
            switch peek() {
            case nil: return nil
            case "{": return parseGroupPrimary(stops)
            case "\\": return parseCommand(stops)
            default: return parseCharacter(single: single)
            }
        }

        private mutating func parseGroupPrimary(_ stops: Stops) -> Primary {
            Primary(.row(parseGroup(stops)))
        }

        private mutating func parseCharacter(single: Bool) -> Primary? {
            guard let scalar = peek() else { return nil }
            switch scalar {
            case "}":
                position += 1
                return Primary(.error("}"))
            case "&", "$", "^", "_":
                position += 1
                return nil
            case "'":
                position += 1
                return Primary(.mo("′"))
            case "~":
                position += 1
                return Primary(.mtext("\u{A0}"))
            case "-":
                position += 1
                return Primary(.mo("−"))
            case "*":
                position += 1
                return Primary(.mo("∗"))
            case "(", ")", "[", "]", "|":
                position += 1
                return Primary(.fence(String(scalar)))
            case ".":
                guard !single, Self.isDigit(peek(1)) else {
                    position += 1
                    return Primary(.mo("."))
                }
                return Primary(parseNumber(single: false))
            case "0"..."9":
                return Primary(parseNumber(single: single))
            case "a"..."z", "A"..."Z":
                let start = position
                position += 1
                if font != nil && !single {
                    while Self.isLetter(peek()) { position += 1 }
                }
                return Primary(identifier(string(start..<position)))
            default:
                position += 1
                if scalar.properties.isWhitespace { return nil }
                if scalar.properties.isAlphabetic { return Primary(identifier(String(scalar))) }
                if scalar.properties.numericType != nil { return Primary(.mn(String(scalar))) }
                return Primary(.mo(String(scalar)))
            }
        }

        /// Digits with a decimal point and an exponent as the kernel prints them (`1e-07`) make one number.
        private mutating func parseNumber(single: Bool) -> Node {
            let start = position
            position += 1
            if !single {
                while Self.isDigit(peek()) { position += 1 }
                if at("."), Self.isDigit(peek(1)) {
                    position += 1
                    while Self.isDigit(peek()) { position += 1 }
                }
                if at("e") || at("E") {
                    var index = 1
                    if peek(index) == "+" || peek(index) == "-" { index += 1 }
                    if Self.isDigit(peek(index)) {
                        position += index
                        while Self.isDigit(peek()) { position += 1 }
                    }
                }
            }
            return .mn(styled(string(start..<position)))
        }

        private func styled(_ text: String) -> String {
            guard let font else { return text }
            var result = ""
            result.unicodeScalars.append(contentsOf: text.unicodeScalars.map(font.map))
            return result
        }

        /// Single letters are italic in MathML by default; capital Greek and ∇ are upright in LaTeX.
        private func identifier(_ text: String) -> Node {
            let scalars = Array(text.unicodeScalars)
            guard let font else {
                let upright = scalars.count == 1 && ((0x391...0x3A9).contains(scalars[0].value) || scalars[0] == "∇")
                return .mi(text, upright: upright)
            }
            return .mi(styled(text), upright: font == .roman && scalars.count == 1)
        }

        // MARK: Commands

        /// Each case hands over to a function of its own: this function is on the stack once per nesting
        /// level, so it keeps no locals but the name.
        private mutating func parseCommand(_ stops: Stops) -> Primary? {
            let (name, end) = command(at: position)
            position = end
            switch Command(name) {
            case .fraction: return parseFraction(name, stops)
            case .binomial: return parseBinomial(stops)
            case .root: return parseRoot(stops)
            case .boxed:
                // MathML Core has no <menclose>: a bordered row draws the box in every browser.
                let content = parseArgument(stops)
                return Primary(.element(tag: "mrow", attributes: " style=\"border:1px solid currentColor;padding:1px 4px\"", children: [content]))
            case .text: return parseText(Command.textStyle(name) ?? "")
            case .font: return parseStyled(Font(command: name), stops)
            case .operatorName: return parseOperatorName(stops)
            case .left: return parseLeft(stops)
            case .begin: return parseEnvironment(stops)
            case .overUnder: return parseOverUnder(under: name == "underset", stops)
            case .pmod: return parseModulo(stops)
            case .accent: return parseAccent(name, stops)
            case .sized: return parseSized(name)
            case .symbol: return symbol(name)
            case .other: return parseOtherCommand(name)
            }
        }

        /// The commands that take no math argument.
        private mutating func parseOtherCommand(_ name: String) -> Primary? {
            switch name {
            case "middle":
                return Primary(delimiter(parseDelimiter(), command: "\\middle") ?? .empty)
            case "end":
                return Primary(.error("\\end" + (environmentName().map { "{" + $0 + "}" } ?? "")))
            case "\\":
                skipRowSpacing()
                return nil
            case "limits", "nolimits", "hline", "nonumber", "notag", "displaystyle", "textstyle", "scriptstyle", "scriptscriptstyle":
                return nil
            default:
                return Primary(.error("\\" + name))
            }
        }

        private mutating func parseBinomial(_ stops: Stops) -> Primary {
            let outer = display
            display = false
            let top = parseArgument(stops)
            let bottom = parseArgument(stops)
            display = outer
            return Primary(.element(tag: "mrow", attributes: "", children: [
                .mo("("), .element(tag: "mfrac", attributes: " linethickness=\"0\"", children: [top, bottom]), .mo(")"),
            ]))
        }

        private mutating func parseOperatorName(_ stops: Stops) -> Primary {
            var limits = Limits.sides
            if at("*") {
                position += 1
                limits = .display
            }
            return parseStyled(.roman, stops, limits: limits)
        }

        private mutating func parseOverUnder(under: Bool, _ stops: Stops) -> Primary {
            let outer = display
            display = false
            let script = parseArgument(stops)
            display = outer
            let base = parseArgument(stops)
            return Primary(.element(tag: under ? "munder" : "mover", attributes: "", children: [base, script]))
        }

        private mutating func parseModulo(_ stops: Stops) -> Primary {
            let argument = parseArgument(stops)
            return Primary(.element(tag: "mrow", attributes: "", children: [.fence("("), .mo("mod"), argument, .fence(")")]))
        }

        private mutating func parseAccent(_ name: String, _ stops: Stops) -> Primary {
            let base = parseArgument(stops)
            let accent = MathML.accents[name] ?? Accent(mark: "^")
            let mark = Node.mo(accent.mark, accent.stretchy ? " stretchy=\"true\"" : " stretchy=\"false\"")
            let attributes = !accent.isAccent ? "" : accent.over ? " accent=\"true\"" : " accentunder=\"true\""
            return Primary(.element(tag: accent.over ? "mover" : "munder", attributes: attributes, children: [base, mark]), accent.limits)
        }

        private mutating func parseSized(_ name: String) -> Primary? {
            let size = Command.delimiterSize(name) ?? "1.2em"
            guard let delimiter = parseDelimiter() else { return Primary(.error("\\" + name)) }
            if delimiter.isEmpty { return nil }
            return Primary(.mo(delimiter, " stretchy=\"true\" minsize=\"\(size)\" maxsize=\"\(size)\""))
        }

        private func symbol(_ name: String) -> Primary {
            guard let symbol = Command.symbol(name) else { return Primary(.error("\\" + name)) }
            switch symbol {
            case let .identifier(text): return Primary(identifier(text))
            case let .operator(text): return Primary(.mo(text))
            case let .fence(text): return Primary(.fence(text))
            case let .large(text, limits): return Primary(.mo(text), limits)
            case let .function(text, limits): return Primary(.mi(text), limits)
            case let .space(width): return Primary(.space(width))
            }
        }

        private mutating func parseStyled(_ font: Font?, _ stops: Stops, limits: Limits = .sides) -> Primary {
            let outer = self.font
            self.font = font
            defer { self.font = outer }
            return Primary(parseArgument(stops), limits)
        }

        /// Numerator and denominator are in text style even in a display, as in LaTeX; `\dfrac` and `\tfrac`
        /// only get an `<mstyle>` when they ask for the style the fraction would not have anyway.
        private mutating func parseFraction(_ name: String, _ stops: Stops) -> Primary {
            let outer = display
            display = false
            let numerator = parseArgument(stops)
            let denominator = parseArgument(stops)
            display = outer
            let fraction = Node.element(tag: "mfrac", attributes: "", children: [numerator, denominator])
            let wanted: Bool? = name == "dfrac" ? true : name == "tfrac" ? false : nil
            guard let wanted, wanted != outer else { return Primary(fraction) }
            return Primary(.element(tag: "mstyle", attributes: " displaystyle=\"\(wanted)\" scriptlevel=\"0\"", children: [fraction]))
        }

        private mutating func parseRoot(_ stops: Stops) -> Primary {
            skipSpace()
            var index: Node?
            if at("[") {
                position += 1
                index = .row(parseSequence(stops.union(.closeBracket)))
                if at("]") { position += 1 }
            }
            let radicand = parseArgument(stops)
            if let index { return Primary(.element(tag: "mroot", attributes: "", children: [radicand, index])) }
            return Primary(.element(tag: "msqrt", attributes: "", children: [radicand]))
        }

        /// The delimiter after `\left`, `\right` or `\big`: "" for `.`, nil when there is none.
        private mutating func parseDelimiter() -> String? {
            skipSpace()
            guard let scalar = peek() else { return nil }
            switch scalar {
            case ".":
                position += 1
                return ""
            case "(", ")", "[", "]", "|", "/":
                position += 1
                return String(scalar)
            case "<":
                position += 1
                return "⟨"
            case ">":
                position += 1
                return "⟩"
            case "\\":
                let (name, end) = command(at: position)
                guard case let .fence(text)? = MathML.symbols[name] else { return nil }
                position = end
                return text
            default:
                return nil
            }
        }

        /// Brackets, braces and bars stretch by default in MathML; slashes and arrows have to be asked.
        private func delimiter(_ text: String?, command: String) -> Node? {
            guard let text else { return .error(command) }
            if text.isEmpty { return nil }
            let stretchesByDefault = ["(", ")", "[", "]", "{", "}", "|", "‖", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉"].contains(text)
            return .mo(text, stretchesByDefault ? "" : " stretchy=\"true\"")
        }

        /// The pair gets its own `<mrow>`, which is what the delimiters stretch to.
        private mutating func parseLeft(_ stops: Stops) -> Primary {
            let open = delimiter(parseDelimiter(), command: "\\left")
            let content = parseSequence(stops.union(.right))
            return Primary(.element(tag: "mrow", attributes: "", children: [open].compactMap { $0 } + content + [parseRight()].compactMap { $0 }))
        }

        private mutating func parseRight() -> Node? {
            guard isCommand("right") else { return nil }
            position = command(at: position).end
            return delimiter(parseDelimiter(), command: "\\right")
        }

        // MARK: Text

        /// The argument of `\text`: spaces count, `$…$` switches back to math.
        private mutating func parseText(_ attributes: String) -> Primary {
            skipSpace()
            guard at("{") else {
                guard let scalar = peek(), scalar != "\\", scalar != "}" else { return Primary(.mtext("", attributes)) }
                position += 1
                return Primary(.mtext(String(scalar), attributes))
            }
            position += 1
            var run = TextRun(attributes: attributes)
            var level = 0
            text: while let scalar = peek() {
                position += 1
                switch scalar {
                case "{":
                    level += 1
                case "}":
                    if level == 0 { break text }
                    level -= 1
                case "$":
                    parseInlineMath(into: &run)
                case "\\":
                    position -= 1
                    readTextCommand(into: &run)
                case "%":
                    while let next = peek(), next != "\n" { position += 1 }
                default:
                    run.append(scalar)
                }
            }
            return Primary(run.finish())
        }

        private mutating func parseInlineMath(into run: inout TextRun) {
            depth += 1
            let math = parseSequence([.dollar, .closeBrace])
            depth -= 1
            if at("$") { position += 1 }
            run.append(math)
        }

        private mutating func readTextCommand(into run: inout TextRun) {
            let (name, end) = command(at: position)
            position = end
            // A control word swallows the spaces after it, as in LaTeX.
            if Self.isLetter(name.unicodeScalars.first) {
                while let next = peek(), next == " " || next == "\t" || next == "\n" { position += 1 }
            }
            switch name {
            case "{", "}", "$", "%", "&", "#", "_": run.append(text: name)
            case " ", "\\", ",", ";", ":", "!": run.append(text: " ")
            case "textbackslash": run.append(text: "\\")
            case "quad": run.append(text: "\u{2003}")
            case "qquad": run.append(text: "\u{2003}\u{2003}")
            case "textendash": run.append(text: "–")
            case "textemdash": run.append(text: "—")
            case "text", "textrm", "textnormal", "textup", "textbf", "textit", "textsl", "emph", "texttt", "textsf", "mbox":
                break
            default:
                if let symbol = MathML.symbols[name] {
                    run.append(text: symbol.text)
                } else {
                    run.append([.error("\\" + name)])
                }
            }
        }

        // MARK: Environments

        private mutating func environmentName() -> String? {
            skipSpace()
            guard at("{") else { return nil }
            var end = position + 1
            while end < input.count, Self.isLetter(input[end]) || input[end] == "*" { end += 1 }
            guard end < input.count, input[end] == "}", end > position + 1 else { return nil }
            let name = string(position + 1..<end)
            position = end + 1
            return name
        }

        /// A braced argument read as it stands, such as `array`'s column letters.
        private mutating func rawArgument() -> String {
            skipSpace()
            guard at("{") else { return "" }
            position += 1
            let start = position
            var level = 0
            while let scalar = peek() {
                position += 1
                if scalar == "{" { level += 1 }
                if scalar == "}" {
                    if level == 0 { return string(start..<position - 1) }
                    level -= 1
                }
            }
            return string(start..<position)
        }

        /// `\\[4pt]` sets the row gap, which is left to the browser.
        private mutating func skipRowSpacing() {
            guard at("[") else { return }
            var end = position + 1
            while end < input.count, Self.isLetter(input[end]) || Self.isDigit(input[end]) || ".- ".unicodeScalars.contains(input[end]) {
                end += 1
            }
            if end < input.count, input[end] == "]" { position = end + 1 }
        }

        private mutating func parseEnvironment(_ stops: Stops) -> Primary {
            guard let name = environmentName() else { return Primary(.error("\\begin")) }
            let layout = readLayout(name)
            // A table nests four elements deep for one level of cells.
            depth += 3
            defer { depth -= 3 }
            if depth > Self.maximumDepth { return Primary(.row(rawRest())) }
            let rows = parseRows(stops, display: layout.display)
            return Primary(Self.environment(name, layout, rows))
        }

        /// The layout, with `array`'s column letters and `alignat`'s column count read.
        private mutating func readLayout(_ name: String) -> Layout {
            var layout = Layout(environment: name)
            if name == "array" || name == "subarray" {
                layout.columnAlign = rawArgument().unicodeScalars.compactMap { letter in
                    switch letter {
                    case "l", "p", "m", "b": return "left"
                    case "c": return "center"
                    case "r": return "right"
                    default: return nil
                    }
                }
            } else if name.hasPrefix("alignat") || name == "alignedat" {
                _ = rawArgument()
            }
            return layout
        }

        private mutating func parseRows(_ stops: Stops, display cellDisplay: Bool) -> [[[Node]]] {
            let outer = display
            display = cellDisplay
            defer { display = outer }
            let cellStops = stops.union([.ampersand, .rowBreak, .end])
            var rows: [[[Node]]] = []
            var row: [[Node]] = []
            cells: while true {
                row.append(parseSequence(cellStops))
                guard let scalar = peek() else { break }
                if scalar == "&" {
                    position += 1
                    continue
                }
                guard scalar == "\\" else { break }
                let (name, end) = command(at: position)
                switch name {
                case "\\":
                    position = end
                    skipRowSpacing()
                    rows.append(row)
                    row = []
                case "end":
                    position = end
                    _ = environmentName()
                    break cells
                default:
                    break cells
                }
            }
            // A `\\` before `\end` ends the last row rather than starting an empty one.
            if rows.isEmpty || !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            return rows
        }

        private static func environment(_ name: String, _ layout: Layout, _ rows: [[[Node]]]) -> Node {
            var nodes: [Node] = []
            if !layout.known { nodes.append(.error("\\begin{" + name + "}")) }
            if !layout.open.isEmpty { nodes.append(.mo(layout.open)) }
            nodes.append(table(rows, layout))
            if !layout.close.isEmpty { nodes.append(.mo(layout.close)) }
            return .row(nodes)
        }

        /// Cells are aligned both by `columnalign` (Firefox) and by a `text-align` style (Chromium, which
        /// has no `columnalign` and needs its `-webkit-` value to align MathML boxes).
        private static func table(_ rows: [[[Node]]], _ layout: Layout) -> Node {
            let columns = rows.map(\.count).max() ?? 0
            var attributes = layout.display ? " displaystyle=\"true\"" : ""
            let aligns = layout.columnAlign.isEmpty ? [] : (0..<max(columns, 1)).map { layout.columnAlign[$0 % layout.columnAlign.count] }
            if !aligns.isEmpty { attributes += " columnalign=\"" + aligns.joined(separator: " ") + "\"" }
            if layout.tight { attributes += " columnspacing=\"0em 2em\"" }
            func cellAttributes(_ column: Int) -> String {
                guard column < aligns.count, aligns[column] != "center" else { return "" }
                let align = aligns[column]
                var style = "text-align:\(align);text-align:-webkit-\(align)"
                if layout.tight { style += align == "right" ? ";padding-right:0" : ";padding-left:0" }
                return " style=\"" + style + "\""
            }
            let rowNodes = rows.map { cells in
                Node.element(tag: "mtr", attributes: "", children: cells.enumerated().map { column, cell in
                    Node.element(tag: "mtd", attributes: cellAttributes(column), children: cell)
                })
            }
            return .element(tag: "mtable", attributes: attributes, children: rowNodes)
        }
    }
}
