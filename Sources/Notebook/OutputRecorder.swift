import JSON

/// Turns the IOPub messages of a run into a notebook's outputs exactly as nbclient stores them,
/// so a notebook run here and one run through Jupyter hold the same outputs.
///
/// One output per stream message (nbclient does not merge them); `transient` is not stored;
/// `update_display_data` replaces `data` and `metadata` of every output this run showed with
/// that display id, in any cell; `clear_output(wait: true)` clears when the cell's next output
/// arrives.
public struct OutputRecorder: Sendable {
    /// The notebook with the outputs so far.
    public private(set) var notebook: NotebookDocument
    /// Display id → the outputs (cell, position) this run showed under it.
    private var displays: [String: [(cell: Int, output: Int)]] = [:]
    /// The cell whose outputs arrive now.
    private var current: Int?
    private var clearPending = false

    /// A recorder that writes into `notebook`.
    public init(notebook: NotebookDocument) {
        self.notebook = notebook
    }

    /// Sets a member of the notebook's metadata (`language_info`), keeping the others.
    public mutating func setMetadata(_ key: String, _ value: JSONValue) {
        let members = (notebook.metadata.members ?? []).filter { $0.0 != key }
        notebook.metadata = .object(members + [(key, value)])
    }

    /// Starts a cell: its outputs are emptied.
    public mutating func start(cell index: Int) {
        guard notebook.cells.indices.contains(index) else { return }
        current = index
        clearPending = false
        notebook.cells[index].outputs = []
    }

    /// Ends a cell with its execution count.
    public mutating func finish(cell index: Int, executionCount: Int?) {
        guard notebook.cells.indices.contains(index) else { return }
        notebook.cells[index].executionCount = executionCount
        current = nil
    }

    /// Applies one IOPub message of the current cell (`stream`, `display_data`,
    /// `update_display_data`, `execute_result`, `error`, `clear_output`); others are ignored.
    public mutating func record(_ type: String, _ content: JSONValue) {
        guard let cell = current else { return }
        let displayID = content["transient"]?["display_id"]?.string
        switch type {
        case "stream":
            append(.object([("output_type", .string("stream")), ("name", content["name"] ?? .string("stdout")), ("text", content["text"] ?? .string(""))]), to: cell, displayID: nil)
        case "display_data":
            append(.object([("output_type", .string("display_data")), ("data", content["data"] ?? .object([])), ("metadata", content["metadata"] ?? .object([]))]), to: cell, displayID: displayID)
        case "execute_result":
            append(.object([
                ("output_type", .string("execute_result")), ("data", content["data"] ?? .object([])),
                ("metadata", content["metadata"] ?? .object([])), ("execution_count", content["execution_count"] ?? .null),
            ]), to: cell, displayID: displayID)
        case "error":
            append(.object([
                ("output_type", .string("error")), ("ename", content["ename"] ?? .string("")),
                ("evalue", content["evalue"] ?? .string("")), ("traceback", content["traceback"] ?? .array([])),
            ]), to: cell, displayID: nil)
        case "update_display_data":
            if let displayID { update(displayID, content) }
        case "clear_output":
            if content["wait"]?.bool == true {
                clearPending = true
            } else {
                clear(cell)
            }
        default:
            break
        }
    }

    private mutating func append(_ output: JSONValue, to cell: Int, displayID: String?) {
        if clearPending {
            clear(cell)
            clearPending = false
        }
        // As nbclient: an output shown again under a display id also updates the earlier ones.
        if let displayID {
            update(displayID, output)
            displays[displayID, default: []].append((cell, notebook.cells[cell].outputs.count))
        }
        notebook.cells[cell].outputs.append(output)
    }

    /// Replaces `data` and `metadata` of every output shown under `displayID` in this run.
    private mutating func update(_ displayID: String, _ content: JSONValue) {
        for place in displays[displayID] ?? [] {
            guard notebook.cells.indices.contains(place.cell), notebook.cells[place.cell].outputs.indices.contains(place.output),
                  let members = notebook.cells[place.cell].outputs[place.output].members else { continue }
            notebook.cells[place.cell].outputs[place.output] = .object(members.map { key, value in
                switch key {
                case "data": return (key, content["data"] ?? .object([]))
                case "metadata": return (key, content["metadata"] ?? .object([]))
                default: return (key, value)
                }
            })
        }
    }

    /// Empties a cell's outputs and forgets its displays.
    private mutating func clear(_ cell: Int) {
        notebook.cells[cell].outputs = []
        for (id, places) in displays {
            displays[id] = places.filter { $0.cell != cell }
        }
    }
}
