import BackpropLanguage

/// A cell's tokens read around a cursor: the word being typed, the receiver of a `.member`,
/// the call whose argument list the cursor is in, and the names the code declares.
///
/// Positions are Unicode scalar offsets (Jupyter's code points) throughout.
struct CodeCursor {
    /// The most tokens a `func` declaration's parameter list is read for.
    static let maximumParameterTokens = 512
    /// The tokens of the whole code.
    let tokens: [CodeToken]
    /// The code's scalars.
    let scalars: [Unicode.Scalar]
    /// The cursor, clamped to the code.
    let cursor: Int

    init(code: String, cursor: Int) {
        scalars = Array(code.unicodeScalars)
        self.cursor = Swift.min(Swift.max(cursor, 0), scalars.count)
        tokens = CodeToken.tokenize(code)
    }

    // MARK: - The word at the cursor

    /// The identifier or keyword token the cursor is in or right after, if any.
    var wordIndex: Int? {
        tokens.firstIndex { token in
            (token.kind == .identifier || token.kind == .keyword) && token.start < cursor && cursor <= token.end
                && token.text.unicodeScalars.first != "$"
        }
    }

    /// The identifier or keyword token the cursor is on, touching either end (for inspection).
    var nameIndexAroundCursor: Int? {
        if let index = wordIndex { return index }
        return tokens.firstIndex { token in
            (token.kind == .identifier || token.kind == .keyword) && token.start == cursor
        }
    }

    /// The index of the last token that ends at or before `position`.
    func lastIndex(endingBy position: Int) -> Int? {
        tokens.lastIndex { $0.end <= position }
    }

    /// Whether the cursor is inside a string literal, an unterminated one, or a comment.
    var isInStringOrComment: Bool {
        for token in tokens where token.start < cursor {
            // An unterminated `/*` comment runs to the end of the code.
            if token.kind == .invalid, token.text.hasPrefix("/*") { return true }
            guard cursor <= token.end else { continue }
            if token.kind == .string, cursor < token.end { return true }
            if token.kind == .invalid, token.text.unicodeScalars.first == "\"" { return true }
        }
        // Comments are the gaps between tokens: scan the gap the cursor is in.
        let gapStart = lastIndex(endingBy: cursor).map { tokens[$0].end } ?? 0
        var index = gapStart
        var depth = 0
        var lineComment = false
        while index < cursor {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            if lineComment {
                if scalar == "\n" { lineComment = false }
            } else if scalar == "/", next == "*" {
                depth += 1
                index += 1
            } else if depth > 0, scalar == "*", next == "/" {
                depth -= 1
                index += 1
            } else if depth == 0, scalar == "/", next == "/" {
                lineComment = true
                index += 1
            }
            index += 1
        }
        return lineComment || depth > 0
    }

    // MARK: - Receivers and calls

