import BackpropLanguage
import JSON
import JupyterKernel

/// Inspection for inspect_request: what the name at the cursor is.
///
/// The name is the identifier the cursor is in or touches; with none there, or one that names
/// nothing (a label), the callee of the call whose arguments the cursor is in (`Dense(|` and
/// `Dense(3, activ|ation: .relu)` inspect `Dense`).
/// - a global variable: its type and the text/plain of its value (20 lines at detail level 0,
///   200 at level 1 and above); a function shows its declaration;
/// - a builtin function or type: its signature and doc (and a type's static members);
/// - `receiver.member`: the member's signature and doc, and a property's current value;
/// - `Type.member`: the static function's signature and doc, or the constant's value;
/// - `.option`: what the option is.
/// Anything else (keywords, names not bound yet, unknown receivers) is not found.
struct Inspector {
    /// The interpreter whose globals are read; only on the execution thread, between runs.
    let interpreter: Interpreter

    /// The inspection at a cursor counted in Unicode code points.
    func inspect(code: String, cursor: Int, detailLevel: Int) -> Inspection {
        let context = CodeCursor(code: code, cursor: cursor)
        guard !context.isInStringOrComment else { return Inspection(nil) }
        let maximumLines = detailLevel > 0 ? 200 : 20
        let resolver = ReceiverResolver(interpreter: interpreter)
        guard let index = context.nameIndexAroundCursor, let name = context.tokens[index].name else {
            guard let call = context.enclosingCall(before: context.lastIndex(endingBy: context.cursor).map { $0 + 1 } ?? 0) else {
                return Inspection(nil)
            }
            return Inspection(describe(chain: call.callee, resolver: resolver, maximumLines: maximumLines))
        }
        if context.isPunctuation(index - 1, "."), context.tokens[index - 1].end == context.tokens[index].start {
            if let receiver = context.receiverChain(beforeDot: index - 1) {
                return Inspection(describe(chain: receiver + [name], resolver: resolver, maximumLines: maximumLines))
            }
            if let option = Catalog.options(forLabel: nil).first(where: { $0.name == name }) {
                return Inspection(Self.documentation(option.signature, option.doc))
            }
            return Inspection(nil)
        }
        if let bundle = describe(chain: [name], resolver: resolver, maximumLines: maximumLines) { return Inspection(bundle) }
        // A label or an unknown name inside a call's arguments: show the callee.
        guard let call = context.enclosingCall(before: index) else { return Inspection(nil) }
        return Inspection(describe(chain: call.callee, resolver: resolver, maximumLines: maximumLines))
    }

    /// The bundle for a name or a chain `receiver.member`.
    private func describe(chain: [String], resolver: ReceiverResolver, maximumLines: Int) -> MimeBundle? {
        guard let name = chain.last else { return nil }
        if chain.count == 1 {
            if let value = interpreter.value(of: name) { return Self.variable(name, value, maximumLines: maximumLines) }
            guard let entry = Catalog.global(name) else { return nil }
            var doc = entry.doc
            let statics = Catalog.staticMembers(of: name)
            if !statics.isEmpty { doc += "\n\nStatic members: " + statics.map { "\(name).\($0.name)" }.joined(separator: ", ") }
            return Self.documentation(entry.signature, doc)
        }
        let receiver = Array(chain.dropLast())
        let path = chain.joined(separator: ".")
        if let value = resolver.value(of: receiver) {
            guard let entry = Catalog.members(of: value).first(where: { $0.name == name }) else { return nil }
            if entry.kind == .property, let property = interpreter.property(name, of: value) {
                return Self.variable(path, property, maximumLines: maximumLines, doc: entry.doc)
            }
            return Self.documentation(entry.signature, entry.doc)
        }
        guard receiver.count == 1, let type = receiver.first,
            let entry = Catalog.staticMembers(of: type).first(where: { $0.name == name })
        else { return nil }
        if entry.kind == .constant, let value = Catalog.staticConstant(name, of: type) {
            return Self.variable(path, value, maximumLines: maximumLines)
        }
        return Self.documentation(entry.signature, entry.doc)
    }

    // MARK: - Bundles

    /// A signature and doc: text/plain, and text/markdown with the signature as Swift code.
    static func documentation(_ signature: String, _ doc: String) -> MimeBundle {
        let plain = doc.isEmpty ? signature : signature + "\n\n" + doc
        let markdown = "```swift\n" + signature + "\n```" + (doc.isEmpty ? "" : "\n\n" + doc)
        return MimeBundle(data: [("text/plain", .string(plain)), ("text/markdown", .string(markdown))])
    }

    /// A value: `name: Type`, then a function's declaration or the value's text/plain, cut to `maximumLines`.
    static func variable(_ name: String, _ value: Value, maximumLines: Int, doc: String = "") -> MimeBundle {
        let header = "\(name): \(value.typeName)"
        var body: String
        if case .function(let function) = value {
            body = function.signature
        } else {
            body = summary(ValueFormatter.plainText(value), maximumLines: maximumLines)
        }
        body = MimeRendering.limited(body)
        let docPart = doc.isEmpty ? "" : "\n\n" + doc
        let plain = header + docPart + "\n\n" + body
        let markdown = "`\(name)`: `\(value.typeName)`" + docPart + "\n\n```\n" + body + "\n```"
        return MimeBundle(data: [("text/plain", .string(plain)), ("text/markdown", .string(markdown))])
    }

    /// The first `maximumLines` lines of `text`, and how many more there are.
    static func summary(_ text: String, maximumLines: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > maximumLines else { return text }
        return lines.prefix(maximumLines).joined(separator: "\n") + "\n… (\(lines.count - maximumLines) more lines)"
    }
}
