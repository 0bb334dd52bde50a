import JSON

/// One cell of a notebook: its type, source and metadata, and for code cells the outputs and
/// execution count; members this tool does not know (attachments) are kept as they were.
public struct NotebookCell: Sendable {
    /// `code`, `markdown` or `raw`.
    public var cellType: String
    /// The cell's id (nbformat 4.5: 1–64 of `A–Z a–z 0–9 - _`).
    public var id: String
    /// The source text, joined from its lines.
    public var source: String
    /// The cell's metadata, as it was.
    public var metadata: JSONValue
    /// A code cell's outputs, in nbformat's form (`output_type`, …).
    public var outputs: [JSONValue]
    /// A code cell's execution count; nil before it ran.
    public var executionCount: Int?
    /// Other members of the cell's JSON object, kept as they were.
    public var otherMembers: [(String, JSONValue)]

    /// A cell; `outputs` and `executionCount` matter for code cells only.
    public init(cellType: String, id: String, source: String, metadata: JSONValue = .object([]),
                outputs: [JSONValue] = [], executionCount: Int? = nil, otherMembers: [(String, JSONValue)] = []) {
        self.cellType = cellType
        self.id = id
        self.source = source
        self.metadata = metadata
        self.outputs = outputs
        self.executionCount = executionCount
        self.otherMembers = otherMembers
    }

    /// Whether it is a code cell.
    public var isCode: Bool { cellType == "code" }

    /// The cell as nbformat writes it: multi-line strings as lists of lines.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("cell_type", .string(cellType)), ("id", .string(id)), ("metadata", metadata),
            ("source", NotebookDocument.lines(source)),
        ]
        if isCode {
            members.append(("execution_count", executionCount.map(JSONValue.integer) ?? .null))
            members.append(("outputs", .array(outputs.map(NotebookDocument.storedOutput))))
        }
        let known = Set(members.map(\.0))
        return .object(members + otherMembers.filter { !known.contains($0.0) })
    }
}