    /// Whether token `index` is the punctuation `text`.
    func isPunctuation(_ index: Int, _ text: String) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].kind == .punctuation && tokens[index].text == text
    }

    /// The names of a receiver chain `a.b.c` that ends right before the `.` at `dotIndex`, or
    /// nil when what comes before the dot is not such a chain (a call, a literal, nothing).
    func receiverChain(beforeDot dotIndex: Int) -> [String]? {
        var names: [String] = []
        var index = dotIndex - 1
        while index >= 0, tokens[index].kind == .identifier, tokens[index].end == tokens[index + 1].start,
            let name = tokens[index].name
        {
            names.append(name)
            guard isPunctuation(index - 1, "."), tokens[index - 1].end == tokens[index].start else {
                // Collected back to front; reversing once keeps a long chain linear.
                return names.reversed()
            }
            index -= 2
        }
        return nil
    }

    /// The call whose argument list contains position `position` (before token `before`).
    struct Call {
        /// The callee as a chain of names: `["Dense"]`, `["net", "train"]`, `["Dataset", "moons"]`.
        let callee: [String]
        /// The labels already written in this call before the cursor.
        let usedLabels: Set<String>
        /// Whether the cursor starts an argument (right after `(` or `,`), where a label may go.
        let atArgumentStart: Bool
        /// The label of the argument the cursor is in (`activation` in `Dense(3, activation: .re|`).
        let currentLabel: String?
    }

    /// The innermost call whose parentheses enclose the tokens before index `end` (exclusive).
    func enclosingCall(before end: Int) -> Call? {
        var depth = 0
        var index = end - 1
        var usedLabels = Set<String>()
        var currentLabel: String?
        var sawComma = false
        while index >= 0 {
            let token = tokens[index]
            if token.kind == .punctuation {
                switch token.text {
                case ")", "]", "}": depth += 1
                case "[", "{":
                    if depth == 0 { return nil }
                    depth -= 1
                case "(":
                    if depth > 0 {
                        depth -= 1
                    } else {
                        guard let callee = calleeChain(beforeParen: index) else { return nil }
                        let atStart = end - 1 == index || isPunctuation(end - 1, ",")
                        return Call(callee: callee, usedLabels: usedLabels, atArgumentStart: atStart,
                                    currentLabel: currentLabel)
                    }
                case ",":
                    if depth == 0 { sawComma = true }
                case ":":
                    if depth == 0, index > 0, let label = tokens[index - 1].name, tokens[index - 1].kind == .identifier {
                        usedLabels.insert(label)
                        if !sawComma, currentLabel == nil { currentLabel = label }
                    }
                default: break
                }
            }
            index -= 1
        }
        return nil
    }

    /// `f`, `net.train` or `Dataset.moons` before a `(`; nil for `func f(`, `if (`, `)(`.
    private func calleeChain(beforeParen paren: Int) -> [String]? {
        guard paren > 0, tokens[paren - 1].kind == .identifier, let name = tokens[paren - 1].name else { return nil }
        if paren >= 2, tokens[paren - 2].kind == .keyword, tokens[paren - 2].name == "func" { return nil }
        if isPunctuation(paren - 2, ".") {
            guard let receiver = receiverChain(beforeDot: paren - 2) else { return nil }
            return receiver + [name]
        }
        return [name]
    }

    // MARK: - Declarations in the code

    /// A name the code declares: with `let`, `var`, `for`, `func`, or as a parameter.
    struct Declared {
        let name: String
        let isFunction: Bool
    }

    /// The names declared by the tokens before index `end`, in order, without repeats.
    func declaredNames(before end: Int) -> [Declared] {
        var result: [Declared] = []
        var seen = Set<String>()
        func add(_ name: String?, function: Bool = false) {
            guard let name, name != "_", seen.insert(name).inserted else { return }
            result.append(Declared(name: name, isFunction: function))
        }
        var index = 0
        while index < end {
            let token = tokens[index]
            let next = index + 1 < end ? tokens[index + 1] : nil
            if token.kind == .keyword, let keyword = token.name, let next, next.kind == .identifier {
                switch keyword {
                case "let", "var", "for": add(next.name)
                case "func":
                    add(next.name, function: true)
                    for parameter in parameters(ofFunctionAt: index, before: end) { add(parameter.name) }
                default: break
                }
            }
            // Closure parameters: `{ a, b in`.
            if isPunctuation(index, "{") {
                var scan = index + 1
                var names: [String] = []
                while scan < end, tokens[scan].kind == .identifier, let name = tokens[scan].name {
                    names.append(name)
                    scan += 1
                    if isPunctuation(scan, ",") { scan += 1 } else { break }
                }
                if scan < end, tokens[scan].kind == .keyword, tokens[scan].name == "in" { names.forEach { add($0) } }
            }
            index += 1
        }
        return result
    }

    /// The parameters (label, name) of `func name(…)` whose `func` keyword is token `funcIndex`.
    func parameters(ofFunctionAt funcIndex: Int, before end: Int? = nil) -> [(label: String?, name: String)] {
        // A parameter list never runs to hundreds of tokens; the cap keeps code full of unclosed
        // `func f(` from making every completion quadratic.
        let limit = Swift.min(end ?? tokens.count, tokens.count, funcIndex + Self.maximumParameterTokens)
        guard funcIndex + 2 < limit, isPunctuation(funcIndex + 2, "(") else { return [] }
        var result: [(label: String?, name: String)] = []
        var index = funcIndex + 3
        var depth = 0
        var atParameterStart = true
        while index < limit {
            let token = tokens[index]
            if token.kind == .punctuation {
                switch token.text {
                case "(", "[", "{": depth += 1
                case ")" where depth == 0: return result
                case ")", "]", "}": depth -= 1
                case "," where depth == 0: atParameterStart = true
                default: break
                }
            }
            if atParameterStart, depth == 0, token.kind == .identifier || token.text == "_" {
                atParameterStart = false
                let first = token.kind == .identifier ? token.name : nil
                if index + 1 < limit, tokens[index + 1].kind == .identifier, let second = tokens[index + 1].name {
                    result.append((label: first, name: second))
                    index += 1
                } else if let first {
                    result.append((label: first, name: first))
                }
            }
            index += 1
        }
        return result
    }

    /// The labels of a function declared in this code as `func name(…)`, if it is.
    func declaredLabels(ofFunction name: String) -> [String]? {
        guard let funcIndex = tokens.indices.last(where: { index in
            tokens[index].kind == .keyword && tokens[index].name == "func" && index + 1 < tokens.count
                && tokens[index + 1].name == name
        }) else { return nil }
        return parameters(ofFunctionAt: funcIndex).compactMap(\.label)
    }
}
