/// Jupyter Markdown cells as HTML for an exported page: the CommonMark a lecture uses, with
/// `$…$` and `$$…$$` formulas handed to `math`.
///
/// Blocks: ATX headings `#`…`######` and setext headings (each with an `id` for `#anchor` links:
/// the heading's text with its spaces as `-`, as Jupyter makes them, numbered `-1`, `-2`… when
/// repeated), paragraphs, fenced (```` ``` ```` and `~~~`, with a language) and indented code
/// blocks, bullet and ordered lists nested by indentation (tight or loose), block quotes,
/// thematic breaks, GFM pipe tables with column alignment, and `$$…$$` display formulas.
/// Inlines: `*em*`, `_em_`, `**strong**`, `__strong__`, code spans, backslash escapes, hard
/// line breaks (two trailing spaces or a backslash), numeric and common named entities, inline
/// links and images, and `$…$` formulas (an opening `$` followed by a non-space; a closing `$`
/// preceded by a non-space and not followed by a digit, so "$5 and $10" is not math; `\$` is a
/// dollar). Formulas reach `math` verbatim: no escapes or emphasis are processed inside them.
/// Reference links, autolinks and HTML blocks are not supported.
///
/// The page must not reach outside itself, so a link keeps its `href` only when its URL is
/// relative or a `#fragment`; any other link (`http:`, `https:`, `mailto:`, `//host`…) is
/// written as its text followed by its URL in parentheses, as plain text. An image is an
/// `<img>` only when its source is a relative path or a `data:image/…` URI, otherwise its alt
/// text. Raw HTML in the source is escaped and shown as text.
///
/// The output is well-formed XML (every element closed, attribute values quoted and escaped,
/// characters XML forbids replaced by U+FFFD). Block containers nest at most 32 deep and
/// emphasis and links 32 deep; markers beyond that are kept as text. Every step is linear in
/// the input (up to logarithmic factors) and nothing recurses, whatever the input.
public enum Markdown {
    /// The HTML of `markdown`; `math(latex, display)` renders each formula (the caller passes
    /// MathML.render). Raw HTML in the source is shown as text, never passed through. A link
    /// keeps its `href` only for a relative URL or `#anchor`; any other (http, https, mailto…)
    /// is its text followed by its URL in parentheses as plain text, so that the page holds no
    /// outside URL. An image is an `<img>` only for a relative path or `data:image/…` URI.
    public static func html(_ markdown: String, math: (String, Bool) -> String) -> String {
        var parser = BlockParser(lines: MarkdownSource.lines(markdown))
        parser.parse()
        var renderer = BlockRenderer(blocks: parser.blocks)
        return renderer.render(math: math)
    }
}

private typealias Scalars = [Unicode.Scalar]

// MARK: - Characters

/// Character classes and small scans shared by the block and inline parsers.
private enum Chars {
    static func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" }

    /// CommonMark's Unicode whitespace: Zs, tab, line feed, form feed, carriage return.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return s.properties.generalCategory == .spaceSeparator
        }
    }

    static func isASCIIPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: return true
        default: return false
        }
    }

    /// CommonMark's Unicode punctuation: ASCII punctuation and the P and S categories.
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return isASCIIPunctuation(s) }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return false
        }
    }

    /// Whether a scalar may appear in an XML 1.0 document.
    static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    static func string<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    static func isBlank<C: Collection>(_ scalars: C) -> Bool where C.Element == Unicode.Scalar {
        scalars.allSatisfy(isSpace)
    }

    /// Whether the character at `index` follows an odd number of backslashes (counted back to `start`).
    static func isEscaped(_ s: Scalars, _ index: Int, from start: Int = 0) -> Bool {
        var count = 0
        var i = index - 1
        while i >= start && s[i] == "\\" {
            count += 1
            i -= 1
        }
        return count % 2 == 1
    }

    /// The first unescaped `$$` at or after `start`.
    static func doubleDollar(in s: Scalars, from start: Int) -> Int? {
        var i = max(start, 0)
        while i + 1 < s.count {
            if s[i] == "$" && s[i + 1] == "$" && !isEscaped(s, i, from: start) { return i }
            i += 1
        }
        return nil
    }

    /// How many unescaped `$$` a line holds.
    static func doubleDollarCount(_ s: Scalars) -> Int {
        var count = 0
        var i = 0
        while let found = doubleDollar(in: s, from: i) {
            count += 1
            i = found + 2
        }
        return count
    }
}

/// The source as lines of scalars: line endings normalised, characters XML forbids replaced by
/// U+FFFD, tabs in the indentation and container markers expanded to 4-column stops.
private enum MarkdownSource {
    static func lines(_ text: String) -> [Scalars] {
        var lines: [Scalars] = []
        var line: Scalars = []
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if scalar == "\n" { continue }
            }
            switch scalar {
            case "\n":
                lines.append(expandingTabs(line))
                line = []
            case "\r":
                lines.append(expandingTabs(line))
                line = []
                afterCarriageReturn = true
            default:
                line.append(Chars.isXMLCharacter(scalar.value) ? scalar : "\u{FFFD}")
            }
        }
        lines.append(expandingTabs(line))
        return lines
    }

    /// Tabs among the leading spaces and markers (`>`, `-`, `*`, `+`, digits, `.`, `)`) as spaces.
    private static func expandingTabs(_ line: Scalars) -> Scalars {
        guard line.contains("\t") else { return line }
        var out: Scalars = []
        out.reserveCapacity(line.count + 8)
        var inPrefix = true
        for scalar in line {
            if inPrefix {
                if scalar == "\t" {
                    out.append(contentsOf: repeatElement(" ", count: 4 - out.count % 4))
                    continue
                }
                switch scalar {
                case " ", ">", "-", "*", "+", ".", ")", "0"..."9": break
                default: inPrefix = false
                }
            }
            out.append(scalar)
        }
        return out
    }
}

// MARK: - Blocks

private enum Alignment {
    case none, left, center, right
}

private struct Block {
    enum Kind {
        case document, blockQuote, list, item, paragraph, heading, fencedCode, indentedCode, math, thematicBreak, table
    }

    var kind: Kind
    var parent: Int
    /// Blocks above this one, the document not counted.
    var depth: Int
    var startLine: Int
    var children: [Int] = []
    var open = true
    var lastLineBlank = false
    /// Paragraph, heading, code and formula lines; a table's header then body rows.
    var lines: [Scalars] = []
    // Lists and items.
    var ordered = false
    /// The bullet, or the delimiter after an ordered list's number.
    var marker: Unicode.Scalar = "-"
    var start = 1
    /// Columns an item's content is indented by, from its container's content.
    var contentIndent = 0
    // Headings.
    var level = 0
    // Fenced code and formulas.
    var fenceCharacter: Unicode.Scalar = "`"
    var fenceLength = 0
    var fenceIndent = 0
    var language = ""
    /// A paragraph with an odd number of `$$` so far: its next lines are formula, not blocks.
    var displayMathOpen = false
    // Tables.
    var alignments: [Alignment] = []
}

