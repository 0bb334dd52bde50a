#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NeuralNet

/// Turns values into text: the `print` form, and the `text/plain` of results and displays.
public enum ValueFormatter {
    /// Rows or columns beyond which a table is summarised, like NumPy.
    public static let summaryThreshold = 40
    /// How many rows or columns a summary keeps at each end.
    public static let summaryEdge = 5
    /// Nesting beyond which printing abbreviates, so no value can exhaust the stack.
    static let maxPrintDepth = 200

    /// The text `print` writes for a value: Swift's formatting (shortest round-trip Doubles,
    /// arrays as `[1, 2]`, matrices as nested arrays, strings raw).
    public static func printed(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        var out = ""
        write(value, into: &out, quoted: false, depth: 0)
        return out
    }

    /// The `text/plain` of a result or display: tables for vectors and matrices, quoted strings,
    /// and the `print` form for everything else.
    public static func plainText(_ value: Value) -> String {
        switch value {
        case .vector(let vector): return vectorTable(vector, title: vector.notation?.name)
        case .matrix(let matrix):
            guard let notation = matrix.notation else { return matrixTable(matrix) }
            return matrixTable(matrix, title: notation.name, rowName: notation.rowIndex, columnName: notation.columnIndex)
        case .array(let elements) where holdsDoubles(elements):
            // Arrays of numbers are vectors, and arrays of equal rows matrices, in displays too.
            if Coerce.isVectorLike(value) { return vectorTable(Vector(elements.compactMap(\.asDouble))) }
            if let matrix = try? Coerce.matrix(value, at: SourceRange(0, 0)) { return matrixTable(matrix) }
            return printed(value)
        case .string:
            var out = ""
            write(value, into: &out, quoted: true, depth: 0)
            return out
        case .network(let reference): return LibraryFormatter.plainText(reference.network)
        case .object(let object): return LibraryFormatter.plainText(object)
        default: return printed(value)
        }
    }

    /// Whether a numeric array (or array of numeric rows) has a Double in it, so it reads as
    /// a vector or matrix rather than a list of Ints.
    static func holdsDoubles(_ elements: [Value]) -> Bool {
        for element in elements {
            switch element {
            case .double, .vector, .matrix: return true
            case .array(let row): if holdsDoubles(row) { return true }
            default: continue
            }
        }
        return false
    }

    /// About how many bytes the value's text takes, counting no further than `cap`.
    static func estimatedLength(_ value: Value, upTo cap: Int) -> Int {
        switch value {
        case .string(let text): return text.utf8.count + 2
        case .vector(let vector): return vector.count * 24
        case .matrix(let matrix): return matrix.elements.count * 24
        case .array(let elements):
            var total = 2
            for element in elements {
                total += 2 + estimatedLength(element, upTo: cap - total)
                if total > cap { break }
            }
            return total
        case .option(let option):
            var total = option.name.utf8.count + 3
            for argument in option.arguments where total <= cap {
                total += 2 + estimatedLength(argument.value, upTo: cap - total)
            }
            return total
        default: return 24
        }
    }

    /// How many elements writing the value out touches, counting no further than `cap`.
    static func elementCount(_ value: Value, upTo cap: Int) -> Int {
        switch value {
        case .vector(let vector): return vector.count
        case .matrix(let matrix): return matrix.elements.count
        case .array(let elements):
            var total = elements.count
            for element in elements where total < cap {
                switch element {
                case .array, .vector, .matrix: total += elementCount(element, upTo: cap - total)
                default: continue
                }
            }
            return total
        default: return 1
        }
    }

    /// Swift's description of a Double: the shortest text that reads back as the same number.
    @inline(__always)
    public static func number(_ value: Double) -> String { value.description }

    static func write(_ value: Value, into out: inout String, quoted: Bool, depth: Int) {
        switch value {
        case .void: out += "()"
        case .int(let number): out += number.description
        case .double(let number): out += number.description
        case .bool(let flag): out += flag ? "true" : "false"
        case .string(let text): out += quoted ? quote(text) : text
        case .array(let elements):
            if depth >= maxPrintDepth {
                out += "[…]"
                return
            }
            out += "["
            var first = true
            for element in elements {
                if !first { out += ", " }
                first = false
                write(element, into: &out, quoted: true, depth: depth + 1)
            }
            out += "]"
        case .vector(let vector): writeDoubles(vector.elements, into: &out)
        case .matrix(let matrix):
            out += "["
            for row in 0..<matrix.rows {
                if row > 0 { out += ", " }
                let start = row * matrix.columns
                writeDoubles(matrix.elements[start..<(start + matrix.columns)], into: &out)
            }
            out += "]"
        case .range(let lower, let upper, let closed): out += "\(lower)\(closed ? "..." : "..<")\(upper)"
        case .function(let function): out += function.name.map { "(Function \($0))" } ?? "(Function)"
        case .option(let option):
            out += "." + option.name
            if !option.arguments.isEmpty {
                if depth >= maxPrintDepth {
                    out += "(…)"
                    return
                }
                out += "("
                for (index, argument) in option.arguments.enumerated() {
                    if index > 0 { out += ", " }
                    if let label = argument.label { out += label + ": " }
                    write(argument.value, into: &out, quoted: true, depth: depth + 1)
                }
                out += ")"
            }
        case .network(let reference): out += LibraryFormatter.printed(reference.network)
        case .object(let object): out += LibraryFormatter.printed(object)
        case .box(let box): write(box.value, into: &out, quoted: quoted, depth: depth)
        case .uninitialized: out += "<uninitialized>"
        }
    }

