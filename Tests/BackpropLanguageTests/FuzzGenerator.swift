@testable import BackpropLanguage

// The program generator of the fuzz test (FuzzTests.swift).
//
// Every program is a pure function of its index: program `i` draws from its own SplitMix64
// seeded with the corpus seed and `i`, so the corpus is the same on every run and machine, and
// one program can be regenerated on its own (`FuzzCorpus.program(i)`) to reproduce a failure.
// Nothing here iterates a Set or a Dictionary (their order changes from process to process).

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast generator with a fixed, portable output.
struct FuzzSplitMix64 {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (0 when `bound` is not positive), by Lemire's multiply-high.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    mutating func inRange(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool { below(100) < percent }

    /// An element of an array; callers pass only non-empty constant vocabularies.
    mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }
}

/// The four families of generated programs.
enum FuzzCategory: String, CaseIterable, Sendable {
    /// Random bytes (invalid UTF-8 decoded lossily, NULs) and random Unicode scalars.
    case randomBytes
    /// Random streams of the language's tokens: keywords, operators, punctuation, names, literals.
    case tokenStream
    /// One of the valid seed programs with a few random edits of characters, tokens or lines.
    case mutated
    /// Deep nesting and long chains, 10,000 levels and more, and the levels around the parser's limit.
    case deepNesting
}

/// One generated program: one cell, or two cells run one after the other on one interpreter.
struct FuzzProgram: Sendable {
    let index: Int
    let category: FuzzCategory
    /// What was generated, for failure messages (seed number and edits, or the nesting kind).
    let label: String
    let cells: [String]
}

/// The fixed corpus of the fuzz test.
enum FuzzCorpus {
    static let seed: UInt64 = 0xBAC4_9A0F_2024_0002

    static let randomByteCount = 1_200
    static let tokenStreamCount = 1_200
    static let mutatedCount = 7_400

    /// Every program of the corpus, in order.
    static var count: Int { randomByteCount + tokenStreamCount + mutatedCount + deepPrograms.count }

    /// Program `index` of the corpus (`0..<count`).
    static func program(_ index: Int) -> FuzzProgram {
        var random = FuzzSplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        var position = index
        if position < randomByteCount {
            let (label, text) = randomBytes(&random)
            return FuzzProgram(index: index, category: .randomBytes, label: label, cells: [text])
        }
        position -= randomByteCount
        if position < tokenStreamCount {
            let (label, text) = tokenStream(&random)
            return FuzzProgram(index: index, category: .tokenStream, label: label, cells: [text])
        }
        position -= tokenStreamCount
        if position < mutatedCount {
            let (label, cells) = mutated(seedIndex: position % seeds.count, &random)
            return FuzzProgram(index: index, category: .mutated, label: label, cells: cells)
        }
        position -= mutatedCount
        let deep = deepPrograms[Swift.min(position, deepPrograms.count - 1)]
        return FuzzProgram(index: index, category: .deepNesting, label: deep.label, cells: [deep.text])
    }

    // MARK: - Random bytes

    /// Characters the language gives meaning to, so random text reaches past the lexer sometimes.
    private static let languageCharacters = Array(
        "abcxyz_$019 \n\t\r(){}[]<>.,;:?!=+-*/%&|\"\\`'#@^~δη€\u{301}")

    private static let scalarRanges: [ClosedRange<UInt32>] = [
        0x00...0x7F, 0x80...0xFF, 0x300...0x36F, 0x391...0x3C9, 0x200B...0x200F, 0x2028...0x202E,
        0xFEFF...0xFEFF, 0xFFF9...0xFFFD, 0x4E00...0x4E80, 0x1F600...0x1F64F, 0xE000...0xE010,
        0x10FFF0...0x10FFFF, 0x1D400...0x1D4FF,
    ]