/// CommonMark's two-phase line algorithm (continue the open blocks, open new ones, add the
/// rest of the line), building a flat tree of `Block`s.
private struct BlockParser {
    static let maximumDepth = 32

    private(set) var blocks: [Block] = [Block(kind: .document, parent: -1, depth: 0, startLine: 0)]
    private var tip = 0
    private var lastMatched = 0
    private var unmatchedClosed = false
    private var lineNumber = 0
    private var scannedFrom = 0
    private var scannedNonspace = -1
    private let lines: [Scalars]
    /// For each line, the first line at or after it holding an unescaped `$$`.
    private let nextDisplayMathLine: [Int]

    init(lines: [Scalars]) {
        self.lines = lines
        var next = [Int](repeating: lines.count, count: lines.count + 1)
        var i = lines.count - 1
        while i >= 0 {
            next[i] = Chars.doubleDollar(in: lines[i], from: 0) != nil ? i : next[i + 1]
            i -= 1
        }
        nextDisplayMathLine = next
    }

    mutating func parse() {
        for number in lines.indices {
            lineNumber = number
            process(lines[number])
        }
    }

    // MARK: One line

    private mutating func process(_ line: Scalars) {
        var pos = 0
        var container = 0
        unmatchedClosed = false
        scannedFrom = 0
        scannedNonspace = -1

        // 1. Continue the open blocks.
        while let last = blocks[container].children.last, blocks[last].open {
            let first = nonspace(line, from: pos)
            let indent = first - pos
            let blank = first == line.count
            var matched = false
            switch blocks[last].kind {
            case .blockQuote:
                if indent <= 3 && !blank && line[first] == ">" {
                    pos = first + 1
                    if pos < line.count && line[pos] == " " { pos += 1 }
                    matched = true
                }
            case .item:
                if blank {
                    if !blocks[last].children.isEmpty {
                        pos = first
                        matched = true
                    }
                } else if indent >= blocks[last].contentIndent {
                    pos += blocks[last].contentIndent
                    matched = true
                }
            case .list, .fencedCode, .math:
                matched = true
            case .indentedCode:
                if indent >= 4 {
                    pos += 4
                    matched = true
                } else if blank {
                    pos = first
                    matched = true
                }
            case .paragraph, .table:
                matched = !blank
            case .document, .heading, .thematicBreak:
                matched = false
            }
            guard matched else { break }
            container = last
        }
        lastMatched = container

        // 2. Open new blocks.
        var startedNew = false
        var consumed = false
        let forcedContinuation = blocks[tip].kind == .paragraph && blocks[tip].displayMathOpen
            && nonspace(line, from: pos) < line.count
        while !forcedContinuation {
            let kind = blocks[container].kind
            if kind == .fencedCode || kind == .indentedCode || kind == .math { break }
            let first = nonspace(line, from: pos)
            let indent = first - pos
            guard first < line.count else { break }
            if indent >= 4 {
                if blocks[tip].kind == .paragraph { break }
                pos += 4
                container = addChild(.indentedCode, to: container)
                startedNew = true
                break
            }
            let c = line[first]
            if c == ">" {
                guard blocks[container].depth < Self.maximumDepth else { break }
                pos = first + 1
                if pos < line.count && line[pos] == " " { pos += 1 }
                container = addChild(.blockQuote, to: container)
                startedNew = true
                continue
            }
            if c == "#", let (level, content) = Self.atxHeading(line, at: first) {
                let heading = addChild(.heading, to: container)
                blocks[heading].level = level
                blocks[heading].lines = [content]
                closeTip()
                container = heading
                startedNew = true
                consumed = true
                break
            }
            if c == "`" || c == "~", let (length, language) = Self.openingFence(line, at: first) {
                let fence = addChild(.fencedCode, to: container)
                blocks[fence].fenceCharacter = c
                blocks[fence].fenceLength = length
                blocks[fence].fenceIndent = indent
                blocks[fence].language = language
                container = fence
                startedNew = true
                consumed = true
                break
            }
            if c == "$", let formula = openDisplayMath(line, at: first, indent: indent, in: container) {
                container = formula
                startedNew = true
                consumed = true
                break
            }
            if blocks[container].kind == .paragraph && !blocks[container].displayMathOpen {
                if let table = openTable(line, at: first, paragraph: container) {
                    container = table
                    startedNew = true
                    consumed = true
                    break
                }
                if let level = Self.setextLevel(line, at: first) {
                    closeUnmatchedOnce()
                    blocks[container].kind = .heading
                    blocks[container].level = level
                    closeTip()
                    startedNew = true
                    consumed = true
                    break
                }
            }
            if c == "-" || c == "*" || c == "_", Self.isThematicBreak(line, at: first) {
                container = addChild(.thematicBreak, to: container)
                closeTip()
                startedNew = true
                consumed = true
                break
            }
            if let marker = Self.listMarker(line, at: first) {
                let contentStart = Self.nonspace(line, from: marker.end)
                let emptyItem = contentStart == line.count
                if blocks[container].kind == .paragraph && (emptyItem || (marker.ordered && marker.start != 1)) { break }
                guard blocks[container].depth + 2 <= Self.maximumDepth else { break }
                let width = marker.end - first
                let spaces = contentStart - marker.end
                let padding: Int
                if emptyItem {
                    padding = width + 1
                    pos = line.count
                } else if spaces >= 5 {
                    padding = width + 1
                    pos = marker.end + 1
                } else {
                    padding = width + spaces
                    pos = contentStart
                }
                var list = container
                let current = blocks[container]
                if !(current.kind == .list && current.ordered == marker.ordered && current.marker == marker.marker) {
                    list = addChild(.list, to: container)
                    blocks[list].ordered = marker.ordered
                    blocks[list].marker = marker.marker
                    blocks[list].start = marker.start
                }
                let item = addChild(.item, to: list)
                blocks[item].contentIndent = indent + padding
                container = item
                startedNew = true
                continue
            }
            break
        }

        // 3. Add the rest of the line.
        let first = nonspace(line, from: pos)
        let blank = first == line.count
        if blank, let last = blocks[container].children.last { blocks[last].lastLineBlank = true }
        let kind = blocks[container].kind
        blocks[container].lastLineBlank = blank && kind != .blockQuote && kind != .heading && kind != .thematicBreak
            && kind != .fencedCode && kind != .math
            && !(kind == .item && blocks[container].children.isEmpty && blocks[container].startLine == lineNumber)
        var up = blocks[container].parent
        while up >= 0 {
            blocks[up].lastLineBlank = false
            up = blocks[up].parent
        }

        if !startedNew && !blank && blocks[tip].kind == .paragraph && tip != lastMatched {
            appendParagraphLine(tip, line[first...])  // a lazy continuation line
            return
        }
        closeUnmatchedOnce()
        if consumed { return }
        switch kind {
        case .fencedCode:
            if Self.isClosingFence(line, from: pos, of: blocks[container]) {
                closeTip()
            } else {
                blocks[container].lines.append(Array(line[Self.dropSpaces(line, from: pos, atMost: blocks[container].fenceIndent)...]))
            }
        case .indentedCode:
            blocks[container].lines.append(Array(line[min(pos, line.count)...]))
        case .math:
            addDisplayMathLine(line, from: pos, to: container)
        case .paragraph:
            if !blank { appendParagraphLine(container, line[first...]) }
        case .table:
            if !blank { blocks[container].lines.append(Array(line[first...])) }
        case .heading, .thematicBreak:
            break
        case .document, .blockQuote, .list, .item:
            if !blank {
                let paragraph = addChild(.paragraph, to: container)
                appendParagraphLine(paragraph, line[first...])
            }
        }
    }

