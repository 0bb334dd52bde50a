import NeuralNet

/// Reading and writing `container[index]` for arrays, vectors, matrices and strings.
enum Subscripts {
    /// Checks an index against a count, with a message that gives the valid range.
    @inline(__always)
    static func checked(_ index: Int, count: Int, what: String, at range: SourceRange) throws -> Int {
        if index < 0 || index >= count {
            throw Diagnostic(.runtimeError, "index \(index) is out of range for \(what) of \(count) element\(count == 1 ? "" : "s")\(count > 0 ? " (valid indices: 0..<\(count))" : "")", at: range)
        }
        return index
    }

    /// `container[index]`; a range index gives a slice.
    static func get(_ container: Value, _ index: Value, at range: SourceRange) throws -> Value {
        if case .range(let lower, let upper, let closed) = index {
            return try slice(container, lower, closed ? upper + 1 : upper, at: range)
        }
        guard case .int(let i) = index else {
            throw Diagnostic(.typeError, "an index must be an Int, found a value of type '\(index.typeName)'\(index.isNumber ? "; convert it with Int(x)" : "")", at: range)
        }
        switch container {
        case .array(let elements):
            return elements[try checked(i, count: elements.count, what: "an array", at: range)]
        case .vector(let vector):
            return .double(vector.elements[try checked(i, count: vector.count, what: "a vector", at: range)])
        case .matrix(let matrix):
            let row = try checked(i, count: matrix.rows, what: "a matrix's rows", at: range)
            let start = row * matrix.columns
            return .vector(Vector(Array(matrix.elements[start..<(start + matrix.columns)])))
        case .range(let lower, let upper, let closed):
            let count = try Coerce.rangeCount(lower, upper, closed, at: range)
            return .int(lower + (try checked(i, count: count, what: "a range", at: range)))
        case .string:
            throw Diagnostic(.typeError, "strings cannot be indexed by Int (as in Swift); use Array(text)[i]", at: range)
        case .object(let object):
            guard case .layers(let list) = object.kind else { break }
            return try list.entry(layer: i, at: range)
        default:
            break
        }
        throw Diagnostic(.typeError, "a value of type '\(container.typeName)' cannot be indexed", at: range)
    }

    private static func slice(_ container: Value, _ lower: Int, _ upper: Int, at range: SourceRange) throws -> Value {
        func bounds(_ count: Int) throws -> Range<Int> {
            guard lower >= 0, upper <= count, lower <= upper else {
                throw Diagnostic(.runtimeError, "slice \(lower)..<\(upper) is out of range for \(count) element\(count == 1 ? "" : "s")", at: range)
            }
            return lower..<upper
        }
        switch container {
        case .array(let elements): return .array(Array(elements[try bounds(elements.count)]))
        case .vector(let vector): return .vector(Vector(Array(vector.elements[try bounds(vector.count)])))
        case .matrix(let matrix):
            let rows = try bounds(matrix.rows)
            let elements = Array(matrix.elements[(rows.lowerBound * matrix.columns)..<(rows.upperBound * matrix.columns)])
            return .matrix(try Coerce.math(range) { try Matrix(rows: rows.count, columns: matrix.columns, elements: elements) })
        default:
            throw Diagnostic(.typeError, "a value of type '\(container.typeName)' cannot be sliced", at: range)
        }
    }

    /// Changes `container[index]` in place through `body`.
    static func modify(_ container: inout Value, _ index: Value, at range: SourceRange,
                       _ body: (inout Value) throws -> Void) throws {
        guard case .int(let i) = index else {
            throw Diagnostic(.typeError, "an index must be an Int, found a value of type '\(index.typeName)'", at: range)
        }
        if case .array(let elements) = container {
            _ = try checked(i, count: elements.count, what: "an array", at: range)
            // Move the array out so it is uniquely referenced and changes in place.
            guard var elements = container.takeArray() else { return }
            defer { container = .array(elements) }
            try body(&elements[i])
            return
        }
        switch container {
        case .vector(var vector):
            let position = try checked(i, count: vector.count, what: "a vector", at: range)
            var element = Value.double(vector.elements[position])
            try body(&element)
            guard let number = element.asDouble else {
                throw Diagnostic(.typeError, "a vector's elements are numbers; cannot store a value of type '\(element.typeName)'", at: range)
            }
            container = .void
            vector.elements[position] = number
            // An edited W^1 is no longer W^1.
            vector.notation = nil
            container = .vector(vector)
        case .matrix(var matrix):
            let row = try checked(i, count: matrix.rows, what: "a matrix's rows", at: range)
            let start = row * matrix.columns
            var element = Value.vector(Vector(Array(matrix.elements[start..<(start + matrix.columns)])))
            try body(&element)
            let newRow = try Coerce.vector(element, at: range, what: "matrix row")
            guard newRow.count == matrix.columns else {
                throw Diagnostic(.shapeError, "cannot store a row of \(newRow.count) element\(newRow.count == 1 ? "" : "s") in a \(matrix.rows)×\(matrix.columns) matrix; a row needs \(matrix.columns)", at: range)
            }
            container = .void
            matrix.elements.replaceSubrange(start..<(start + matrix.columns), with: newRow.elements)
            matrix.notation = nil
            container = .matrix(matrix)
        case .string:
            throw Diagnostic(.typeError, "strings cannot be changed by index", at: range)
        case .object(let object):
            guard case .layers(let list) = object.kind else { fallthrough }
            let position = try list.position(of: i, at: range)
            var values = list.values
            try body(&values[position])
            // A list read from a network writes through to it (checking the shape); any other
            // list is a copy, changed like an array.
            try list.setter?(i, values[position], range)
            container = .object(LibraryObject(.layers(LayerList(name: list.name, symbol: list.symbol, first: list.first, values: values, setter: list.setter))))
        default:
            throw Diagnostic(.typeError, "a value of type '\(container.typeName)' cannot be indexed", at: range)
        }
    }
}
