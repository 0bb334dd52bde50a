/// Datasets from comma-separated text.
extension Dataset {
    /// A dataset from CSV text whose first line names the columns; the `targets` columns become the targets.
    ///
    /// The format is RFC 4180 with some leniency: fields are separated by
    /// commas and records end with `\n` or `\r\n`; a field may be enclosed
    /// in double quotes, inside which commas, line breaks and `""` (one
    /// quote) are literal; spaces and tabs around a field are ignored, and
    /// so are those inside the quotes of a number or class label (a quoted
    /// column name keeps them); blank lines at the end and a UTF-8 byte
    /// order mark at the start are ignored. Lines are counted from 1,
    /// the header being line 1; a quoted line break starts a new line.
    ///
    /// The inputs are every column not named in `targets`, in the order of
    /// the header; each of their fields must be a finite number as Swift's
    /// `Double(_:)` reads it. The targets are the named columns, in the
    /// order of `targets`:
    /// - with one target column whose fields are all numbers, that column
    ///   as it is (0 and 1 give the binary targets [0] and [1]);
    /// - with one target column holding any other text, class labels: one
    ///   one-hot column per distinct label, ordered by first appearance
    ///   (two labels also give two columns);
    /// - with several target columns, every field must be a number.
    ///
    /// - Parameters:
    ///   - text: The contents of a CSV file (reading the file is the caller's job).
    ///   - targets: The names of the target columns, at least one.
    /// - Throws: ``MathError/Kind/value`` with the line and column for
    ///   malformed text (an unclosed quote, a line with the wrong number of
    ///   fields, a field that is not a number), for an empty text or one
    ///   with no samples, for empty or repeated column names, for a target
    ///   that names no column, when no input column is left, and when the
    ///   data would have more than ``Matrix/maximumElementCount`` cells.
    public static func csv(_ text: String, targets targetNames: [String]) throws -> Dataset {
        let limit = Matrix.maximumElementCount
        var reader = CSVReader(text)
        guard let header = try reader.nextRecord(keepingAtMost: limit) else {
            throw MathError(
                .value,
                "the CSV text is empty: it needs a header line of column names, then one line per sample")
        }
        guard header.fieldCount <= limit else {
            throw MathError(
                .value,
                "line 1: the header has \(header.fieldCount) columns, more than the \(limit) a dataset may hold"
            )
        }
        let names = header.fields.map(\.text)
        let columnIndex = try indexColumns(names)
        let targetColumns = try locateTargets(targetNames, in: columnIndex, names: names)
        let inputColumns = names.indices.filter { !targetColumns.contains($0) }
        guard !inputColumns.isEmpty else {
            throw MathError(
                .value,
                "every column is a target (\(names.joined(separator: ", "))): at least one column must be an input"
            )
        }

        let width = names.count
        let labelColumn = targetColumns.count == 1 ? targetColumns[0] : nil
        var inputs: [Double] = []
        var targetValues: [Double] = []
        var labels: [String] = []
        var targetsAreNumbers = true
        var sampleCount = 0
        while let record = try reader.nextRecord(keepingAtMost: width) {
            guard record.fieldCount == width else {
                if record.isBlank {
                    throw MathError(
                        .value,
                        "line \(record.line) is blank but the header has \(width) columns: only blank lines at the end are ignored"
                    )
                }
                throw MathError(
                    .value,
                    "line \(record.line) has \(record.fieldCount) field\(record.fieldCount == 1 ? "" : "s") but the header has \(width)"
                )
            }
            // sampleCount · width ≤ limit before this sample, so the sum cannot overflow.
            guard (sampleCount + 1) * width <= limit else {
                throw MathError(
                    .value,
                    "the CSV text has more than \(limit) cells (samples × columns), the most a dataset may hold: use fewer samples or columns"
                )
            }
            for column in inputColumns {
                inputs.append(try number(record, column, names, hint: ""))
            }
            if let labelColumn {
                let text = trimmed(record.fields[labelColumn].text)
                guard !text.isEmpty else {
                    throw MathError(
                        .value,
                        "line \(record.line), column \"\(names[labelColumn])\" is empty: it needs a number or a class label"
                    )
                }
                if targetsAreNumbers, let value = Double(text), value.isFinite {
                    targetValues.append(value)
                } else {
                    targetsAreNumbers = false
                }
                labels.append(text)
            } else {
                for column in targetColumns {
                    targetValues.append(
                        try number(
                            record, column, names,
                            hint: " (only a single target column may hold class labels)"))
                }
            }
            sampleCount += 1
        }
        guard sampleCount > 0 else {
            throw MathError(
                .value, "the CSV text has a header but no samples: add one line per sample after the header")
        }

        let inputMatrix = Matrix(unchecked: sampleCount, inputColumns.count, inputs)
        if let labelColumn, !targetsAreNumbers {
            let targetMatrix = try oneHot(labels, column: names[labelColumn])
            return Dataset(unchecked: inputMatrix, targetMatrix)
        }
        return Dataset(
            unchecked: inputMatrix, Matrix(unchecked: sampleCount, targetColumns.count, targetValues))
    }