    // MARK: Tree

    private static func canContain(_ parent: Block.Kind, _ child: Block.Kind) -> Bool {
        switch parent {
        case .document: return true
        case .blockQuote, .item: return child != .item
        case .list: return child == .item
        default: return false
        }
    }

    /// Closes the open blocks this line did not continue, once, before anything is added.
    private mutating func closeUnmatchedOnce() {
        guard !unmatchedClosed else { return }
        unmatchedClosed = true
        while tip != lastMatched && tip > 0 {
            blocks[tip].open = false
            tip = blocks[tip].parent
        }
    }

    private mutating func closeTip() {
        guard tip > 0 else { return }
        blocks[tip].open = false
        tip = blocks[tip].parent
    }

    @discardableResult
    private mutating func addChild(_ kind: Block.Kind, to parent: Int) -> Int {
        closeUnmatchedOnce()
        var parent = parent
        while parent > 0 && !Self.canContain(blocks[parent].kind, kind) {
            blocks[parent].open = false
            parent = blocks[parent].parent
        }
        let child = blocks.count
        blocks.append(Block(kind: kind, parent: parent, depth: blocks[parent].depth + 1, startLine: lineNumber))
        blocks[parent].children.append(child)
        tip = child
        return child
    }

    private mutating func appendParagraphLine(_ paragraph: Int, _ content: ArraySlice<Unicode.Scalar>) {
        let line = Array(content)
        if Chars.doubleDollarCount(line) % 2 == 1 { blocks[paragraph].displayMathOpen.toggle() }
        blocks[paragraph].lines.append(line)
    }

    // MARK: Formulas and tables

    /// A `$$` line: a one-line formula `$$…$$`, or the start of one closed by a later `$$`.
    private mutating func openDisplayMath(_ line: Scalars, at first: Int, indent: Int, in container: Int) -> Int? {
        guard first + 1 < line.count, line[first + 1] == "$", !(first + 2 < line.count && line[first + 2] == "$") else { return nil }
        let rest = first + 2
        if let close = Chars.doubleDollar(in: line, from: rest) {
            guard Chars.isBlank(line[(close + 2)...]), !Chars.isBlank(line[rest..<close]) else { return nil }
            let formula = addChild(.math, to: container)
            blocks[formula].lines = [Array(line[rest..<close])]
            closeTip()
            return formula
        }
        guard nextDisplayMathLine[lineNumber + 1] < lines.count else { return nil }
        let formula = addChild(.math, to: container)
        blocks[formula].fenceIndent = indent
        if !Chars.isBlank(line[rest...]) { blocks[formula].lines = [Array(line[rest...])] }
        return formula
    }

    private mutating func addDisplayMathLine(_ line: Scalars, from pos: Int, to formula: Int) {
        let start = Self.dropSpaces(line, from: pos, atMost: blocks[formula].fenceIndent)
        guard let close = Chars.doubleDollar(in: line, from: start) else {
            blocks[formula].lines.append(Array(line[start...]))
            return
        }
        if !Chars.isBlank(line[start..<close]) { blocks[formula].lines.append(Array(line[start..<close])) }
        closeTip()
        let rest = Self.nonspace(line, from: close + 2)
        if rest < line.count {
            let paragraph = addChild(.paragraph, to: blocks[formula].parent)
            appendParagraphLine(paragraph, line[rest...])
        }
    }

    /// A delimiter row under a paragraph whose last line has as many cells: that line becomes a table's header.
    private mutating func openTable(_ line: Scalars, at first: Int, paragraph: Int) -> Int? {
        guard let header = blocks[paragraph].lines.last, let alignments = TableRow.alignments(line[first...]) else { return nil }
        let split = TableRow.cells(header)
        guard split.cells.count == alignments.count, split.hadPipe || line[first...].contains("|") else { return nil }
        closeUnmatchedOnce()
        var table = paragraph
        if blocks[paragraph].lines.count > 1 {
            blocks[paragraph].lines.removeLast()
            closeTip()
            table = addChild(.table, to: blocks[paragraph].parent)
            blocks[table].lines = [header]
        } else {
            blocks[paragraph].kind = .table
        }
        blocks[table].alignments = alignments
        return table
    }

    // MARK: Line scans

    /// The first non-space at or after `pos` on the current line, remembered so that the
    /// containers of a deeply indented line do not each scan its indentation again.
    private mutating func nonspace(_ line: Scalars, from pos: Int) -> Int {
        if pos >= scannedFrom && pos <= scannedNonspace { return scannedNonspace }
        scannedFrom = pos
        scannedNonspace = Self.nonspace(line, from: pos)
        return scannedNonspace
    }

    private static func nonspace(_ line: Scalars, from pos: Int) -> Int {
        var i = min(max(pos, 0), line.count)
        while i < line.count && Chars.isSpace(line[i]) { i += 1 }
        return i
    }

    private static func dropSpaces(_ line: Scalars, from pos: Int, atMost limit: Int) -> Int {
        var i = min(max(pos, 0), line.count)
        var dropped = 0
        while dropped < limit && i < line.count && line[i] == " " {
            i += 1
            dropped += 1
        }
        return i
    }

    private static func atxHeading(_ line: Scalars, at first: Int) -> (Int, Scalars)? {
        var j = first
        while j < line.count && line[j] == "#" { j += 1 }
        let level = j - first
        guard level >= 1 && level <= 6, j == line.count || Chars.isSpace(line[j]) else { return nil }
        let start = nonspace(line, from: j)
        var end = line.count
        while end > start && Chars.isSpace(line[end - 1]) { end -= 1 }
        var k = end
        while k > start && line[k - 1] == "#" { k -= 1 }
        if k == start {
            end = start
        } else if k < end && Chars.isSpace(line[k - 1]) {
            end = k
            while end > start && Chars.isSpace(line[end - 1]) { end -= 1 }
        }
        return (level, Array(line[start..<end]))
    }

    /// The length and language of an opening code fence.
    private static func openingFence(_ line: Scalars, at first: Int) -> (Int, String)? {
        let c = line[first]
        var j = first
        while j < line.count && line[j] == c { j += 1 }
        let length = j - first
        guard length >= 3 else { return nil }
        let info = line[j...]
        if c == "`" && info.contains("`") { return nil }
        var language = ""
        var i = nonspace(line, from: j)
        while i < line.count && !Chars.isWhitespace(line[i]) {
            if line[i] == "\\" && i + 1 < line.count && Chars.isASCIIPunctuation(line[i + 1]) { i += 1 }
            language.unicodeScalars.append(line[i])
            i += 1
        }
        return (length, language)
    }