    private static func writeDoubles<C: Collection>(_ values: C, into out: inout String) where C.Element == Double {
        out += "["
        var first = true
        for number in values {
            if !first { out += ", " }
            first = false
            out += number.description
        }
        out += "]"
    }

    /// A string as Swift's debug description writes it, with quotes and escapes.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: - Tables

    /// A number for a table cell: the shortest round-trip form when short, else 6 significant digits.
    public static func cell(_ value: Double) -> String {
        let short = value.description
        if short.count <= 10 { return short }
        return significant(value, digits: 6)
    }

    /// `value` with `digits` significant digits, as C's `%.*g` writes it (correctly rounded).
    public static func significant(_ value: Double, digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let written = buffer.withUnsafeMutableBufferPointer { pointer -> Int32 in
            withVaList([Int32(digits), value]) { vsnprintf(pointer.baseAddress, 64, "%.*g", $0) }
        }
        guard written > 0 else { return value.description }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The indices a table shows along one axis: all, or the first and last few with a gap (nil).
    static func shownIndices(_ count: Int) -> [Int?] {
        if count <= summaryThreshold { return Array(0..<count) }
        return Array(0..<summaryEdge) + [nil] + Array((count - summaryEdge)..<count)
    }

    /// A vector as a column table with one row per node k (or per `rowName`).
    public static func vectorTable(_ vector: Vector, title: String? = nil, rowName: String = "k") -> String {
        var lines = [(title ?? "Vector") + " (\(vector.count))"]
        if vector.count == 0 { return lines[0] }
        let rows = shownIndices(vector.count)
        let labels = rows.map { $0.map { "\(rowName) = \($0)" } ?? "⋮" }
        let cells = rows.map { $0.map { cell(vector.elements[$0]) } ?? "⋮" }
        let labelWidth = labels.map(\.count).max() ?? 0
        let cellWidth = cells.map(\.count).max() ?? 0
        for (label, value) in zip(labels, cells) {
            lines.append(pad(label, labelWidth, left: true) + "  " + pad(value, cellWidth, left: false))
        }
        return lines.joined(separator: "\n")
    }

    /// A matrix as a table with rows k (receiving nodes) and columns j (emitting nodes), or
    /// rows and columns labelled `rowName` and `columnName` (samples s and nodes k for a batch).
    public static func matrixTable(_ matrix: Matrix, title: String? = nil, rowName: String = "k", columnName: String = "j") -> String {
        var lines = [(title ?? "Matrix") + " \(matrix.rows)×\(matrix.columns)"]
        if matrix.rows == 0 || matrix.columns == 0 { return lines[0] }
        let rows = shownIndices(matrix.rows)
        let columns = shownIndices(matrix.columns)
        let header = columns.map { $0.map { "\(columnName) = \($0)" } ?? "…" }
        var body: [[String]] = []
        for row in rows {
            body.append(columns.map { column in
                guard let row else { return column == nil ? "⋱" : "⋮" }
                guard let column else { return "…" }
                return cell(matrix.elements[row * matrix.columns + column])
            })
        }
        let labels = rows.map { $0.map { "\(rowName) = \($0)" } ?? "⋮" }
        let labelWidth = labels.map(\.count).max() ?? 0
        var widths = header.map(\.count)
        for line in body {
            for (index, text) in line.enumerated() { widths[index] = Swift.max(widths[index], text.count) }
        }
        lines.append(String(repeating: " ", count: labelWidth) + zip(header, widths).map { "  " + pad($0, $1, left: false) }.joined())
        for (label, line) in zip(labels, body) {
            lines.append(pad(label, labelWidth, left: true) + zip(line, widths).map { "  " + pad($0, $1, left: false) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int, left: Bool) -> String {
        let padding = String(repeating: " ", count: Swift.max(0, width - text.count))
        return left ? text + padding : padding + text
    }
}