    /// The column index of each header name, after checking that the names are non-empty and distinct.
    private static func indexColumns(_ names: [String]) throws -> [String: Int] {
        var index: [String: Int] = [:]
        for (column, name) in names.enumerated() {
            guard !name.isEmpty else {
                throw MathError(.value, "line 1: column \(column + 1) of the header has no name")
            }
            if let earlier = index[name] {
                throw MathError(
                    .value,
                    "line 1: the header has two columns named \"\(name)\" (columns \(earlier + 1) and \(column + 1)): every column needs its own name"
                )
            }
            index[name] = column
        }
        return index
    }

    /// The column indices of the target names, in their order.
    private static func locateTargets(
        _ targetNames: [String], in columnIndex: [String: Int], names: [String]
    ) throws -> [Int] {
        guard !targetNames.isEmpty else {
            throw MathError(.value, "name at least one target column, e.g. targets: [\"label\"]")
        }
        var columns: [Int] = []
        for name in targetNames {
            guard let column = columnIndex[name] else {
                throw MathError(
                    .value, "no column named \"\(name)\"; the columns are \(names.joined(separator: ", "))")
            }
            guard !columns.contains(column) else {
                throw MathError(.value, "the target column \"\(name)\" is named twice")
            }
            columns.append(column)
        }
        return columns
    }

    /// The field of `record` in `column` as a finite number.
    private static func number(_ record: CSVRecord, _ column: Int, _ names: [String], hint: String) throws
        -> Double
    {
        let text = trimmed(record.fields[column].text)
        if let value = Double(text) {
            if value.isFinite {
                return value
            }
            throw MathError(
                .value,
                "line \(record.line), column \"\(names[column])\": \"\(text)\" is not a finite number\(hint)")
        }
        throw MathError(
            .value, "line \(record.line), column \"\(names[column])\": \"\(text)\" is not a number\(hint)")
    }

    /// One-hot rows for class labels, one column per distinct label in order of first appearance.
    private static func oneHot(_ labels: [String], column name: String) throws -> Matrix {
        var classOf: [String: Int] = [:]
        var classes: [Int] = []
        classes.reserveCapacity(labels.count)
        for label in labels {
            if let known = classOf[label] {
                classes.append(known)
            } else {
                let new = classOf.count
                classOf[label] = new
                classes.append(new)
            }
        }
        let classCount = classOf.count
        let limit = Matrix.maximumElementCount
        let (cells, overflow) = labels.count.multipliedReportingOverflow(by: classCount)
        guard !overflow, cells <= limit else {
            throw MathError(
                .value,
                "column \"\(name)\" has \(classCount) different labels: one-hot targets for \(labels.count) samples would need a \(MathError.shapeText(labels.count, classCount)) matrix, more than the \(limit) elements a matrix may hold"
            )
        }
        var elements = [Double](repeating: 0, count: cells)
        for (row, label) in classes.enumerated() {
            elements[row * classCount + label] = 1
        }
        return Matrix(unchecked: labels.count, classCount, elements)
    }

    /// `text` without spaces and tabs at either end.
    private static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        // Unquoted fields are trimmed already, so this is the common case.
        guard let first = text.utf8.first, let last = text.utf8.last,
            first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09
        else { return text }
        guard let start = text.firstIndex(where: { !isBlank($0) }),
            let end = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[start...end])
    }
}

/// One field of a CSV record: its text (unquoted fields already trimmed) and whether it was quoted.
private struct CSVField {
    let text: String
    let quoted: Bool
}