    private static func isClosingFence(_ line: Scalars, from pos: Int, of fence: Block) -> Bool {
        let first = nonspace(line, from: pos)
        guard first - pos <= 3 else { return false }
        var j = first
        while j < line.count && line[j] == fence.fenceCharacter { j += 1 }
        return j - first >= fence.fenceLength && Chars.isBlank(line[j...])
    }

    private static func setextLevel(_ line: Scalars, at first: Int) -> Int? {
        let c = line[first]
        guard c == "=" || c == "-" else { return nil }
        var j = first
        while j < line.count && line[j] == c { j += 1 }
        guard Chars.isBlank(line[j...]) else { return nil }
        return c == "=" ? 1 : 2
    }

    private static func isThematicBreak(_ line: Scalars, at first: Int) -> Bool {
        let c = line[first]
        var count = 0
        for scalar in line[first...] {
            if scalar == c {
                count += 1
            } else if !Chars.isSpace(scalar) {
                return false
            }
        }
        return count >= 3
    }

    private static func listMarker(_ line: Scalars, at first: Int) -> (ordered: Bool, marker: Unicode.Scalar, start: Int, end: Int)? {
        let c = line[first]
        var end: Int
        var ordered = false
        var start = 1
        var marker = c
        if c == "-" || c == "*" || c == "+" {
            end = first + 1
        } else if Chars.isDigit(c) {
            var j = first
            var value = 0
            while j < line.count && j - first < 9 && Chars.isDigit(line[j]) {
                value = value * 10 + Int(line[j].value - 48)
                j += 1
            }
            guard j < line.count, line[j] == "." || line[j] == ")" else { return nil }
            ordered = true
            start = value
            marker = line[j]
            end = j + 1
        } else {
            return nil
        }
        guard end == line.count || Chars.isSpace(line[end]) else { return nil }
        return (ordered, marker, start, end)
    }
}

// MARK: - Tables

private enum TableRow {
    /// The alignments of a delimiter row (`| :--- | :---: | ---: |`), or nil if it is not one.
    static func alignments(_ row: ArraySlice<Unicode.Scalar>) -> [Alignment]? {
        var scalars = Array(row)
        while let last = scalars.last, Chars.isSpace(last) { scalars.removeLast() }
        var start = 0
        var end = scalars.count
        if start < end && scalars[start] == "|" { start += 1 }
        if end > start && scalars[end - 1] == "|" { end -= 1 }
        guard start < end else { return nil }
        var result: [Alignment] = []
        for cell in scalars[start..<end].split(separator: "|", omittingEmptySubsequences: false) {
            var body = cell.drop(while: Chars.isSpace)
            while let last = body.last, Chars.isSpace(last) { body = body.dropLast() }
            let left = body.first == ":"
            let right = body.count > 1 && body.last == ":"
            let dashes = body.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            result.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return result
    }

    /// A row's cells, trimmed, split at unescaped `|` outside formulas (`\|` is a `|` in a cell).
    static func cells(_ row: Scalars) -> (cells: [Scalars], hadPipe: Bool) {
        var end = row.count
        while end > 0 && Chars.isSpace(row[end - 1]) { end -= 1 }
        var i = 0
        while i < end && Chars.isSpace(row[i]) { i += 1 }
        var hadPipe = false
        if i < end && row[i] == "|" {
            hadPipe = true
            i += 1
        }
        let dollars = DollarIndex(row)
        var cells: [Scalars] = []
        var cell: Scalars = []
        var endedWithPipe = false
        while i < end {
            let c = row[i]
            endedWithPipe = false
            if c == "\\" && i + 1 < end {
                if row[i + 1] != "|" { cell.append(c) }
                cell.append(row[i + 1])
                i += 2
            } else if c == "$", let close = dollars.span(at: i, in: row), close <= end {
                cell.append(contentsOf: row[i..<close])
                i = close
            } else if c == "$" {
                while i < end && row[i] == "$" {
                    cell.append("$")
                    i += 1
                }
            } else if c == "|" {
                cells.append(trimmed(cell))
                cell = []
                hadPipe = true
                endedWithPipe = true
                i += 1
            } else {
                cell.append(c)
                i += 1
            }
        }
        if !endedWithPipe { cells.append(trimmed(cell)) }
        return (cells, hadPipe)
    }

    private static func trimmed(_ cell: Scalars) -> Scalars {
        var start = 0
        var end = cell.count
        while start < end && Chars.isSpace(cell[start]) { start += 1 }
        while end > start && Chars.isSpace(cell[end - 1]) { end -= 1 }
        return Array(cell[start..<end])
    }
}

// MARK: - Inline indexes

/// Where formulas may close, found once so that no opener scans ahead: the unescaped single
/// `$` preceded by a non-space and not followed by a digit, and the unescaped `$$`.
private struct DollarIndex {
    private var singles: [Int] = []
    private var doubles: [Int] = []

    init(_ s: Scalars) {
        var i = 0
        while i < s.count {
            guard s[i] == "$" else {
                i += 1
                continue
            }
            if Chars.isEscaped(s, i) {
                i += 1
                continue
            }
            var j = i
            while j < s.count && s[j] == "$" { j += 1 }
            if j - i == 1 {
                if i > 0 && !Chars.isWhitespace(s[i - 1]) && !(j < s.count && Chars.isDigit(s[j])) { singles.append(i) }
            } else if j - i == 2 {
                doubles.append(i)
            }
            i = j
        }
    }

    /// The end (after the closing delimiter) of the formula opening at `i`, if it is one.
    func span(at i: Int, in s: Scalars) -> Int? {
        var j = i
        while j < s.count && s[j] == "$" { j += 1 }
        switch j - i {
        case 1:
            guard j < s.count, !Chars.isWhitespace(s[j]), let close = Self.first(in: singles, after: i) else { return nil }
            return close + 1
        case 2:
            guard let close = Self.first(in: doubles, after: i + 1),
                  s[j..<close].contains(where: { !Chars.isWhitespace($0) }) else { return nil }
            return close + 2
        default:
            return nil
        }
    }

    private static func first(in positions: [Int], after p: Int) -> Int? {
        firstPosition(in: positions, after: p)
    }
}

/// The first of the sorted `positions` after `p`, by binary search: closers are looked up, never
/// scanned for, so no input makes inline parsing quadratic.
private func firstPosition(in positions: [Int], after p: Int) -> Int? {
    var low = 0
    var high = positions.count
    while low < high {
        let middle = (low + high) / 2
        if positions[middle] > p { high = middle } else { low = middle + 1 }
    }
    return low < positions.count ? positions[low] : nil
}

/// The backtick runs of a text by length, found once so that no opener scans ahead.
private struct BacktickIndex {
    private var runs: [Int: [Int]] = [:]