    private static func randomBytes(_ random: inout FuzzSplitMix64) -> (String, String) {
        let length: Int
        switch random.below(10) {
        case 0: length = random.below(16)
        case 1, 2: length = random.inRange(200...3_000)
        default: length = random.below(200)
        }
        switch random.below(4) {
        case 0:
            // Uniform bytes, decoded lossily: invalid sequences become U+FFFD.
            var bytes: [UInt8] = []
            for _ in 0..<length { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
            return ("uniform bytes", String(decoding: bytes, as: UTF8.self))
        case 1:
            var text = ""
            for _ in 0..<length { text.append(random.pick(languageCharacters)) }
            return ("language characters", text)
        case 2:
            var text = ""
            for _ in 0..<length {
                let range = random.pick(scalarRanges)
                let value = range.lowerBound + UInt32(random.below(Int(range.upperBound - range.lowerBound) + 1))
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
            return ("unicode scalars", text)
        default:
            // Mostly ASCII with NULs, stray continuation bytes and truncated sequences.
            let odd: [[UInt8]] = [[0], [0x80], [0xBF], [0xC0], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98],
                                  [0xFF], [0xFE], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]
            var bytes: [UInt8] = []
            for _ in 0..<length {
                if random.percent(15) {
                    bytes.append(contentsOf: random.pick(odd))
                } else {
                    bytes.append(contentsOf: Array(String(random.pick(languageCharacters)).utf8))
                }
            }
            return ("ascii, NULs and broken UTF-8", String(decoding: bytes, as: UTF8.self))
        }
    }

    // MARK: - Token streams

    static let keywords: [String] = Keyword.allCases.map(\.rawValue)
    static let operators: [String] = Operator.allCases.map(\.rawValue) + ["->", "&", "|"]
    static let punctuation: [String] = ["(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "?", "_", "\\", "`"]
    static let names: [String] =
        Builtins.functions.keys.sorted()
        + ["count", "isEmpty", "append", "map", "filter", "reduce", "first", "last", "sum", "transposed",
           "rows", "columns", "shape", "standardError", "identity", "random", "zeros", "sigmoid", "relu",
           "x", "y", "i", "w", "f", "g", "a", "δ", "η", "W1", "net", "$0", "$1", "$12", "Double", "Int",
           "String", "Bool", "Matrix", "Vector", "label", "seed", "to", "by", "Any", "Void"]
    static let literals: [String] = [
        "0", "1", "2", "42", "7", "-3", "0.5", "3.14", "1e10", "1e-3", "1e308", "1e309", "0.1",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0x1F", "0b101", "0o17",
        "1_000", "0x", "3x", "1.", ".5", "\"\"", "\"text\"", "\"δ = \\(1 + 2)\"", "\"\\(x)\"", "\"unterminated",
        "\"\\u{1F600}\"", "\"\\u{D800}\"", "\"\\q\"", "\"\"\"\nmulti \\(2)\n\"\"\"", "\"\"\"", "true", "false",
        "`name`", "`", "$", "$99999999", "[]", "[1, 2]", "[[1.0, 2.0], [3.0, 4.0]]",
    ]
    static let trivia: [String] = ["\n", "\n", " ", "// comment\n", "/* c */", "/*", "*/", "/* /* */", "\t", "\r\n"]

    private static func randomToken(_ random: inout FuzzSplitMix64) -> String {
        switch random.below(20) {
        case 0...2: return random.pick(keywords)
        case 3...6: return random.pick(operators)
        case 7...10: return random.pick(punctuation)
        case 11...14: return random.pick(names)
        case 15...18: return random.pick(literals)
        default: return random.pick(trivia)
        }
    }

    private static func tokenStream(_ random: inout FuzzSplitMix64) -> (String, String) {
        let count = random.percent(85) ? random.inRange(1...60) : random.inRange(60...600)
        let balanced = random.percent(50)
        var closers: [String] = []
        var text = ""
        for _ in 0..<count {
            var token = randomToken(&random)
            if balanced {
                // Close what was opened, in order, so more streams get past the brackets.
                switch token {
                case "(": closers.append(")")
                case "[": closers.append("]")
                case "{": closers.append("}")
                case ")", "]", "}":
                    guard let closer = closers.popLast() else { token = random.pick(names); break }
                    token = closer
                default: break
                }
            }
            text += token
            switch random.below(20) {
            case 0...11: text += " "
            case 12...16: break
            default: text += "\n"
            }
        }
        if balanced { text += closers.reversed().joined(separator: " ") }
        return (balanced ? "balanced token stream" : "token stream", text)
    }

    // MARK: - Mutated valid programs

    /// Valid programs covering SPEC §3; each must run without error (FuzzTests checks it).
    static let seeds: [String] = [
        """
        // Functions with labels, defaults and recursion.
        func square(_ x: Double) -> Double { return x * x }
        func scaled(_ x: Double, by factor: Double = 2) -> Double {
            return x * factor
        }
        func factorial(_ n: Int) -> Int {
            if n <= 1 { return 1 }
            return n * factorial(n - 1)
        }
        print(square(3), scaled(4), scaled(4, by: 0.5))
        factorial(10)
        let f: (Double) -> Double = square
        print(f(1.5))
        """,
        """
        // Closures that capture, $0, trailing closures.
        var counter = 0
        let increment = { (step: Int) -> Int in
            counter += step
            return counter
        }
        increment(2)
        increment(3)
        let double = { $0 * 2 }
        print(double(21), counter)
        func apply(_ x: Int, _ g: (Int) -> Int) -> Int { return g(x) }
        apply(5) { x in x + 1 }
        let add = { (a: Int, b: Int) -> Int in a + b }
        print(add(2, 3))
        """,
        """
        // Loops: for over ranges and arrays, while, repeat, break, continue.
        var total = 0
        for i in 0..<10 {
            if i % 2 == 0 { continue }
            total += i
        }
        print("odd sum", total)
        var product = 1
        for x in [3, 1, 4, 1, 5] {
            product *= x
        }
        var n = 27
        var steps = 0
        while n != 1 {
            n = n % 2 == 0 ? n / 2 : 3 * n + 1
            steps += 1
            if steps > 200 { break }
        }
        print(product, steps)
        var k = 0
        repeat { k += 3 } while k < 10
        k
        for _ in 1...3 { print("tick") }
        """,
        """
        // Arrays with value semantics and their methods.
        var a = [1, 2, 3]
        var b = a
        b.append(4)
        a[0] = 10
        print(a, b, a.count, b.isEmpty)
        let evens = b.filter { $0 % 2 == 0 }
        let squares = b.map { $0 * $0 }
        print(evens, squares, squares.reduce(0, +), b.sum())
        print(a.first, a.last)
        var grid = [[1, 2], [3, 4]]
        grid[1][0] = 30
        grid
        let empty: [Int] = []
        empty.isEmpty
        """,
        """
        // Matrices and vectors.
        let w = [[1.0, 2.0], [3.0, 4.0]]
        let x = [0.5, -1.0]
        print(w * x)
        print(w * w)
        let wt = w.transposed()
        print(wt, w.rows, w.columns, w.shape)
        print(x * x, x + 1, x - x, 2 * x, x / 2)
        dot(x, x)
        outer(x, [1.0, 2.0, 3.0])
        let m = Matrix(rows: 2, columns: 3, repeating: 0.5)
        m.shape
        Matrix.identity(2) * w
        """,
        #"""
        // Strings with interpolation and concatenation.
        let name = "δ"
        let layer = 2
        let message = "the delta \(name) of layer \(layer) is \(0.25 * 2)"
        print(message)
        let joined = "back" + "prop"
        print(joined, joined.count)
        print("nested \("inner \(layer + 1)")")
        let lines = """
            first line
            second \(layer)
            """
        print(lines)
        print("a", "b", separator: "-", terminator: "!\n")
        """#,
        """
        // let/var rules, annotations that convert, compound assignment.
        let rate: Double = 1
        var value = 10
        value += 5
        value -= 3
        value *= 2
        value /= 4
        var ratio: Double = 3
        ratio /= 2
        print(rate, value, ratio)
        let big = Int.max
        print(big, Double.pi)
        let truncated = Int(3.9)
        let widened = Double(7)
        print(truncated, widened, 7 / 2, 7.0 / 2, 7 % 3)
        """,
        """
        // Math functions, elementwise on vectors.
        let z = [-1.0, 0.0, 2.0]
        print(sigmoid(0.0), sigmoid(z))
        print(sigmoidPrime(0.0), tanh(0.5))
        print(relu(z), abs(-3), exp(1.0), log(1.0), sqrt(16.0), pow(2.0, 10.0))
        print(sum(z), mean(z), max(z), min(z))
        max(3, 7)
        min(2.5, 1)
        """,
        """
        // A forward pass by hand.
        let a0 = [0.05, 0.10]
        let W1 = [[0.15, 0.20], [0.25, 0.30]]
        let b1 = [0.35, 0.35]
        let W2 = [[0.40, 0.45]]
        let b2 = [0.60]
        let z1 = W1 * a0 + b1
        let a1 = sigmoid(z1)
        let a2 = sigmoid(W2 * a1 + b2)
        let y = [0.01]
        let C = 0.5 * sum((y - a2) * (y - a2))
        print(a1, a2)
        C
        let delta2 = (a2 - y) * sigmoidPrime(W2 * a1 + b2)
        let delta1 = (W2.transposed() * delta2) * sigmoidPrime(z1)
        outer(delta1, a0)
        """,
        """
        // Nested functions and closures returned from functions.
        func makeCounter(start: Int) -> () -> Int {
            var count = start
            func next() -> Int {
                count += 1
                return count
            }
            return next
        }
        let c = makeCounter(start: 5)
        c()
        c()
        func compose(_ f: (Double) -> Double, _ g: (Double) -> Double) -> (Double) -> Double {
            return { x in f(g(x)) }
        }
        let h = compose({ $0 + 1 }, { $0 * 10 })
        print(h(2))
        """,
        """
        // Fibonacci two ways.
        func fib(_ n: Int) -> Int {
            return n < 2 ? n : fib(n - 1) + fib(n - 2)
        }
        var memo = [0, 1]
        for i in 2...15 {
            memo.append(memo[i - 1] + memo[i - 2])
        }
        print(fib(12), memo[12], memo.last)
        memo.count
        """,
        """
        /* Block comments /* nest */ like Swift's. */
        let xs = [2.0, 4.0, 6.0]; let ys = [1.0, 3.0, 5.0]
        var sx = 0.0; var sy = 0.0
        for i in 0..<xs.count { sx += xs[i]; sy += ys[i] }
        let meanX = sx / Double(xs.count)
        let meanY = sy / Double(ys.count)
        var num = 0.0
        var den = 0.0
        for i in 0..<xs.count {
            num += (xs[i] - meanX) * (ys[i] - meanY)
            den += (xs[i] - meanX) * (xs[i] - meanX)
        }
        let slope = num / den
        print("slope", slope, "intercept", meanY - slope * meanX)
        """,
        """
        // Gradient descent on a one-weight model.
        var w = 0.0
        let data = [[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]
        let eta = 0.05
        for epoch in 0..<20 {
            var grad = 0.0
            for pair in data {
                let err = w * pair[0] - pair[1]
                grad += 2 * err * pair[0]
            }
            w -= eta * grad / Double(data.count)
            if epoch % 5 == 0 { print("epoch", epoch, "w", w) }
        }
        w
        """,
        """
        // Logic, comparisons and the ternary operator.
        let t = true
        let f = false
        print(t && f, t || f, !t, 1 < 2, 2 <= 2, 3 > 4, 5 >= 5, 1 == 1, 1 != 2)
        let grade = 73
        let letter = grade >= 90 ? "A" : grade >= 70 ? "C" : "F"
        print(letter)
        if grade > 80 {
            print("high")
        } else if grade > 70 {
            print("middle")
        } else {
            print("low")
        }
        -grade + 100
        """,
        """
        // Matrix building with loops and element assignment.
        var m = Matrix(rows: 3, columns: 3, repeating: 0)
        for i in 0..<3 {
            for j in 0..<3 {
                m[i][j] = Double(i * 3 + j)
            }
        }
        print(m)
        var v = [0.0, 0.0, 0.0]
        for i in 0..<3 { v[i] = Double(i) + 0.5 }
        m * v
        m.transposed() * m
        """,
        """
        // Higher-order functions with function-typed parameters.
        func applyTwice(_ f: (Int) -> Int, to x: Int) -> Int {
            return f(f(x))
        }
        print(applyTwice({ $0 + 3 }, to: 1))
        let ops: [(Int, Int) -> Int] = [{ $0 + $1 }, { $0 * $1 }, { $0 - $1 }]
        var results: [Int] = []
        for op in ops { results.append(op(6, 3)) }
        results
        [5, 3, 8, 1].sorted()
        [1, 2, 3].reversed()
        """,
        """
        // Softmax and cross-entropy on a vector.
        let logits = [2.0, 1.0, 0.1]
        let exps = exp(logits)
        let total = sum(exps)
        let probs = exps / total
        print(probs)
        let target = [1.0, 0.0, 0.0]
        var loss = 0.0
        for k in 0..<3 {
            loss -= target[k] * log(probs[k])
        }
        print("loss", loss)
        probs.count
        """,
        """
        // Strings built in loops.
        var bar = ""
        for i in 0..<5 {
            bar += i % 2 == 0 ? "#" : "."
        }
        print(bar)
        let words = ["forward", "backward", "step"]
        var sentence = ""
        for w in words { sentence = sentence + w + " " }
        print(sentence)
        "count: \\(words.count), first: \\(words[0])"
        """,
        """
        // Random matrices are reproducible.
        let r = Matrix.random(rows: 2, columns: 3, seed: 7)
        let s = Matrix.random(rows: 2, columns: 3, seed: 7)
        print(r == s)
        let scaledR = 0.5 * r
        scaledR.shape
        let prod = r * r.transposed()
        prod.rows
        show(prod)
        let z = Vector.zeros(3)
        z.count
        """,
        """
        // Shadowing in blocks, early returns, break.
        let x = 1
        func classify(_ n: Int) -> String {
            if n < 0 { return "negative" }
            if n == 0 { return "zero" }
            let x = n * 10
            return "positive \\(x)"
        }
        print(classify(-4), classify(0), classify(3), x)
        var found = -1
        let values = [4, 8, 15, 16, 23, 42]
        for index in 0..<values.count {
            if values[index] > 15 {
                found = index
                break
            }
        }
        found
        """,
        """
        // The network library: builder with a loop, traces, a step, training, datasets.
        let net = Network(inputs: 2, seed: 7) {
            Dense(3, activation: .tanh)
            for _ in 0..<2 { Dense(2, activation: .relu) }
            Dense(1, activation: .sigmoid)
        }
        net.weights[1] = [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]]
        net.biases[1][0] = 0.5
        let pass = net.forward([0.5, -1.0])
        print(pass.z[1], pass.a[0], pass.output)
        let g = net.backward([[0.0, 1.0], [1.0, 0.0]], target: [[1.0], [0.0]], loss: .crossEntropy)
        print(g.delta[2], g.dW[1], g.db[3], g.loss)
        let report = net.step([0.5, -1.0], target: [1.0], learningRate: 0.5, loss: .squaredError)
        print(report.change[1], report.after[2])
        let history = net.train(on: .xor, epochs: 3, learningRate: 0.5, batchSize: 2, optimizer: .adam, seed: 1)
        print(history.loss.count, net.accuracy(on: .xor), net.loss(on: Dataset.xor, loss: .meanSquaredError))
        let data = Dataset.moons(count: 20, noise: 0.1, seed: 3)
        let parts = data.split(0.5, seed: 2)
        print(parts.train.count, parts.test.count, gradientCheck(net, [0.1, 0.2], target: [1.0]).count)
        print(net, net.copy().sizes, net.parameterCount)
        """,
    ]

    /// A crude split into pieces for token-level edits: names and numbers, strings, operators,
    /// single punctuation, whitespace. Independent of the language's own lexer on purpose.
    enum PieceKind { case word, number, string, symbol, space }

    static func pieces(_ text: String) -> [(kind: PieceKind, text: String)] {
        let scalars = Array(text.unicodeScalars)
        var result: [(kind: PieceKind, text: String)] = []
        var index = 0
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || s == "_" || s == "$" || ("0"..."9").contains(s) }
        let operatorScalars: Set<Unicode.Scalar> = ["+", "-", "*", "/", "%", "=", "<", ">", "!", "&", "|", ".", "?"]
        while index < scalars.count {
            let start = index
            let first = scalars[index]
            let kind: PieceKind
            if first == "\"" {
                index += 1
                while index < scalars.count, scalars[index] != "\"", scalars[index] != "\n" {
                    index += scalars[index] == "\\" ? 2 : 1
                }
                index = Swift.min(index + 1, scalars.count)
                kind = .string
            } else if ("0"..."9").contains(first) {
                while index < scalars.count, isWord(scalars[index]) || scalars[index] == "." { index += 1 }
                kind = .number
            } else if isWord(first) {
                while index < scalars.count, isWord(scalars[index]) { index += 1 }
                kind = .word
            } else if first == " " || first == "\n" || first == "\t" {
                while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\n" { index += 1 }
                kind = .space
            } else if operatorScalars.contains(first) {
                while index < scalars.count, operatorScalars.contains(scalars[index]) { index += 1 }
                kind = .symbol
            } else {
                index += 1
                kind = .symbol
            }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<index])
            result.append((kind, String(piece)))
        }
        return result
    }

    private static let numberReplacements = [
        "0", "1", "2", "-1", "3", "10", "100", "0.0", "0.5", "2.5", "1e6", "-0.25", "9223372036854775807",
    ]

    private static let binaryOperators = ["+", "-", "*", "/", "%", "<", ">", "==", "!=", "<=", ">=", "&&", "||", "..<", "..."]

    /// One edit of a program; returns its description.
    ///
    /// Biased toward edits that keep the program parsing (a different number, name or operator),
    /// so most mutated programs reach the evaluator with odd values; the rest break it anywhere.
    private static func mutate(_ text: inout String, _ random: inout FuzzSplitMix64) -> String {
        let roll = random.below(100)
        if roll < 50 {
            // Like for like: a number for a number, a name for a name, a binary operator for another.
            var parts = pieces(text)
            let keywordSet = Set(keywords)
            let candidates = parts.indices.filter {
                switch parts[$0].kind {
                case .number: return true
                case .word: return !keywordSet.contains(parts[$0].text)
                case .symbol: return binaryOperators.contains(parts[$0].text)
                default: return false
                }
            }
            guard !candidates.isEmpty else { return "nothing to replace" }
            let at = random.pick(candidates)
            let old = parts[at].text
            switch parts[at].kind {
            case .number:
                parts[at].text = random.pick(numberReplacements)
            case .word:
                let words = parts.filter { $0.kind == .word && !keywordSet.contains($0.text) }.map(\.text)
                parts[at].text = random.percent(80) ? random.pick(words) : random.pick(names)
            default:
                parts[at].text = random.pick(binaryOperators)
            }
            text = parts.map(\.text).joined()
            return "replace '\(old)' with '\(parts[at].text)'"
        }
        if roll < 65 {
            // Whole lines: delete, duplicate, swap with the next.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard lines.count > 1 else { return "one line" }
            let at = random.below(lines.count)
            switch random.below(3) {
            case 0:
                lines.remove(at: at)
                text = lines.joined(separator: "\n")
                return "delete line \(at + 1)"
            case 1:
                lines.insert(lines[at], at: at)
                text = lines.joined(separator: "\n")
                return "duplicate line \(at + 1)"
            default:
                let other = (at + 1) % lines.count
                lines.swapAt(at, other)
                text = lines.joined(separator: "\n")
                return "swap lines \(at + 1) and \(other + 1)"
            }
        }
        if roll < 83 {
            // Tokens: delete, insert, duplicate, swap two.
            var parts = pieces(text)
            let solid = parts.indices.filter { parts[$0].kind != .space }
            guard solid.count > 1 else { return "too few tokens" }
            let at = random.pick(solid)
            switch random.below(4) {
            case 0:
                let old = parts.remove(at: at).text
                text = parts.map(\.text).joined()
                return "delete token '\(old)'"
            case 1:
                let token = randomToken(&random)
                parts.insert((.symbol, token), at: at)
                text = parts.map(\.text).joined()
                return "insert token '\(token)'"
            case 2:
                parts.insert(parts[at], at: at)
                text = parts.map(\.text).joined()
                return "duplicate token '\(parts[at].text)'"
            default:
                let other = random.pick(solid)
                let description = "swap tokens '\(parts[at].text)' and '\(parts[other].text)'"
                parts.swapAt(at, other)
                text = parts.map(\.text).joined()
                return description
            }
        }
        // Characters: delete, insert, swap adjacent, duplicate a run.
        var scalars = Array(text.unicodeScalars)
        guard scalars.count > 2 else { return "too short" }
        let at = random.below(scalars.count - 1)
        let description: String
        switch random.below(4) {
        case 0:
            description = "delete character \(at)"
            scalars.remove(at: at)
        case 1:
            let inserted = random.percent(80) ? random.pick(languageCharacters) : "\u{0}"
            description = "insert \(String(inserted).debugDescription) at character \(at)"
            scalars.insert(contentsOf: String(inserted).unicodeScalars, at: at)
        case 2:
            description = "swap characters \(at) and \(at + 1)"
            scalars.swapAt(at, at + 1)
        default:
            let length = Swift.min(random.inRange(1...20), scalars.count - at)
            description = "duplicate characters \(at)..<\(at + length)"
            scalars.insert(contentsOf: scalars[at..<(at + length)], at: at)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        text = String(view)
        return description
    }

    /// The line numbers (0-based) after which a new top-level statement starts: brace depth 0,
    /// outside multi-line strings and block comments (a rough count, good enough to cut cells).
    static func topLevelBreaks(_ lines: [Substring]) -> [Int] {
        var breaks: [Int] = []
        var depth = 0
        var inMultiline = false
        var commentDepth = 0
        for (number, line) in lines.enumerated() {
            let scalars = Array(line.unicodeScalars)
            var index = 0
            var inString = false
            while index < scalars.count {
                let scalar = scalars[index]
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                let third = index + 2 < scalars.count ? scalars[index + 2] : " "
                if commentDepth > 0 {
                    if scalar == "/", next == "*" { commentDepth += 1; index += 2; continue }
                    if scalar == "*", next == "/" { commentDepth -= 1; index += 2; continue }
                } else if scalar == "\"", next == "\"", third == "\"" {
                    inMultiline.toggle()
                    index += 3
                    continue
                } else if inMultiline {
                } else if inString {
                    if scalar == "\\" { index += 2; continue }
                    if scalar == "\"" { inString = false }
                } else if scalar == "\"" {
                    inString = true
                } else if scalar == "/", next == "/" {
                    break
                } else if scalar == "/", next == "*" {
                    commentDepth += 1
                    index += 2
                    continue
                } else if scalar == "{" {
                    depth += 1
                } else if scalar == "}" {
                    depth -= 1
                }
                index += 1
            }
            if depth == 0, !inMultiline, commentDepth == 0, number + 1 < lines.count { breaks.append(number) }
        }
        return breaks
    }

    private static func mutated(seedIndex: Int, _ random: inout FuzzSplitMix64) -> (String, [String]) {
        var text = seeds[seedIndex]
        let editCount: Int
        switch random.below(100) {
        case 0..<75: editCount = 1
        case 75..<92: editCount = 2
        default: editCount = random.inRange(3...8)
        }
        var edits: [String] = []
        for _ in 0..<editCount { edits.append(mutate(&text, &random)) }
        var label = "seed \(seedIndex): " + edits.joined(separator: "; ")
        // Most run as a notebook would: cells cut between top-level statements, run in order on
        // one interpreter (bindings persist; a cell with an error does not stop the next). The
        // rest run as one cell, where one syntax error anywhere stops everything.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let breaks = topLevelBreaks(lines)
        guard random.percent(70), !breaks.isEmpty else { return (label, [text]) }
        var cuts: [Int] = []
        for line in breaks where random.percent(40) { cuts.append(line + 1) }
        if cuts.isEmpty { cuts = [random.pick(breaks) + 1] }
        var cells: [String] = []
        var from = 0
        for cut in cuts + [lines.count] {
            cells.append(lines[from..<cut].joined(separator: "\n"))
            from = cut
        }
        label += "; as \(cells.count) cells cut before lines \(cuts.map { String($0 + 1) }.joined(separator: ", "))"
        return (label, cells)
    }

    // MARK: - Deep nesting

    /// Depths: far past the parser's limit (10,000 and 100,000) and the levels around it.
    private static let depths = [1, 100, Parser.defaultMaxDepth - 1, Parser.defaultMaxDepth, Parser.defaultMaxDepth + 1, 10_000]

    private static func repeated(_ piece: String, _ count: Int) -> String { String(repeating: piece, count: count) }

    /// Each kind of nesting as a function of the depth.
    static let deepKinds: [(String, @Sendable (Int) -> String)] = [
        ("parentheses", { repeated("(", $0) + "1" + repeated(")", $0) }),
        ("unclosed parentheses", { repeated("(", $0) + "1" }),
        ("unopened parentheses", { "1" + repeated(")", $0) }),
        ("brackets", { repeated("[", $0) + "1" + repeated("]", $0) }),
        ("unclosed brackets", { repeated("[", $0) }),
        ("brackets with elements", { repeated("[1, ", $0) + "2" + repeated("]", $0) }),
        ("if nesting", { repeated("if true {\n", $0) + "print(1)\n" + repeated("}\n", $0) }),
        ("unclosed if nesting", { repeated("if true { ", $0) }),
        ("closures", { "let f = " + repeated("{ ", $0) + "1" + repeated(" }", $0) + "\nprint(f)" }),
        ("closures at top level", { repeated("{", $0) + repeated("}", $0) }),
        ("unclosed closures", { "let f = " + repeated("{ ", $0) }),
        ("stray closing braces", { "print(1)\n" + repeated("}", $0) + "\nprint(2)" }),
        ("closures calling closures", { repeated("{ x in ", $0) + "x" + repeated(" }(1)", $0) }),
        ("unary minus chain", { repeated("-", $0) + "1" }),
        ("spaced unary minus chain", { repeated("- ", $0) + "1" }),
        ("negation chain", { repeated("!", $0) + "true" }),
        ("string interpolation", { repeated("\"\\(", $0) + "1" + repeated(")\"", $0) }),
        ("unclosed string interpolation", { repeated("\"\\(", $0) + "1" }),
        ("binary chain", { "1" + repeated(" + 1", $0) }),
        ("tight binary chain", { "1" + repeated("+1", $0) }),
        ("mixed binary chain", { "let x = 2.0\n" + repeated("x * 3 - 1 / x + ", $0) + "x" }),
        ("logical chain", { repeated("true && false || ", $0) + "true" }),
        ("ternary chain", { repeated("true ? 1 : ", $0) + "0" }),
        ("call nesting", { repeated("abs(", $0) + "-1" + repeated(")", $0) }),
        ("subscript nesting", { "let a = [0]\n" + repeated("a[", $0) + "0" + repeated("]", $0) }),
        ("member chain", { "let a = [1]\na" + repeated(".count", $0) }),
        ("call chain", { "let f = { 1 }\nf" + repeated("()", $0) }),
        ("nested functions", { repeated("func f() {\n", $0) + repeated("}\n", $0) + "f()" }),
        ("nested while", { repeated("while false {\n", $0) + repeated("}\n", $0) }),
        ("nested for", { repeated("for i in 0..<1 {\n", $0) + "print(i)\n" + repeated("}\n", $0) }),
        ("nested block comments", { repeated("/*", $0) + repeated("*/", $0) + "\nprint(1)" }),
        ("unclosed block comments", { repeated("/* ", $0) + "\nprint(1)" }),
        ("nested array types", { "let a: " + repeated("[", $0) + "Int" + repeated("]", $0) + " = []" }),
        ("nested function types", { "let f: " + repeated("(Int) -> ", $0) + "Int = { $0 }" }),
        ("many statements", { "var x = 0\n" + repeated("x += 1\n", $0) + "x" }),
        ("many statements on one line", { "var x = 0; " + repeated("x += 1; ", $0) + "x" }),
        ("long string literal", { "let s = \"" + repeated("δx", $0 * 10) + "\"\ns.count" }),
        ("long identifier", { "let " + repeated("a", $0 * 10) + " = 1" }),
        ("long number", { repeated("9", $0) }),
        ("long double", { "0." + repeated("9", $0) }),
        ("recursion", { "func f(_ n: Int) -> Int { return n == 0 ? 0 : 1 + f(n - 1) }\nf(\($0))" }),
        ("mutual recursion", {
            "func even(_ n: Int) -> Bool { return n == 0 ? true : odd(n - 1) }\n"
                + "func odd(_ n: Int) -> Bool { return n == 0 ? false : even(n - 1) }\neven(\($0))"
        }),
        ("closure recursion", { "var g: (Int) -> Int = { $0 }\ng = { n in n == 0 ? 0 : 1 + g(n - 1) }\ng(\($0))" }),
        ("closure chain", { "var f = { (x: Int) -> Int in x }\nfor _ in 0..<\($0) {\n    let g = f\n    f = { g($0) + 1 }\n}\nf(0)" }),
        ("array nesting at run time", { "var a = [1]\nfor _ in 0..<\($0) { a = [a] }\nprint(a.count)" }),
        ("array growth", { "var a = [0]\nfor i in 0..<\($0) { a.append(i) }\na.count" }),
        ("big matrix", { "let m = Matrix(rows: \($0), columns: \($0), repeating: 1)\n(m.transposed() * m).shape" }),
        ("string growth", { "var s = \"ab\"\nfor _ in 0..<\($0) { s = s + s }\ns.count" }),
        ("infinite loop", { _ in "var i = 0\nwhile true { i += 1 }" }),
        ("infinite recursion", { _ in "func f() { f() }\nf()" }),
    ]

    static let deepPrograms: [(label: String, text: String)] = {
        var programs: [(label: String, text: String)] = []
        for (name, make) in deepKinds {
            for depth in depths { programs.append(("\(name), depth \(depth)", make(depth))) }
        }
        // A few at 100,000 levels. (Not string interpolation: its nested parts are lexed again at
        // each level the parser enters, O(length × nesting limit), several seconds in a debug build.)
        for name in ["parentheses", "brackets", "closures", "unary minus chain", "binary chain", "if nesting"] {
            if let kind = deepKinds.first(where: { $0.0 == name }) {
                programs.append(("\(name), depth 100000", kind.1(100_000)))
            }
        }
        return programs
    }()
}