/// One record (logical line) of CSV text.
private struct CSVRecord {
    /// The line the record starts on, counting from 1.
    let line: Int
    /// The first fields, as many as the reader was asked to keep.
    let fields: [CSVField]
    /// The number of fields on the line, kept or not.
    let fieldCount: Int

    /// Whether the line was empty or only spaces.
    var isBlank: Bool {
        fieldCount == 1 && fields.first.map { !$0.quoted && $0.text.isEmpty } == true
    }
}

/// Splits CSV text into records, over its UTF-8 bytes (all delimiters are ASCII).
private struct CSVReader {
    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    private let bytes: [UInt8]
    /// Where the trailing blank lines start: the reader stops here.
    private let end: Int
    private var position: Int
    /// The current line, counting from 1.
    private var line = 1

    init(_ text: String) {
        bytes = Array(text.utf8)
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var end = bytes.count
        while end > position,
            [Self.space, Self.tab, Self.carriageReturn, Self.lineFeed].contains(bytes[end - 1])
        {
            end -= 1
        }
        self.end = end
    }

    /// The next record, keeping at most `maxFields` of its fields; nil at the end of the text.
    mutating func nextRecord(keepingAtMost maxFields: Int) throws -> CSVRecord? {
        guard position < end else { return nil }
        let startLine = line
        var fields: [CSVField] = []
        var fieldCount = 0
        while true {
            let field = try nextField(number: fieldCount + 1)
            fieldCount += 1
            if fields.count < maxFields {
                fields.append(field)
            }
            guard position < end else { break }
            if bytes[position] == Self.comma {
                position += 1
                continue
            }
            // nextField stops only at a comma, a line feed or the end (after a closing quote, also at \r\n).
            if bytes[position] == Self.carriageReturn {
                position += 1
            }
            position += 1
            line += 1
            break
        }
        return CSVRecord(line: startLine, fields: fields, fieldCount: fieldCount)
    }

    /// Reads one field, leaving `position` at the comma, line break or end after it.
    private mutating func nextField(number: Int) throws -> CSVField {
        let start = position
        while position < end, bytes[position] == Self.space || bytes[position] == Self.tab {
            position += 1
        }
        if position < end, bytes[position] == Self.quote {
            return try quotedField(number: number)
        }
        position = start
        while position < end, bytes[position] != Self.comma, bytes[position] != Self.lineFeed {
            position += 1
        }
        var fieldEnd = position
        if position < end, fieldEnd > start, bytes[fieldEnd - 1] == Self.carriageReturn {
            fieldEnd -= 1
        }
        var fieldStart = start
        while fieldStart < fieldEnd, bytes[fieldStart] == Self.space || bytes[fieldStart] == Self.tab {
            fieldStart += 1
        }
        while fieldEnd > fieldStart, bytes[fieldEnd - 1] == Self.space || bytes[fieldEnd - 1] == Self.tab {
            fieldEnd -= 1
        }
        return CSVField(text: String(decoding: bytes[fieldStart..<fieldEnd], as: UTF8.self), quoted: false)
    }

    /// Reads a field from its opening quote at `position` to its closing quote and the spaces after it.
    private mutating func quotedField(number: Int) throws -> CSVField {
        let openingLine = line
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < end else {
                throw MathError(
                    .value, "line \(openingLine): a quoted field is never closed: a closing \" is missing")
            }
            let byte = bytes[position]
            position += 1
            if byte == Self.quote {
                guard position < end, bytes[position] == Self.quote else { break }
                position += 1  // "" stands for one quote
            } else if byte == Self.lineFeed {
                line += 1
            }
            content.append(byte)
        }
        while position < end, bytes[position] == Self.space || bytes[position] == Self.tab {
            position += 1
        }
        if position < end {
            let byte = bytes[position]
            let endsLine =
                byte == Self.lineFeed
                || (byte == Self.carriageReturn && position + 1 < end && bytes[position + 1] == Self.lineFeed)
            guard byte == Self.comma || endsLine else {
                throw MathError(
                    .value,
                    "line \(line): unexpected text after the closing quote of field \(number); write \"\" for a quote inside a quoted field"
                )
            }
        }
        return CSVField(text: String(decoding: content, as: UTF8.self), quoted: true)
    }
}