    init(_ s: Scalars) {
        var i = 0
        while i < s.count {
            guard s[i] == "`" else {
                i += 1
                continue
            }
            var j = i
            while j < s.count && s[j] == "`" { j += 1 }
            runs[j - i, default: []].append(i)
            i = j
        }
    }

    /// The first run of exactly `length` backticks starting after `p`.
    func closer(length: Int, after p: Int) -> Int? {
        guard let positions = runs[length] else { return nil }
        return firstPosition(in: positions, after: p)
    }
}

// MARK: - Inlines

private struct InlineNode {
    enum Kind {
        case text, delimiter, softBreak, hardBreak, code, math, displayMath, emphasis, strong, link, image
    }

    var kind: Kind
    /// Text, code or LaTeX; a link's or image's URL.
    var text = ""
    var title = ""
    /// A delimiter run's or emphasis's character, and the run's characters left unmatched.
    var character: Unicode.Scalar = "*"
    var count = 0
    var next = -1
    var previous = -1
    var firstChild = -1
}

private struct Delimiter {
    var node: Int
    var character: Unicode.Scalar
    var count: Int
    var originalCount: Int
    var canOpen: Bool
    var canClose: Bool
    var previous: Int
    var next = -1
}

private struct Bracket {
    var node: Int
    var image: Bool
    /// The delimiter on top of the stack when the bracket opened.
    var delimiterBelow: Int
}

/// CommonMark's inline algorithm (delimiter stack, `openers_bottom`, bracket stack) over a
/// linked list of nodes, with formulas and code spans taken whole, leftmost first.
private struct InlineParser {
    static let nodeRoot = 0

    private var nodes: [InlineNode] = [InlineNode(kind: .text)]
    private var tail = 0
    private var delimiters: [Delimiter] = []
    private var delimiterTop = -1
    private var brackets: [Bracket] = []
    /// Brackets below this many are `[` openers no longer allowed to make links (no links in links).
    private var deactivatedBelow = 0
    private var buffer = ""
    private let s: Scalars
    private let dollars: DollarIndex
    private let backticks: BacktickIndex
    /// Characters link destinations and titles may still scan: bounds the work on hostile input.
    private var linkBudget: Int

    init(_ text: Scalars) {
        s = text
        dollars = DollarIndex(text)
        backticks = BacktickIndex(text)
        linkBudget = 4 * text.count + 10_000
    }

    /// The nodes; the top-level list starts at `nodes[nodeRoot].next`.
    mutating func parse() -> [InlineNode] {
        let n = s.count
        var i = 0
        while i < n {
            let c = s[i]
            switch c {
            case "\n":
                var spaces = 0
                while buffer.unicodeScalars.last == " " {
                    buffer.unicodeScalars.removeLast()
                    spaces += 1
                }
                flush()
                append(InlineNode(kind: spaces >= 2 ? .hardBreak : .softBreak))
                i = skipSpaces(from: i + 1)
            case "\\":
                if i + 1 < n && s[i + 1] == "\n" {
                    flush()
                    append(InlineNode(kind: .hardBreak))
                    i = skipSpaces(from: i + 2)
                } else if i + 1 < n && Chars.isASCIIPunctuation(s[i + 1]) {
                    buffer.unicodeScalars.append(s[i + 1])
                    i += 2
                } else {
                    buffer.unicodeScalars.append(c)
                    i += 1
                }
            case "`":
                i = codeSpan(at: i)
            case "$":
                i = formula(at: i)
            case "*", "_":
                i = delimiterRun(at: i)
            case "[":
                flush()
                let node = append(InlineNode(kind: .text, text: "["))
                brackets.append(Bracket(node: node, image: false, delimiterBelow: delimiterTop))
                i += 1
            case "!" where i + 1 < n && s[i + 1] == "[":
                flush()
                let node = append(InlineNode(kind: .text, text: "!["))
                brackets.append(Bracket(node: node, image: true, delimiterBelow: delimiterTop))
                i += 2
            case "]":
                i = closeBracket(at: i)
            case "&":
                i = entity(at: i)
            default:
                buffer.unicodeScalars.append(c)
                i += 1
            }
        }
        flush()
        processEmphasis(above: -1)
        return nodes
    }

    // MARK: Node list

    @discardableResult
    private mutating func append(_ node: InlineNode) -> Int {
        let index = nodes.count
        var node = node
        node.previous = tail
        nodes.append(node)
        nodes[tail].next = index
        tail = index
        return index
    }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        append(InlineNode(kind: .text, text: buffer))
        buffer = ""
    }

    private func skipSpaces(from start: Int) -> Int {
        var i = start
        while i < s.count && Chars.isSpace(s[i]) { i += 1 }
        return i
    }

    // MARK: Code, formulas, entities

    private mutating func codeSpan(at i: Int) -> Int {
        var j = i
        while j < s.count && s[j] == "`" { j += 1 }
        let length = j - i
        guard let close = backticks.closer(length: length, after: j - 1) else {
            buffer.unicodeScalars.append(contentsOf: repeatElement("`", count: length))
            return j
        }
        var content = s[j..<close].map { $0 == "\n" ? " " : $0 }
        if content.count >= 2 && content.first == " " && content.last == " " && content.contains(where: { $0 != " " }) {
            content.removeFirst()
            content.removeLast()
        }
        flush()
        append(InlineNode(kind: .code, text: Chars.string(content)))
        return close + length
    }

    private mutating func formula(at i: Int) -> Int {
        var j = i
        while j < s.count && s[j] == "$" { j += 1 }
        guard let end = dollars.span(at: i, in: s) else {
            buffer.unicodeScalars.append(contentsOf: repeatElement("$", count: j - i))
            return j
        }
        let display = j - i == 2
        flush()
        append(InlineNode(kind: display ? .displayMath : .math, text: Chars.string(s[j..<(end - (display ? 2 : 1))])))
        return end
    }

