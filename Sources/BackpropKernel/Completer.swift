import BackpropLanguage
import JupyterKernel

/// Completion for complete_request: names, members after `.`, `.options` and argument labels.
///
/// Contexts, by what comes before the word at the cursor:
/// - `receiver.`: the properties and methods of the receiver's current value (a global, or a
///   property chain of one, `net.weights.`), or the static members of a type (`Dataset.`).
/// - `.` where no receiver can be (after `(`, `,`, `:`, `=`, an operator): the options, those
///   of the argument's label when known (`activation: .` → activations), with their dot.
/// - otherwise: the labels of the enclosing call when the cursor starts an argument
///   (`Dense(3, acti` → `activation:`), then globals, names declared earlier in the code,
///   builtins and keywords.
/// Nothing is offered inside strings and comments.
///
/// Matches start with the typed prefix (case-sensitively, or else case-insensitively); labels
/// come first in signature order, then everything else sorted by name. The replaced range is the
/// whole word under the cursor (and the dot of an option).
struct Completer {
    /// The interpreter whose globals are read; only on the execution thread, between runs.
    let interpreter: Interpreter

    /// The completion at a cursor counted in Unicode code points.
    func complete(code: String, cursor: Int) -> Completion {
        let context = CodeCursor(code: code, cursor: cursor)
        let cursor = context.cursor
        guard !context.isInStringOrComment else { return Completion(matches: [], cursorStart: cursor, cursorEnd: cursor) }
        let wordIndex = context.wordIndex
        let start = wordIndex.map { context.tokens[$0].start } ?? cursor
        let end = wordIndex.map { context.tokens[$0].end } ?? cursor
        let prefix = String(String.UnicodeScalarView(context.scalars[start..<cursor]))
        // The token before the word (or before the cursor when no word is being typed).
        let beforeIndex = wordIndex.map { $0 - 1 } ?? context.lastIndex(endingBy: cursor) ?? -1
        if beforeIndex >= 0, context.tokens[beforeIndex].kind == .number, wordIndex == nil, context.tokens[beforeIndex].end == cursor {
            return Completion(matches: [], cursorStart: cursor, cursorEnd: cursor)
        }

        if context.isPunctuation(beforeIndex, "."), context.tokens[beforeIndex].end == start {
            let dot = context.tokens[beforeIndex]
            if let chain = context.receiverChain(beforeDot: beforeIndex) {
                let candidates = members(of: chain)
                return completion(candidates, prefix: prefix, start: start, end: end)
            }
            if beforeIndex > 0, isValueEnd(context.tokens[beforeIndex - 1]), context.tokens[beforeIndex - 1].end == dot.start {
                // `f(x).`, `a[0].`, `"s".`: the receiver's value is unknown without running code.
                return Completion(matches: [], cursorStart: start, cursorEnd: end)
            }
            let label = optionLabel(context, dotIndex: beforeIndex)
            let options = Catalog.options(forLabel: label).map { Candidate(text: "." + $0.name, type: "option") }
            return completion(options, prefix: "." + prefix, start: dot.start, end: end)
        }

        var labels: [Candidate] = []
        if let call = context.enclosingCall(before: wordIndex ?? (beforeIndex + 1)), call.atArgumentStart {
            labels = self.labels(of: call.callee, in: context)
                .filter { !call.usedLabels.contains($0) }
                .map { Candidate(text: $0 + ":", type: "param") }
        }
        var names: [Candidate] = []
        for name in interpreter.globalNames {
            guard let value = interpreter.value(of: name) else { continue }
            if case .function = value { names.append(Candidate(text: name, type: "function")) } else { names.append(Candidate(text: name, type: "variable")) }
        }
        for declared in context.declaredNames(before: wordIndex ?? context.tokens.count) {
            names.append(Candidate(text: declared.name, type: declared.isFunction ? "function" : "variable"))
        }
        for entry in Catalog.globals { names.append(Candidate(text: entry.name, type: entry.kind == .type ? "class" : "function")) }
        for type in Catalog.typesWithStaticMembers { names.append(Candidate(text: type, type: "class")) }
        for keyword in Catalog.keywords { names.append(Candidate(text: keyword, type: "keyword")) }
        return completion(names, prefix: prefix, start: start, end: end, first: labels)
    }

