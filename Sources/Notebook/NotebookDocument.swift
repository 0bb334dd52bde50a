import JSON

/// A Jupyter notebook in nbformat 4: its cells and metadata, read from and written to the JSON
/// that nbformat writes (so a notebook this tool wrote reads and diffs like one Jupyter saved).
public struct NotebookDocument: Sendable {
    /// The notebook's metadata (kernelspec, language_info, …), as it was.
    public var metadata: JSONValue
    /// The cells, in order.
    public var cells: [NotebookCell]
    /// Top-level members other than `cells`, `metadata`, `nbformat` and `nbformat_minor`.
    public var otherMembers: [(String, JSONValue)]

    /// The format this tool writes: nbformat 4.5 (cells have ids).
    public static let formatVersion = (major: 4, minor: 5)

    /// A notebook of cells.
    public init(cells: [NotebookCell], metadata: JSONValue = .object([]), otherMembers: [(String, JSONValue)] = []) {
        self.cells = cells
        self.metadata = metadata
        self.otherMembers = otherMembers
    }

    /// Reads a notebook from its JSON text (nbformat 4.0–4.5). Cells without an id (before 4.5)
    /// get one (`cell-1`, `cell-2`, … unless taken), since this tool writes 4.5.
    ///
    /// - Throws: ``NotebookError`` for text that is not JSON or not an nbformat 4 notebook.
    public init(parsing bytes: [UInt8]) throws(NotebookError) {
        let root: JSONValue
        do {
            root = try JSONValue.parse(utf8: bytes)
        } catch {
            throw NotebookError("the file is not JSON: \(error)")
        }
        guard let members = root.members else { throw NotebookError("the file is JSON but not a notebook: its top level is not an object") }
        guard let major = root["nbformat"]?.int else { throw NotebookError("the file is not a notebook: it has no 'nbformat' version") }
        guard major == 4 else { throw NotebookError("the notebook is nbformat \(major); only nbformat 4 notebooks can be run (open and save it in Jupyter to convert it)") }
        guard let cellValues = root["cells"]?.array else { throw NotebookError("the notebook has no 'cells' list") }
        var cells: [NotebookCell] = []
        for (index, value) in cellValues.enumerated() {
            cells.append(try Self.cell(value, number: index + 1))
        }
        // Ids: keep valid unique ones, give the others fresh ones.
        var taken = Set<String>()
        for index in cells.indices {
            let id = cells[index].id
            if Self.isValidID(id), !taken.contains(id) { taken.insert(id) } else { cells[index].id = "" }
        }
        var next = 1
        for index in cells.indices where cells[index].id.isEmpty {
            while taken.contains("cell-\(next)") { next += 1 }
            cells[index].id = "cell-\(next)"
            taken.insert(cells[index].id)
        }
        self.cells = cells
        metadata = root["metadata"] ?? .object([])
        let known: Set<String> = ["cells", "metadata", "nbformat", "nbformat_minor"]
        otherMembers = members.filter { !known.contains($0.0) }
    }

    /// The notebook as nbformat writes it: JSON with one space of indentation, keys sorted,
    /// multi-line strings as lists of lines, and a final newline.
    public func serialized() throws(NotebookError) -> String {
        let root = JSONValue.object([
            ("cells", .array(cells.map(\.json))), ("metadata", metadata),
            ("nbformat", .integer(Self.formatVersion.major)), ("nbformat_minor", .integer(Self.formatVersion.minor)),
        ] + otherMembers)
        do {
            return try root.serialized(indent: 1, pythonStyle: true) + "\n"
        } catch {
            throw NotebookError("the notebook cannot be written as JSON: \(error)")
        }
    }

    // MARK: - Reading cells

    private static func cell(_ value: JSONValue, number: Int) throws(NotebookError) -> NotebookCell {
        guard let members = value.members, let type = value["cell_type"]?.string else {
            throw NotebookError("cell \(number) is not a cell: it has no 'cell_type'")
        }
        guard let source = text(value["source"] ?? .string("")) else {
            throw NotebookError("cell \(number) has a 'source' that is neither a string nor a list of strings")
        }
        var outputs: [JSONValue] = []
        if type == "code" { outputs = value["outputs"]?.array ?? [] }
        let known: Set<String> = ["cell_type", "id", "source", "metadata", "outputs", "execution_count"]
        return NotebookCell(
            cellType: type, id: value["id"]?.string ?? "", source: source, metadata: value["metadata"] ?? .object([]),
            outputs: outputs, executionCount: value["execution_count"]?.int,
            otherMembers: members.filter { !known.contains($0.0) })
    }

    /// A string, or a list of strings joined (nbformat's multi-line form); nil for anything else.
    static func text(_ value: JSONValue) -> String? {
        if let string = value.string { return string }
        guard let parts = value.array else { return nil }
        var joined = ""
        for part in parts {
            guard let string = part.string else { return nil }
            joined += string
        }
        return joined
    }

    /// Whether an id fits nbformat 4.5: 1–64 characters of `A–Z a–z 0–9 - _`.
    static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.unicodeScalars.count) && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    // MARK: - Writing

    /// nbformat's multi-line form of a string: Python's `str.splitlines(True)`, each line with
    /// its line break, `""` as `[]`. Python breaks lines at `\n`, `\r`, `\r\n`, `\v`, `\f`,
    /// U+001C–U+001E, U+0085, U+2028 and U+2029, and so does this, so the files are the same.
    static func lines(_ text: String) -> JSONValue {
        var result: [JSONValue] = []
        var line = String.UnicodeScalarView()
        var afterCarriageReturn = false
        for scalar in text.unicodeScalars {
            if afterCarriageReturn {
                afterCarriageReturn = false
                if scalar == "\n" {
                    line.append(scalar)
                    result.append(.string(String(line)))
                    line = String.UnicodeScalarView()
                    continue
                }
                result.append(.string(String(line)))
                line = String.UnicodeScalarView()
            }
            line.append(scalar)
            switch scalar.value {
            case 0x0D:
                afterCarriageReturn = true
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                result.append(.string(String(line)))
                line = String.UnicodeScalarView()
            default:
                break
            }
        }
        if !line.isEmpty { result.append(.string(String(line))) }
        return .array(result)
    }

    /// An output as stored: a stream's text and a bundle's textual data in lines.
    static func storedOutput(_ output: JSONValue) -> JSONValue {
        guard let members = output.members else { return output }
        return .object(members.map { key, value in
            switch key {
            case "text":
                return (key, value.string.map(lines) ?? value)
            case "data":
                guard let data = value.members else { return (key, value) }
                return (key, .object(data.map { mime, content in
                    guard let string = content.string, isTextual(mime) else { return (mime, content) }
                    return (mime, lines(string))
                }))
            default:
                return (key, value)
            }
        })
    }

    /// Whether nbformat stores a MIME type's data as lines: `text/…`, SVG and JavaScript.
    static func isTextual(_ mime: String) -> Bool {
        mime.hasPrefix("text/") || mime == "image/svg+xml" || mime == "application/javascript"
    }
}