    private mutating func entity(at i: Int) -> Int {
        let n = s.count
        var j = i + 1
        if j < n && s[j] == "#" {
            j += 1
            var hex = false
            if j < n && (s[j] == "x" || s[j] == "X") {
                hex = true
                j += 1
            }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n && j - digitsStart < (hex ? 6 : 7), let digit = Self.digitValue(s[j], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            if j > digitsStart && j < n && s[j] == ";" {
                let valid = value != 0 && Chars.isXMLCharacter(value)
                buffer.unicodeScalars.append(valid ? Unicode.Scalar(value) ?? "\u{FFFD}" : "\u{FFFD}")
                return j + 1
            }
        } else {
            while j < n && j - i <= 32 && Chars.isASCIIAlphanumeric(s[j]) { j += 1 }
            if j > i + 1 && j < n && s[j] == ";", let scalar = Entities.named[Chars.string(s[(i + 1)..<j])] {
                buffer.unicodeScalars.append(scalar)
                return j + 1
            }
        }
        buffer.unicodeScalars.append("&")
        return i + 1
    }

    private static func digitValue(_ s: Unicode.Scalar, hex: Bool) -> UInt32? {
        switch s.value {
        case 0x30...0x39: return s.value - 0x30
        case 0x41...0x46 where hex: return s.value - 0x41 + 10
        case 0x61...0x66 where hex: return s.value - 0x61 + 10
        default: return nil
        }
    }

    // MARK: Emphasis

    private mutating func delimiterRun(at i: Int) -> Int {
        let n = s.count
        let c = s[i]
        var j = i
        while j < n && s[j] == c { j += 1 }
        let before: Unicode.Scalar = i > 0 ? s[i - 1] : "\n"
        let after: Unicode.Scalar = j < n ? s[j] : "\n"
        let beforeSpace = Chars.isWhitespace(before), afterSpace = Chars.isWhitespace(after)
        let beforePunctuation = Chars.isPunctuation(before), afterPunctuation = Chars.isPunctuation(after)
        let leftFlanking = !afterSpace && (!afterPunctuation || beforeSpace || beforePunctuation)
        let rightFlanking = !beforeSpace && (!beforePunctuation || afterSpace || afterPunctuation)
        let canOpen, canClose: Bool
        if c == "*" {
            canOpen = leftFlanking
            canClose = rightFlanking
        } else {
            canOpen = leftFlanking && (!rightFlanking || beforePunctuation)
            canClose = rightFlanking && (!leftFlanking || afterPunctuation)
        }
        flush()
        let node = append(InlineNode(kind: .delimiter, character: c, count: j - i))
        if canOpen || canClose {
            let index = delimiters.count
            delimiters.append(Delimiter(node: node, character: c, count: j - i, originalCount: j - i,
                                        canOpen: canOpen, canClose: canClose, previous: delimiterTop))
            if delimiterTop >= 0 { delimiters[delimiterTop].next = index }
            delimiterTop = index
        }
        return j
    }

    private mutating func removeDelimiter(_ d: Int) {
        let previous = delimiters[d].previous, next = delimiters[d].next
        if previous >= 0 { delimiters[previous].next = next }
        if next >= 0 { delimiters[next].previous = previous } else { delimiterTop = previous }
    }

    /// CommonMark's "process emphasis" for the delimiters above `bottom`, which it then removes.
    private mutating func processEmphasis(above bottom: Int) {
        var openersBottom = [Int](repeating: bottom, count: 12)
        var closer = -1
        var d = delimiterTop
        while d >= 0 && d != bottom {
            closer = d
            d = delimiters[d].previous
        }
        while closer >= 0 {
            let current = delimiters[closer]
            guard current.canClose else {
                closer = current.next
                continue
            }
            let key = (current.character == "*" ? 0 : 6) + (current.canOpen ? 3 : 0) + current.originalCount % 3
            var opener = current.previous
            var found = false
            while opener >= 0 && opener != bottom && opener != openersBottom[key] {
                let candidate = delimiters[opener]
                if candidate.canOpen && candidate.character == current.character {
                    let oddMatch = (current.canOpen || candidate.canClose)
                        && (candidate.originalCount + current.originalCount) % 3 == 0
                        && !(candidate.originalCount % 3 == 0 && current.originalCount % 3 == 0)
                    if !oddMatch {
                        found = true
                        break
                    }
                }
                opener = candidate.previous
            }
            guard found else {
                openersBottom[key] = current.previous
                if !current.canOpen { removeDelimiter(closer) }
                closer = current.next
                continue
            }
            let strong = current.count >= 2 && delimiters[opener].count >= 2
            let used = strong ? 2 : 1
            delimiters[opener].count -= used
            delimiters[closer].count -= used
            let openerNode = delimiters[opener].node, closerNode = current.node
            nodes[openerNode].count -= used
            nodes[closerNode].count -= used
            var between = current.previous
            while between >= 0 && between != opener {
                let below = delimiters[between].previous
                removeDelimiter(between)
                between = below
            }
            wrap(from: openerNode, to: closerNode, in: InlineNode(kind: strong ? .strong : .emphasis, character: current.character))
            if delimiters[opener].count == 0 { removeDelimiter(opener) }
            if delimiters[closer].count == 0 {
                let next = delimiters[closer].next
                removeDelimiter(closer)
                closer = next
            }
        }
        delimiterTop = bottom
        if bottom >= 0 { delimiters[bottom].next = -1 }
    }

    /// Moves the nodes strictly between `first` and `last` into `container`, put in their place.
    private mutating func wrap(from first: Int, to last: Int, in container: InlineNode) {
        let index = nodes.count
        var container = container
        let inner = nodes[first].next
        if inner != last && inner >= 0 {
            let innerLast = nodes[last].previous
            container.firstChild = inner
            nodes[inner].previous = -1
            nodes[innerLast].next = -1
        }
        container.previous = first
        container.next = last
        nodes.append(container)
        nodes[first].next = index
        nodes[last].previous = index
    }

    // MARK: Links

    private mutating func popBracket() {
        brackets.removeLast()
        deactivatedBelow = min(deactivatedBelow, brackets.count)
    }

    private mutating func closeBracket(at i: Int) -> Int {
        guard let bracket = brackets.last else {
            buffer.unicodeScalars.append("]")
            return i + 1
        }
        guard bracket.image || brackets.count - 1 >= deactivatedBelow, let link = inlineLink(at: i + 1) else {
            popBracket()
            buffer.unicodeScalars.append("]")
            return i + 1
        }
        flush()
        popBracket()
        // The link takes the nodes after its bracket, which stays as an empty text node.
        let index = nodes.count
        var node = InlineNode(kind: bracket.image ? .image : .link, text: link.destination, title: link.title)
        let inner = nodes[bracket.node].next
        if inner >= 0 {
            node.firstChild = inner
            nodes[inner].previous = -1
        }
        node.previous = bracket.node
        nodes.append(node)
        nodes[bracket.node].next = index
        nodes[bracket.node].text = ""
        tail = index
        processEmphasis(above: bracket.delimiterBelow)
        if !bracket.image { deactivatedBelow = brackets.count }
        return link.end
    }

    /// `(destination "title")` at `start`.
    private mutating func inlineLink(at start: Int) -> (destination: String, title: String, end: Int)? {
        let n = s.count
        guard start < n, s[start] == "(" else { return nil }
        var i = skipWhitespace(from: start + 1)
        var destination = ""
        if i < n && s[i] == "<" {
            i += 1
            while true {
                guard i < n, linkBudget > 0 else { return nil }
                linkBudget -= 1
                let c = s[i]
                if c == ">" {
                    i += 1
                    break
                }
                if c == "\n" || c == "<" { return nil }
                if c == "\\" && i + 1 < n && Chars.isASCIIPunctuation(s[i + 1]) {
                    destination.unicodeScalars.append(s[i + 1])
                    i += 2
                } else {
                    destination.unicodeScalars.append(c)
                    i += 1
                }
            }
        } else {
            var depth = 0
            while i < n {
                guard linkBudget > 0 else { return nil }
                linkBudget -= 1
                let c = s[i]
                if c == "\\" && i + 1 < n && Chars.isASCIIPunctuation(s[i + 1]) {
                    destination.unicodeScalars.append(s[i + 1])
                    i += 2
                    continue
                }
                if c.value <= 0x20 || c.value == 0x7F { break }
                if c == "(" {
                    depth += 1
                    if depth > 32 { return nil }
                } else if c == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                destination.unicodeScalars.append(c)
                i += 1
            }
            guard depth == 0 else { return nil }
        }
        let afterDestination = i
        i = skipWhitespace(from: i)
        var title = ""
        if i < n && i > afterDestination && (s[i] == "\"" || s[i] == "'" || s[i] == "(") {
            let close: Unicode.Scalar = s[i] == "(" ? ")" : s[i]
            i += 1
            while true {
                guard i < n, linkBudget > 0 else { return nil }
                linkBudget -= 1
                let c = s[i]
                if c == close {
                    i += 1
                    break
                }
                if close == ")" && c == "(" { return nil }
                if c == "\\" && i + 1 < n && Chars.isASCIIPunctuation(s[i + 1]) {
                    title.unicodeScalars.append(s[i + 1])
                    i += 2
                } else {
                    title.unicodeScalars.append(c)
                    i += 1
                }
            }
            i = skipWhitespace(from: i)
        }
        guard i < n, s[i] == ")" else { return nil }
        return (destination, title, i + 1)
    }

    private func skipWhitespace(from start: Int) -> Int {
        var i = start
        while i < s.count && (Chars.isSpace(s[i]) || s[i] == "\n") { i += 1 }
        return i
    }
}

/// Which URLs the page may point at: nothing outside itself.
private enum URLPolicy {
    /// A relative reference or `#fragment`: no scheme, not `//host` (browsers ignore tabs,
    /// newlines and leading controls and read `\` as `/`, so this does too).
    static func isLocal(_ url: String) -> Bool {
        let cleaned = Array(url.unicodeScalars).filter { $0.value > 0x20 && $0.value != 0x7F }
        if cleaned.count >= 2 && (cleaned[0] == "/" || cleaned[0] == "\\") && (cleaned[1] == "/" || cleaned[1] == "\\") {
            return false
        }
        for scalar in cleaned {
            switch scalar {
            case ":": return false
            case "/", "\\", "?", "#": return true
            default: continue
            }
        }
        return true
    }