    // MARK: - Candidates

    /// A match and its `_jupyter_types_experimental` type.
    struct Candidate {
        let text: String
        let type: String
    }

    /// Filters by prefix (exact case first, any case when nothing matches), removes repeats
    /// (the first kind of a name wins: variables before builtins), sorts, and puts `first` ahead.
    private func completion(_ candidates: [Candidate], prefix: String, start: Int, end: Int, first: [Candidate] = []) -> Completion {
        func matching(_ list: [Candidate]) -> [Candidate] {
            let exact = list.filter { $0.text.hasPrefix(prefix) }
            if !exact.isEmpty || prefix.isEmpty { return exact }
            let lowered = prefix.lowercased()
            return list.filter { $0.text.lowercased().hasPrefix(lowered) }
        }
        var seen = Set<String>()
        var ordered: [Candidate] = []
        for candidate in matching(first) where seen.insert(candidate.text).inserted { ordered.append(candidate) }
        var rest: [Candidate] = []
        for candidate in matching(candidates) where seen.insert(candidate.text).inserted { rest.append(candidate) }
        rest.sort { lhs, rhs in
            let left = lhs.text.lowercased(), right = rhs.text.lowercased()
            return left != right ? left < right : lhs.text < rhs.text
        }
        ordered += rest
        return Completion(matches: ordered.map(\.text), cursorStart: start, cursorEnd: end, types: ordered.map(\.type))
    }

    /// The members of what a receiver chain names: a global's value and its properties, or a type's static members.
    private func members(of chain: [String]) -> [Candidate] {
        if let value = ReceiverResolver(interpreter: interpreter).value(of: chain) {
            return Catalog.members(of: value).map { Candidate(text: $0.name, type: $0.kind == .method ? "method" : "property") }
        }
        if chain.count == 1, let type = chain.first {
            return Catalog.staticMembers(of: type).map { Candidate(text: $0.name, type: $0.kind == .method ? "method" : "constant") }
        }
        return []
    }

    /// The argument labels of a callee: a builtin, a static member, a method of a global's
    /// value, or a function (bound, or declared in this code).
    private func labels(of callee: [String], in context: CodeCursor) -> [String] {
        guard let signature = ReceiverResolver(interpreter: interpreter).signature(of: callee) else {
            if callee.count == 1, let name = callee.first, let labels = context.declaredLabels(ofFunction: name) { return labels }
            return []
        }
        switch signature {
        case .text(let text): return SignatureLabels.labels(in: text)
        case .labels(let labels): return labels
        }
    }

    /// The label an option is the argument of (`loss` in `loss: .`), or the group its annotated
    /// type names (`let a: Activation = .`).
    private func optionLabel(_ context: CodeCursor, dotIndex: Int) -> String? {
        if context.isPunctuation(dotIndex - 1, ":"), dotIndex >= 2, context.tokens[dotIndex - 2].kind == .identifier {
            return context.tokens[dotIndex - 2].name
        }
        if dotIndex >= 3, context.tokens[dotIndex - 1].kind == .operator, context.tokens[dotIndex - 1].text == "=",
            context.tokens[dotIndex - 2].kind == .identifier, context.isPunctuation(dotIndex - 3, ":")
        {
            switch context.tokens[dotIndex - 2].name {
            case "Activation": return "activation"
            case "Loss": return "loss"
            case "Optimizer": return "optimizer"
            case "Initializer": return "initializer"
            case "Dataset": return "on"
            default: return nil
            }
        }
        return nil
    }

    /// Whether a token ends an expression, so a `.` right after it reads a member.
    private func isValueEnd(_ token: CodeToken) -> Bool {
        switch token.kind {
        case .identifier, .number, .string: return true
        case .punctuation: return token.text == ")" || token.text == "]" || token.text == "}"
        default: return false
        }
    }
}