    /// A relative path or a `data:image/…` URI.
    static func isImageSource(_ url: String) -> Bool {
        if isLocal(url) { return true }
        let cleaned = Chars.string(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        return cleaned.lowercased().hasPrefix("data:image/")
    }
}

private enum InlineRenderer {
    static let maximumDepth = 32

    static func render(_ nodes: [InlineNode], into out: inout String, math: (String, Bool) -> String) {
        var frames: [(resume: Int, closing: String, isTag: Bool)] = []
        var depth = 0
        var current = nodes[InlineParser.nodeRoot].next
        while true {
            while current >= 0 {
                let node = nodes[current]
                switch node.kind {
                case .text:
                    out += HTMLText.escape(node.text)
                case .delimiter:
                    if node.count > 0 { out += HTMLText.escape(String(repeating: String(Character(node.character)), count: node.count)) }
                case .softBreak:
                    out += "\n"
                case .hardBreak:
                    out += "<br/>\n"
                case .code:
                    out += "<code>" + HTMLText.escape(node.text) + "</code>"
                case .math:
                    out += math(node.text, false)
                case .displayMath:
                    out += math(node.text, true)
                case .emphasis, .strong:
                    let tag = node.kind == .strong ? "strong" : "em"
                    if depth < maximumDepth {
                        out += "<" + tag + ">"
                        frames.append((node.next, "</" + tag + ">", true))
                        depth += 1
                    } else {
                        let literal = String(repeating: String(Character(node.character)), count: node.kind == .strong ? 2 : 1)
                        out += literal
                        frames.append((node.next, literal, false))
                    }
                    current = node.firstChild
                    continue
                case .link:
                    if URLPolicy.isLocal(node.text) && depth < maximumDepth {
                        out += "<a href=\"" + HTMLText.escape(node.text) + "\""
                        if !node.title.isEmpty { out += " title=\"" + HTMLText.escape(node.title) + "\"" }
                        out += ">"
                        frames.append((node.next, "</a>", true))
                        depth += 1
                    } else if URLPolicy.isLocal(node.text) || plainText(nodes, from: node.firstChild) == node.text {
                        frames.append((node.next, "", false))
                    } else {
                        frames.append((node.next, " (" + HTMLText.escape(node.text) + ")", false))
                    }
                    current = node.firstChild
                    continue
                case .image:
                    let alt = plainText(nodes, from: node.firstChild)
                    if URLPolicy.isImageSource(node.text) {
                        out += "<img src=\"" + HTMLText.escape(node.text) + "\" alt=\"" + HTMLText.escape(alt) + "\""
                        if !node.title.isEmpty { out += " title=\"" + HTMLText.escape(node.title) + "\"" }
                        out += "/>"
                    } else {
                        out += HTMLText.escape(alt)
                    }
                }
                current = node.next
            }
            guard let frame = frames.popLast() else { break }
            out += frame.closing
            if frame.isTag { depth -= 1 }
            current = frame.resume
        }
    }

    /// The text of a node list and everything in it, without markup: alt text and heading ids.
    static func plainText(_ nodes: [InlineNode], from first: Int) -> String {
        var out = ""
        var resume: [Int] = []
        var current = first
        while true {
            while current >= 0 {
                let node = nodes[current]
                switch node.kind {
                case .text, .code, .math, .displayMath:
                    out += node.text
                case .delimiter:
                    if node.count > 0 { out += String(repeating: String(Character(node.character)), count: node.count) }
                case .softBreak, .hardBreak:
                    out += " "
                case .emphasis, .strong, .link, .image:
                    resume.append(node.next)
                    current = node.firstChild
                    continue
                }
                current = node.next
            }
            guard let next = resume.popLast() else { break }
            current = next
        }
        return out
    }
}

/// Named character references a lecture is likely to use (HTML's full table is not carried).
private enum Entities {
    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "shy": "\u{AD}",
        "copy": "©", "reg": "®", "trade": "™", "sect": "§", "para": "¶", "deg": "°", "micro": "µ",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "laquo": "«", "raquo": "»", "middot": "·", "bull": "•", "dagger": "†",
        "plusmn": "±", "times": "×", "divide": "÷", "minus": "−", "sdot": "⋅", "le": "≤", "ge": "≥",
        "ne": "≠", "asymp": "≈", "equiv": "≡", "prop": "∝", "infin": "∞", "sum": "∑", "prod": "∏",
        "part": "∂", "nabla": "∇", "radic": "√", "int": "∫", "isin": "∈", "notin": "∉", "forall": "∀",
        "exist": "∃", "empty": "∅", "cap": "∩", "cup": "∪", "sub": "⊂", "sup": "⊃", "and": "∧", "or": "∨",
        "rarr": "→", "larr": "←", "uarr": "↑", "darr": "↓", "harr": "↔", "rArr": "⇒", "lArr": "⇐", "hArr": "⇔",
        "frac12": "½", "frac14": "¼", "frac34": "¾", "sup1": "¹", "sup2": "²", "sup3": "³",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
        "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
}

// MARK: - HTML

private struct BlockRenderer {
    let blocks: [Block]
    private var out = ""
    private var usedIDs: Set<String> = []
    private var idCounts: [String: Int] = [:]
    /// Empty cells still allowed for padding short table rows: bounds the output of hostile tables.
    private var paddingBudget = 100_000

    init(blocks: [Block]) {
        self.blocks = blocks
    }

    mutating func render(math: (String, Bool) -> String) -> String {
        var stack: [(block: Int, next: Int, tight: Bool)] = [(0, 0, false)]
        while let top = stack.last {
            let children = blocks[top.block].children
            guard top.next < children.count else {
                stack.removeLast()
                let block = blocks[top.block]
                switch block.kind {
                case .blockQuote:
                    newline()
                    out += "</blockquote>\n"
                case .list:
                    newline()
                    out += block.ordered ? "</ol>\n" : "</ul>\n"
                case .item:
                    out += "</li>\n"
                default:
                    break
                }
                continue
            }
            stack[stack.count - 1].next += 1
            let child = children[top.next]
            let block = blocks[child]
            switch block.kind {
            case .document:
                break
            case .blockQuote:
                newline()
                out += "<blockquote>\n"
                stack.append((child, 0, false))
            case .list:
                newline()
                if !block.ordered {
                    out += "<ul>\n"
                } else if block.start == 1 {
                    out += "<ol>\n"
                } else {
                    out += "<ol start=\"\(block.start)\">\n"
                }
                stack.append((child, 0, isTight(child)))
            case .item:
                newline()
                out += "<li>"
                stack.append((child, 0, top.tight))
            case .paragraph:
                if top.tight && blocks[top.block].kind == .item {
                    inline(Self.joined(block.lines), math: math)
                } else {
                    newline()
                    out += "<p>"
                    inline(Self.joined(block.lines), math: math)
                    out += "</p>\n"
                }
            case .heading:
                let level = min(max(block.level, 1), 6)
                var parser = InlineParser(Self.joined(block.lines))
                let nodes = parser.parse()
                let id = uniqueID(InlineRenderer.plainText(nodes, from: nodes[InlineParser.nodeRoot].next))
                newline()
                out += "<h\(level) id=\"" + HTMLText.escape(id) + "\">"
                InlineRenderer.render(nodes, into: &out, math: math)
                out += "</h\(level)>\n"
            case .fencedCode, .indentedCode:
                var lines = block.lines[...]
                if block.kind == .indentedCode {
                    while let last = lines.last, Chars.isBlank(last) { lines = lines.dropLast() }
                }
                newline()
                out += block.language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-" + HTMLText.escape(block.language) + "\">"
                for line in lines { out += HTMLText.escape(Chars.string(line)) + "\n" }
                out += "</code></pre>\n"
            case .math:
                var latex = ""
                for (index, line) in block.lines.enumerated() {
                    if index > 0 { latex += "\n" }
                    latex += Chars.string(line)
                }
                newline()
                out += math(latex, true) + "\n"
            case .thematicBreak:
                newline()
                out += "<hr/>\n"
            case .table:
                newline()
                table(block, math: math)
            }
        }
        return out
    }

    private mutating func newline() {
        if let last = out.utf8.last, last != UInt8(ascii: "\n") { out += "\n" }
    }

    private mutating func inline(_ text: Scalars, math: (String, Bool) -> String) {
        var parser = InlineParser(text)
        let nodes = parser.parse()
        InlineRenderer.render(nodes, into: &out, math: math)
    }

    /// Paragraph lines as one text, without trailing spaces.
    private static func joined(_ lines: [Scalars]) -> Scalars {
        var text: Scalars = []
        for (index, line) in lines.enumerated() {
            if index > 0 { text.append("\n") }
            text.append(contentsOf: line)
        }
        while let last = text.last, Chars.isSpace(last) { text.removeLast() }
        return text
    }

    /// Jupyter's heading id (the text with its spaces as `-`), made unique with `-1`, `-2`….
    private mutating func uniqueID(_ text: String) -> String {
        var slug = ""
        var scalars = Substring(text).unicodeScalars.drop(while: Chars.isWhitespace)
        while let last = scalars.last, Chars.isWhitespace(last) { scalars = scalars.dropLast() }
        for scalar in scalars { slug.unicodeScalars.append(Chars.isWhitespace(scalar) ? "-" : scalar) }
        if slug.isEmpty { slug = "section" }
        var candidate = slug
        var count = idCounts[slug, default: 0]
        while usedIDs.contains(candidate) {
            count += 1
            candidate = slug + "-" + String(count)
        }
        idCounts[slug] = count
        usedIDs.insert(candidate)
        return candidate
    }

    /// CommonMark's tight list: no blank line between its items or between blocks in an item.
    private func isTight(_ list: Int) -> Bool {
        let items = blocks[list].children
        for (index, item) in items.enumerated() {
            let hasNext = index + 1 < items.count
            if blocks[item].lastLineBlank && hasNext { return false }
            let children = blocks[item].children
            for (position, child) in children.enumerated() where hasNext || position + 1 < children.count {
                if endsWithBlankLine(child) { return false }
            }
        }
        return true
    }

    private func endsWithBlankLine(_ block: Int) -> Bool {
        var current = block
        while true {
            if blocks[current].lastLineBlank { return true }
            let kind = blocks[current].kind
            guard kind == .list || kind == .item, let last = blocks[current].children.last else { return false }
            current = last
        }
    }

    private mutating func table(_ block: Block, math: (String, Bool) -> String) {
        let columns = block.alignments.count
        out += "<table>\n<thead>\n<tr>\n"
        let header = TableRow.cells(block.lines.first ?? []).cells
        for column in 0..<columns {
            cell("th", column < header.count ? header[column] : [], block.alignments[column], math: math)
        }
        out += "</tr>\n</thead>\n"
        if block.lines.count > 1 {
            out += "<tbody>\n"
            for row in block.lines.dropFirst() {
                let cells = TableRow.cells(row).cells
                out += "<tr>\n"
                for column in 0..<columns {
                    if column < cells.count {
                        cell("td", cells[column], block.alignments[column], math: math)
                    } else if paddingBudget > 0 {
                        paddingBudget -= 1
                        cell("td", [], block.alignments[column], math: math)
                    }
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n"
        }
        out += "</table>\n"
    }

    private mutating func cell(_ tag: String, _ content: Scalars, _ alignment: Alignment, math: (String, Bool) -> String) {
        switch alignment {
        case .none: out += "<" + tag + ">"
        case .left: out += "<" + tag + " style=\"text-align:left\">"
        case .center: out += "<" + tag + " style=\"text-align:center\">"
        case .right: out += "<" + tag + " style=\"text-align:right\">"
        }
        inline(content, math: math)
        out += "</" + tag + ">\n"
    }
}
