import Foundation
import Testing
@testable import BackpropLanguage
import NeuralNet

// The neural-network library as the language binds it (SPEC §4): builders, weights, passes,
// training, datasets, files, gradient checks, explanations and plots. Errors of every call are
// in LibraryErrorTests.swift.

// MARK: - Helpers

extension Session {
    /// The numbers of an expression's value (a number, vector, matrix or array of them).
    func numbers(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Double] {
        let value = try value(expression)
        return try #require(numericValue(value), "not numeric: \(String(describing: value))",
                            sourceLocation: sourceLocation)
    }

    /// The library object an expression gives.
    func object(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LibraryObject {
        let value = try value(expression)
        guard case .object(let object)? = value else {
            Issue.record("not a library object: \(String(describing: value))", sourceLocation: sourceLocation)
            throw LibraryTestFailure.wrongValue
        }
        return object
    }

    /// What `print(expression)` writes, without the newline: numbers in full precision.
    func printed(_ expression: String) throws -> String {
        let before = host.stdout.count
        try run("print(\(expression))")
        return String(host.stdout.dropFirst(before).dropLast())
    }
}

enum LibraryTestFailure: Error { case wrongValue }

/// The numbers of a value (the shared `numbers(_:)`, under a name `Session.numbers` does not hide).
private func numericValue(_ value: Value?) -> [Double]? { numbers(value) }

/// The type name of an expression's value in a fresh session after `setup`.
private func typeName(_ setup: String, _ expression: String) throws -> String? {
    let session = Session()
    try session.run(setup)
    return try session.value(expression)?.typeName
}

/// A file in the temporary directory that is removed when the test ends (call `remove()`).
struct TemporaryFile {
    let path: String

    init(_ name: String, contents: String? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backprop-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        if let contents { try Data(contents.utf8).write(to: URL(fileURLWithPath: path)) }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}

/// Mazur's worked example ("A Step by Step Backpropagation Example"): a 2-2-2 sigmoid network.
let mazurNetwork = """
    let net = Network(inputs: 2) {
        Dense(2, activation: .sigmoid)
        Dense(2, activation: .sigmoid)
    }
    net.weights[1] = [[0.15, 0.20], [0.25, 0.30]]
    net.biases[1] = [0.35, 0.35]
    net.weights[2] = [[0.40, 0.45], [0.50, 0.55]]
    net.biases[2] = [0.60, 0.60]
    let x = [0.05, 0.10]
    let y = [0.01, 0.99]
    """

/// Mazur's example computed here, sample by sample, with the lecture's formulas.
enum Mazur {
    static let w1: [[Double]] = [[0.15, 0.20], [0.25, 0.30]]
    static let b1: [Double] = [0.35, 0.35]
    static let w2: [[Double]] = [[0.40, 0.45], [0.50, 0.55]]
    static let b2: [Double] = [0.60, 0.60]
    static let x: [Double] = [0.05, 0.10]
    static let y: [Double] = [0.01, 0.99]

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    /// W a + b for a 2×2 matrix.
    static func affine(_ w: [[Double]], _ a: [Double], _ b: [Double]) -> [Double] {
        var z: [Double] = []
        for k in 0..<2 {
            let sum: Double = w[k][0] * a[0] + w[k][1] * a[1]
            z.append(sum + b[k])
        }
        return z
    }

    static let z1: [Double] = affine(w1, x, b1)
    static let a1: [Double] = z1.map(sigmoid)
    static let z2: [Double] = affine(w2, a1, b2)
    static let a2: [Double] = z2.map(sigmoid)
    static let loss: Double = {
        let e0: Double = y[0] - a2[0], e1: Double = y[1] - a2[1]
        return 0.5 * e0 * e0 + 0.5 * e1 * e1
    }()
    static let delta2: [Double] = (0..<2).map { (k: Int) -> Double in (a2[k] - y[k]) * a2[k] * (1 - a2[k]) }
    static let delta1: [Double] = (0..<2).map { (j: Int) -> Double in
        let back: Double = w2[0][j] * delta2[0] + w2[1][j] * delta2[1]
        return back * a1[j] * (1 - a1[j])
    }
    static func outer(_ u: [Double], _ v: [Double]) -> [Double] {
        var out: [Double] = []
        for a in u { for b in v { out.append(a * b) } }
        return out
    }
    static let dW2: [Double] = outer(delta2, a1)
    static let dW1: [Double] = outer(delta1, x)
}

// MARK: - Builder

@Suite struct LibraryBuilderTests {
    @Test func layersSeparatedBySemicolons() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2) { Dense(3); Dense(1) }")
        #expect(try session.printed("net.sizes") == "[2, 3, 1]")
        #expect(try session.printed("net.layerCount") == "2")
        #expect(try session.printed("net.parameterCount") == "13")  // 2·3 + 3 + 3·1 + 1
    }

    @Test func layersOnSeparateLines() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 4, seed: 42) {
                Dense(5, activation: .tanh)

                // a comment between layers
                Dense(3, activation: .relu)
                Dense(2, activation: .softmax)
            }
            """)
        #expect(try session.printed("net.sizes") == "[4, 5, 3, 2]")
        #expect(try session.printed("net.layerCount") == "3")
        #expect(try session.printed("net.parameterCount") == "51")  // 4·5 + 5 + 5·3 + 3 + 3·2 + 2
    }

    @Test func forAddsOneLayerPerIteration() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2) {
                for _ in 0..<3 { Dense(4, activation: .relu) }
                Dense(1)
            }
            """)
        #expect(try session.printed("net.sizes") == "[2, 4, 4, 4, 1]")
        #expect(try session.printed("net.layerCount") == "4")
    }

    @Test func forOverAnArrayOfSizes() throws {
        #expect(try output("""
            let hidden = [5, 4, 3]
            let net = Network(inputs: 2) {
                for n in hidden { Dense(n) }
                Dense(1)
            }
            print(net.sizes)
            """) == "[2, 5, 4, 3, 1]\n")
    }

    @Test func ifAddsTheLayersOfTheBranchTaken() throws {
        #expect(try output("""
            let deep = true
            let net = Network(inputs: 2) {
                Dense(3)
                if deep { Dense(2) } else { Dense(7); Dense(7) }
                if !deep { Dense(9) }
                Dense(1)
            }
            print(net.sizes)
            """) == "[2, 3, 2, 1]\n")
    }

    @Test func statementsWithoutValueAddNoLayer() throws {
        #expect(try output("""
            let net = Network(inputs: 2) {
                let width = 3
                var depth = 0
                depth += 1
                print("building", depth)
                Dense(width * 2)
                Dense(1)
            }
            print(net.sizes)
            """) == "building 1\n[2, 6, 1]\n")
    }

    @Test func aFunctionReturningALayerAddsIt() throws {
        #expect(try output("""
            func layer(_ n: Int) -> Any { return Dense(n, activation: .tanh) }
            let net = Network(inputs: 2) { layer(5); Dense(1) }
            print(net.sizes)
            """) == "[2, 5, 1]\n")
    }

    @Test func denseProperties() throws {
        #expect(try output("""
            let d = Dense(3)
            let r = Dense(4, activation: .relu, useBias: false)
            print(d.units, d.activation == .sigmoid, d.useBias, r.units, r.activation == .relu, r.useBias)
            """) == "3 true true 4 true false\n")
    }

    @Test func biasesStartAtZero() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 9) { Dense(3); Dense(2) }
            print(net.biases[1], net.biases[2])
            """) == "[0.0, 0.0, 0.0] [0.0, 0.0]\n")
    }

    @Test func useBiasFalseCountsNoBiasParameters() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2) { Dense(3, useBias: false); Dense(1) }")
        #expect(try session.printed("net.parameterCount") == "\(2 * 3 + 3 * 1 + 1)")
    }

    @Test func sameSeedGivesIdenticalWeights() throws {
        let session = Session()
        try session.run("""
            let a = Network(inputs: 3, seed: 7) { Dense(4); Dense(2) }
            let b = Network(inputs: 3, seed: 7) { Dense(4); Dense(2) }
            let c = Network(inputs: 3, seed: 8) { Dense(4); Dense(2) }
            """)
        #expect(try session.printed("a.weights[1]") == session.printed("b.weights[1]"))
        #expect(try session.printed("a.weights[2]") == session.printed("b.weights[2]"))
        #expect(try session.printed("a.weights[1] == b.weights[1], a.weights[2] == b.weights[2]") == "true true")
        #expect(try session.printed("a.weights[1] == c.weights[1], a.weights[2] == c.weights[2]") == "false false")
    }

    @Test func omittedSeedIsZero() throws {
        #expect(try output("""
            let a = Network(inputs: 2) { Dense(3) }
            let b = Network(inputs: 2, seed: 0) { Dense(3) }
            let c = Network(inputs: 2, seed: 1) { Dense(3) }
            print(a.weights[1] == b.weights[1], a.weights[1] == c.weights[1])
            """) == "true false\n")
    }

    @Test func negativeSeedsWork() throws {
        #expect(try output("""
            let a = Network(inputs: 2, seed: -1) { Dense(3) }
            let b = Network(inputs: 2, seed: -1) { Dense(3) }
            let c = Network(inputs: 2, seed: 1) { Dense(3) }
            print(a.weights[1] == b.weights[1], a.weights[1] == c.weights[1])
            """) == "true false\n")
    }

    @Test func xavierIsTheDefaultAndStaysInItsBound() throws {
        let session = Session()
        try session.run("""
            let a = Network(inputs: 2, seed: 4) { Dense(3); Dense(1) }
            let b = Network(inputs: 2, seed: 4, initializer: .xavier) { Dense(3); Dense(1) }
            """)
        #expect(try session.printed("a.weights[1] == b.weights[1], a.weights[2] == b.weights[2]") == "true true")
        let w1 = try session.numbers("a.weights[1]")
        let w2 = try session.numbers("a.weights[2]")
        #expect(w1.allSatisfy { abs($0) < (6.0 / 5.0).squareRoot() })
        #expect(w2.allSatisfy { abs($0) < (6.0 / 4.0).squareRoot() })
        #expect(Set(w1).count == 6)
    }

    @Test func initializers() throws {
        let session = Session()
        try session.run("""
            let zeros = Network(inputs: 3, initializer: .zeros) { Dense(2); Dense(2) }
            let uniform = Network(inputs: 50, seed: 1, initializer: .uniform(-1, 1)) { Dense(40) }
            let narrow = Network(inputs: 50, seed: 1, initializer: .uniform(2, 3)) { Dense(40) }
            let plain = Network(inputs: 50, seed: 1, initializer: .uniform) { Dense(40) }
            let he = Network(inputs: 50, seed: 1, initializer: .he) { Dense(40) }
            let normal = Network(inputs: 50, seed: 1, initializer: .normal) { Dense(40) }
            """)
        #expect(try session.numbers("zeros.weights[1]") == [0, 0, 0, 0, 0, 0])
        #expect(try session.numbers("zeros.weights[2]") == [0, 0, 0, 0])
        let uniform = try session.numbers("uniform.weights[1]")
        #expect(uniform.allSatisfy { $0 >= -1 && $0 < 1 })
        #expect(uniform.contains { $0 < -0.9 } && uniform.contains { $0 > 0.9 })
        #expect(try session.numbers("narrow.weights[1]").allSatisfy { $0 >= 2 && $0 < 3 })
        // `.uniform` alone is `.uniform(-1, 1)`.
        #expect(try session.printed("plain.weights[1] == uniform.weights[1]") == "true")
        // He: variance 2/n_in; normal: variance 1/n_in (2000 draws each).
        let he = try session.numbers("he.weights[1]")
        let normal = try session.numbers("normal.weights[1]")
        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        }
        #expect(abs(variance(he) - 2.0 / 50) < 0.15 * 2.0 / 50)
        #expect(abs(variance(normal) - 1.0 / 50) < 0.15 * 1.0 / 50)
        #expect(try session.printed("he.weights[1] == normal.weights[1]") == "false")
    }

    @Test func networkValueIsAReferenceType() throws {
        #expect(try typeName("let net = Network(inputs: 2) { Dense(1) }", "net") == "Network")
        #expect(try typeName("", "Dense(3)") == "Dense")
    }
}

// MARK: - Reference semantics

@Suite struct LibraryReferenceTests {
    @Test func letNetworkCanStepAndTrain() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }")
        let before = try session.numbers("net.weights[1]")
        try session.run("net.step([1, 0], target: [1], learningRate: 0.5);")
        let stepped = try session.numbers("net.weights[1]")
        #expect(stepped != before)
        try session.run("net.train(on: .xor, epochs: 2);")
        #expect(try session.numbers("net.weights[1]") != stepped)
    }

    @Test func anotherNameSharesTheNetwork() throws {
        #expect(try output("""
            let net = Network(inputs: 2) { Dense(2); Dense(1) }
            let other = net
            other.weights[1] = [[1, 2], [3, 4]]
            net.biases[2] = [0.5]
            print(net.weights[1], other.biases[2])
            other.step([1, 1], target: [0], learningRate: 0.1);
            print(net.weights[2] == other.weights[2])
            """) == "[[1.0, 2.0], [3.0, 4.0]] [0.5]\ntrue\n")
    }

    @Test func networksPassedToFunctionsAreShared() throws {
        #expect(try output("""
            let net = Network(inputs: 2) { Dense(2); Dense(1) }
            func zero(_ n: Any) { n.biases[1] = [7, 7] }
            zero(net)
            print(net.biases[1])
            """) == "[7.0, 7.0]\n")
    }

    @Test func copyIsIndependent() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 3) { Dense(2); Dense(1) }
            let twin = net.copy()
            print(twin.weights[1] == net.weights[1], twin.sizes)
            twin.weights[1] = [[1, 1], [1, 1]]
            print(net.weights[1] == twin.weights[1])
            net.train(on: .xor, epochs: 3);
            print(twin.weights[1])
            """) == "true [2, 2, 1]\nfalse\n[[1.0, 1.0], [1.0, 1.0]]\n")
    }

    @Test func aNetworkInAnArrayIsShared() throws {
        #expect(try output("""
            let net = Network(inputs: 2) { Dense(2) }
            var nets = [net]
            nets[0].biases[1] = [1, 2]
            print(net.biases[1])
            """) == "[1.0, 2.0]\n")
    }
}

// MARK: - Weights and biases

@Suite struct LibraryWeightsTests {
    @Test func getAndSetWeightsAndBiases() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 42) {
                Dense(3, activation: .sigmoid)
                Dense(1, activation: .sigmoid)
            }
            net.weights[1] = [[0.15, 0.20], [0.25, 0.30], [0.1, 0.1]]
            net.biases[1] = [0.35, 0.35, 0.35]
            print(net.weights[1], net.biases[1])
            print(net.weights[1].shape, net.weights[2].shape, net.biases[2].count)
            print(net.weights[1][0][1], net.weights[1][1][0])
            """) == "[[0.15, 0.2], [0.25, 0.3], [0.1, 0.1]] [0.35, 0.35, 0.35]\n[3, 2] [1, 3] 1\n0.2 0.25\n")
    }

    @Test func settingAcceptsIntsAndMatrices() throws {
        #expect(try output("""
            let net = Network(inputs: 2) { Dense(2) }
            net.weights[1] = [[1, 2], [3, 4]]
            print(net.weights[1])
            net.weights[1] = Matrix.identity(2)
            net.biases[1] = Vector([1, 2])
            print(net.weights[1], net.biases[1])
            """) == "[[1.0, 2.0], [3.0, 4.0]]\n[[1.0, 0.0], [0.0, 1.0]] [1.0, 2.0]\n")
    }

    @Test func wrongShapeIsAShapeErrorAndChangesNothing() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 5) { Dense(2); Dense(1) }")
        let before = try session.printed("net.weights[1]")
        expectError("⟪net.weights[1]⟫ = [[1, 2, 3], [4, 5, 6]]", .shapeError,
                    "weights[1] is 2×2 (n_1 × n_0: 2 receiving nodes k, 2 emitting nodes j), but the new value is 2×3",
                    in: session)
        expectError("⟪net.weights[2]⟫ = [[1, 2]].transposed()", .shapeError,
                    "weights[2] is 1×2 (n_2 × n_1: 1 receiving node k, 2 emitting nodes j), but the new value is 2×1",
                    in: session)
        #expect(try session.printed("net.weights[1]") == before)
        expectError("⟪net.biases[1]⟫ = [1, 2, 3]", .shapeError, .contains("biases[1]", "2", "3"), in: session)
        #expect(try session.printed("net.biases[1]") == "[0.0, 0.0]")
    }

    @Test func weightsZeroIsTheInputLayer() {
        let session = Session()
        #expect(session.error("let net = Network(inputs: 2) { Dense(2); Dense(1) }") == nil)
        expectError("print(⟪net.weights[0]⟫)", .valueError,
                    "weights[0] does not exist: layer 0 is the input layer, which has no weights; use weights[1] … weights[2]",
                    in: session)
        expectError("print(⟪net.biases[0]⟫)", .valueError,
                    "biases[0] does not exist: layer 0 is the input layer, which has no biases; use biases[1] … biases[2]",
                    in: session)
        expectError("⟪net.weights[0]⟫ = [[1, 2]]", .valueError, .contains("weights[0] does not exist"), in: session)
    }

    @Test func layerBeyondTheOutputLayer() {
        let session = Session()
        #expect(session.error("let net = Network(inputs: 2) { Dense(2); Dense(1) }") == nil)
        expectError("let w = ⟪net.weights[3]⟫", .valueError, "weights[3] does not exist: the layers are 1…2", in: session)
        expectError("let w = ⟪net.weights[-1]⟫", .valueError, "weights[-1] does not exist: the layers are 1…2", in: session)
        expectError("⟪net.biases[3]⟫ = [1]", .valueError, "biases[3] does not exist: the layers are 1…2", in: session)
    }

    @Test func wholeListAssignmentIsATypeError() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 2) { Dense(2); Dense(1) }")
        let before = try session.printed("net.weights[1]")
        expectError("⟪net.weights⟫ = [[1]]", .typeError, "net.weights is set one layer at a time: net.weights[l] = …", in: session)
        expectError("⟪net.biases⟫ = net.biases", .typeError, "net.biases is set one layer at a time: net.biases[l] = …", in: session)
        #expect(try session.printed("net.weights[1]") == before)
    }

    @Test func rowAndElementAssignmentWriteThrough() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 2) { Dense(2); Dense(1) }")
        let secondRow = try session.printed("net.weights[1][1]")
        try session.run("net.weights[1][0] = [1, 2]")
        #expect(try session.printed("net.weights[1]") == "[[1.0, 2.0], \(secondRow)]")
        try session.run("net.weights[1][1][0] = 0.5\nnet.biases[1][1] = -3")
        #expect(try session.printed("net.weights[1][1][0], net.biases[1]") == "0.5 [0.0, -3.0]")
        let second = try session.numbers("net.weights[2]")
        try session.run("net.weights[1][0][0] += 2\nnet.weights[2] *= 2")
        #expect(try session.printed("net.weights[1][0]") == "[3.0, 2.0]")
        #expect(try session.numbers("net.weights[2]") == second.map { $0 * 2 })
    }

    @Test func wrongRowLengthChangesNothing() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 2) { Dense(2); Dense(1) }")
        let before = try session.printed("net.weights[1]")
        expectError("⟪net.weights[1][0]⟫ = [1, 2, 3]", .shapeError,
                    "cannot store a row of 3 elements in a 2×2 matrix; a row needs 2", in: session)
        expectError("⟪net.weights[1][2]⟫ = [1, 2]", .runtimeError,
                    "index 2 is out of range for a matrix's rows of 2 elements (valid indices: 0..<2)", in: session)
        #expect(try session.printed("net.weights[1]") == before)
    }

    @Test func rightHandSideMayReadTheSameWeights() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 2) { Dense(2); Dense(1) }")
        let before = try session.numbers("net.weights[2]")
        try session.run("net.weights[2] = net.weights[2] * 0.5 + net.weights[2]")
        expectClose(try session.numbers("net.weights[2]"), before.map { $0 * 0.5 + $0 })
    }

    @Test func aCopiedListDoesNotChangeTheNetwork() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2, seed: 2) { Dense(2); Dense(1) }")
        let before = try session.printed("net.weights[1]")
        try session.run("var w = net.weights\nw[1] = [[9, 9], [9, 9]]\nvar b = net.biases\nb[1][0] = 4")
        #expect(try session.printed("w[1], b[1]") == "[[9.0, 9.0], [9.0, 9.0]] [4.0, 0.0]")
        #expect(try session.printed("net.weights[1]") == before)
        #expect(try session.printed("net.biases[1]") == "[0.0, 0.0]")
        // A matrix read out is a value too.
        try session.run("var m = net.weights[1]\nm[0][0] = 100")
        #expect(try session.printed("net.weights[1]") == before)
    }

    @Test func layerListProperties() throws {
        #expect(try output("""
            let net = Network(inputs: 2) { Dense(3); Dense(2); Dense(1) }
            print(net.weights.count, net.weights.first, net.weights.last, net.biases.count)
            var shapes: [[Int]] = []
            for l in 1...net.layerCount { shapes.append(net.weights[l].shape) }
            print(shapes)
            """) == "3 1 3 3\n[[3, 2], [2, 3], [1, 2]]\n")
        #expect(try typeName("let net = Network(inputs: 2) { Dense(3) }", "net.weights") == "LayerList<Matrix>")
        #expect(try typeName("let net = Network(inputs: 2) { Dense(3) }", "net.biases") == "LayerList<Vector>")
    }

    @Test func biasesOfALayerWithoutBiasesStayZero() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2) { Dense(2, useBias: false); Dense(1) }")
        try session.run("net.biases[1] = [0, 0]")
        expectError("⟪net.biases[1]⟫ = [1, 2]", .valueError, "layer 1 was made with useBias: false, so its biases stay 0", in: session)
        #expect(try session.printed("net.biases[1]") == "[0.0, 0.0]")
        // Training leaves them at zero.
        try session.run("net.train(on: .xor, epochs: 5, learningRate: 1);")
        #expect(try session.printed("net.biases[1]") == "[0.0, 0.0]")
    }

    @Test func readOnlyNetworkProperties() {
        let session = Session()
        #expect(session.error("let net = Network(inputs: 2) { Dense(2) }") == nil)
        expectError("⟪net.layerCount⟫ = 3", .typeError,
                    "cannot assign to property 'layerCount' of a value of type 'Network': it is read-only", in: session)
        expectError("⟪net.sizes⟫ = [2, 2]", .typeError,
                    "cannot assign to property 'sizes' of a value of type 'Network': it is read-only", in: session)
    }
}

// MARK: - Forward, backward, step

@Suite struct LibraryPassTests {
    @Test func mazurForwardPassAndLoss() throws {
        let session = Session()
        try session.run(mazurNetwork + "\nlet pass = net.forward(x)")
        expectClose(try session.numbers("pass.z[1]"), [0.3775, 0.3925], tolerance: 1e-15)
        expectClose(try session.numbers("pass.a[1]"), Mazur.a1, tolerance: 1e-15)
        expectClose(try session.numbers("pass.z[2]"), Mazur.z2, tolerance: 1e-15)
        expectClose(Mazur.a1, [0.593269992, 0.596884378], tolerance: 1e-9)  // the post's numbers
        expectClose(try session.numbers("pass.a[2]"), [0.7513650695523157, 0.7729284653214625], tolerance: 1e-15)
        expectClose(try session.numbers("pass.output"), [0.7513650695523157, 0.7729284653214625], tolerance: 1e-15)
        expectClose(try session.numbers("net.predict(x)"), [0.7513650695523157, 0.7729284653214625], tolerance: 1e-15)
        expectClose(try session.numbers("net.loss(x, target: y, loss: .squaredError)"), [0.2983711087600027], tolerance: 1e-15)
        expectClose(try session.numbers("net.loss(x, target: y)"), [0.2983711087600027], tolerance: 1e-15)
        #expect(try session.printed("pass.a[0], pass.input") == "[0.05, 0.1] [0.05, 0.1]")
        #expect(try session.printed("pass.layerCount, pass.a.count, pass.a.first, pass.z.first") == "2 3 0 1")
    }

    @Test func mazurStepWithoutBiases() throws {
        let session = Session()
        try session.run(mazurNetwork + """

            let report = net.step(x, target: y, learningRate: 0.5, loss: .squaredError, updateBiases: false)
            """)
        expectClose(try session.numbers("net.weights[2]"),
                    [0.35891647971788465, 0.4086661860762334, 0.5113012702387375, 0.5613701211079891], tolerance: 1e-15)
        expectClose(try session.numbers("net.weights[1]"),
                    [0.1497807161327628, 0.19956143226552567, 0.24975114363236958, 0.29950228726473915], tolerance: 1e-15)
        #expect(try session.printed("net.biases[1], net.biases[2]") == "[0.35, 0.35] [0.6, 0.6]")
        expectClose(try session.numbers("report.loss"), [0.2983711087600027], tolerance: 1e-15)
        #expect(try session.printed("report.learningRate") == "0.5")
        #expect(try session.printed("report.biasChange[1], report.biasChange[2]") == "[0.0, 0.0] [0.0, 0.0]")
        #expect(try session.printed("report.biasAfter[2] == report.biasBefore[2]") == "true")
        // The report is consistent: after = before + change, after is the network's new W.
        #expect(try session.printed("report.after[1] == report.before[1] + report.change[1]") == "true")
        #expect(try session.printed("report.after[2] == report.before[2] + report.change[2]") == "true")
        #expect(try session.printed("report.after[1] == net.weights[1], report.after[2] == net.weights[2]") == "true true")
        #expect(try session.printed("report.before[1]") == "[[0.15, 0.2], [0.25, 0.3]]")
        #expect(try session.printed("report.change[2] == -0.5 * report.gradients.dW[2]") == "true")
        // The loss went down.
        #expect(try session.numbers("net.loss(x, target: y)")[0] < 0.2983711087600027)
    }

    @Test func mazurStepWithBiases() throws {
        let session = Session()
        try session.run(mazurNetwork + "\nlet g = net.backward(x, target: y)\nlet report = net.step(x, target: y, learningRate: 0.5)")
        // The same weights as without biases, and the biases move by −η δ.
        expectClose(try session.numbers("net.weights[2]"),
                    [0.35891647971788465, 0.4086661860762334, 0.5113012702387375, 0.5613701211079891], tolerance: 1e-15)
        let delta2 = try session.numbers("g.delta[2]")
        expectClose(try session.numbers("net.biases[2]"), delta2.map { 0.6 - 0.5 * $0 }, tolerance: 1e-15)
        #expect(try session.printed("report.biasAfter[1] == report.biasBefore[1] + report.biasChange[1]") == "true")
        #expect(try session.printed("report.biasAfter[1] == net.biases[1]") == "true")
    }

    @Test func mazurBackwardPass() throws {
        let session = Session()
        try session.run(mazurNetwork + "\nlet g = net.backward(x, target: y, loss: .squaredError)")
        // δ^2 = (a − y) ⊙ a(1 − a); the post gives ∂C/∂w5 = 0.082167041 and ∂C/∂w1 = 0.000438568.
        expectClose(try session.numbers("g.delta[2]"), Mazur.delta2, tolerance: 1e-14)
        expectClose(try session.numbers("g.delta[1]"), Mazur.delta1, tolerance: 1e-14)
        expectClose(try session.numbers("g.dW[2]"), Mazur.dW2, tolerance: 1e-14)
        expectClose(try session.numbers("g.dW[1]"), Mazur.dW1, tolerance: 1e-14)
        expectClose([Mazur.dW2[0], Mazur.dW1[0]], [0.082167041, 0.000438568], tolerance: 1e-9)
        expectClose([Mazur.loss], [0.2983711087600027], tolerance: 1e-15)
        #expect(try session.printed("g.db[1] == g.delta[1], g.db[2] == g.delta[2]") == "true true")
        expectClose(try session.numbers("g.dW[1]"), try session.numbers("outer(g.delta[1], x)"), tolerance: 1e-15)
        expectClose(try session.numbers("g.loss"), [0.2983711087600027], tolerance: 1e-15)
        #expect(try session.printed("g.layerCount, g.pass.output == net.predict(x)") == "2 true")
        // The lecture's recursion by hand.
        #expect(try session.printed("""
            max(abs((net.weights[2].transposed() * g.delta[2]) * sigmoidPrime(g.pass.z[1]) - g.delta[1])) < 1e-16
            """) == "true")
    }

    @Test func singleSampleGivesVectors() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(2) }
            let pass = net.forward([0.5, -1])
            let g = net.backward([0.5, -1], target: [1, 0])
            """)
        for expression in ["pass.z[1]", "pass.z[2]", "pass.a[0]", "pass.a[1]", "pass.output", "pass.input",
                           "g.delta[1]", "g.delta[2]", "g.db[1]", "net.predict([0.5, -1])"] {
            #expect(try session.value(expression)?.typeName == "Vector", "\(expression)")
        }
        #expect(try session.value("g.dW[1]")?.typeName == "Matrix")
        #expect(try session.printed("pass.z[1].count, pass.z[2].count, g.delta[1].count, g.dW[1].shape") == "3 2 3 [3, 2]")
        #expect(try typeName("", "Network(inputs: 1) { Dense(1) }.forward([1])") == "ForwardPass")
        #expect(try session.value("g")?.typeName == "Gradients")
        #expect(try session.value("pass.z")?.typeName == "LayerList<Vector>")
    }

    @Test func batchGivesMatrices() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(2) }
            let X = [[0.5, -1], [1, 2], [0, 0]]
            let Y = [[1, 0], [0, 1], [1, 1]]
            let pass = net.forward(X)
            let g = net.backward(X, target: Y)
            """)
        #expect(try session.printed("pass.z[1].shape, pass.a[0].shape, pass.output.shape") == "[3, 3] [3, 2] [3, 2]")
        #expect(try session.printed("g.delta[1].shape, g.delta[2].shape, g.dW[1].shape, g.db[1].count") == "[3, 3] [3, 2] [3, 2] 3")
        #expect(try session.value("pass.z[1]")?.typeName == "Matrix")
        #expect(try session.value("g.delta[2]")?.typeName == "Matrix")
        #expect(try session.value("net.predict(X)")?.typeName == "Matrix")
        // Row s of a batch is the single pass of sample s.
        expectClose(try session.numbers("pass.z[1][1]"), try session.numbers("net.forward([1, 2]).z[1]"), tolerance: 1e-15)
        expectClose(try session.numbers("pass.output[2]"), try session.numbers("net.predict([0, 0])"), tolerance: 1e-15)
        // A batch of one is still a batch.
        #expect(try session.value("net.forward([[1, 2]]).z[1]")?.typeName == "Matrix")
    }

    @Test func batchGradientsAreTheMeanOfTheSamples() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1) }
            let both = net.backward([[0.0, 1.0], [1.0, 0.5]], target: [1, 0])
            let first = net.backward([0.0, 1.0], target: [1])
            let second = net.backward([1.0, 0.5], target: [0])
            """)
        expectClose(try session.numbers("both.dW[1]"), try session.numbers("(first.dW[1] + second.dW[1]) / 2"), tolerance: 1e-15)
        expectClose(try session.numbers("both.db[2]"), try session.numbers("(first.db[2] + second.db[2]) / 2"), tolerance: 1e-15)
        expectClose(try session.numbers("both.loss"), try session.numbers("(first.loss + second.loss) / 2"), tolerance: 1e-15)
        expectClose(try session.numbers("both.delta[2][0]"), try session.numbers("first.delta[2]"), tolerance: 1e-15)
        expectClose(try session.numbers("both.delta[1][1]"), try session.numbers("second.delta[1]"), tolerance: 1e-15)
        expectClose(try session.numbers("net.loss([[0.0, 1.0], [1.0, 0.5]], target: [[1], [0]])"),
                    try session.numbers("both.loss"), tolerance: 1e-15)
    }

    @Test func batchStepFollowsTheMeanGradient() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let X = [[0.0, 1.0], [1.0, 0.5], [1, 1]]
            let g = net.backward(X, target: [1, 0, 1])
            let before = net.weights[1]
            let report = net.step(X, target: [1, 0, 1], learningRate: 0.25)
            """)
        #expect(try session.printed("net.weights[1] == before - 0.25 * g.dW[1]") == "true")
        #expect(try session.printed("report.gradients.dW[2] == g.dW[2]") == "true")
        #expect(try session.value("report.gradients.delta[1]")?.typeName == "Matrix")
        #expect(try session.value("report")?.typeName == "StepReport")
    }

    @Test func zeroLearningRateChangesNothing() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            let before = net.weights[1]
            let report = net.step([1, 2], target: [1], learningRate: 0)
            print(net.weights[1] == before, report.after[1] == report.before[1])
            """) == "true true\n")
    }

    @Test func lossesAndAccuracy() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2) { Dense(1) }
            net.weights[1] = [[4.0, 4.0]]
            net.biases[1] = [-2.0]
            """)
        #expect(try session.printed("net.accuracy(on: .or), net.accuracy(on: .and), net.accuracy(on: .xor)") == "1.0 0.5 0.75")
        #expect(try session.printed("net.accuracy(on: Dataset.or) == net.accuracy(on: .or)") == "true")
        // The loss over a dataset is the loss of its matrices.
        #expect(try session.printed("net.loss(on: .or) == net.loss(Dataset.or.inputs, target: Dataset.or.targets)") == "true")
        #expect(try session.printed("""
            net.loss(on: .or, loss: .crossEntropy) == net.loss(Dataset.or.inputs, target: Dataset.or.targets, loss: .crossEntropy)
            """) == "true")
        // Cross-entropy by hand over the four samples of .or.
        let outputs = try session.numbers("net.predict(Dataset.or.inputs)")
        let targets: [Double] = [0, 1, 1, 1]
        let crossEntropy = zip(outputs, targets).map { a, y in -(y * log(a) + (1 - y) * log(1 - a)) }.reduce(0, +) / 4
        expectClose(try session.numbers("net.loss(on: .or, loss: .crossEntropy)"), [crossEntropy], tolerance: 1e-14)
        let squared = zip(outputs, targets).map { a, y in 0.5 * (y - a) * (y - a) }.reduce(0, +) / 4
        expectClose(try session.numbers("net.loss(on: .or)"), [squared], tolerance: 1e-14)
        let mean = zip(outputs, targets).map { a, y in (y - a) * (y - a) }.reduce(0, +) / 4
        expectClose(try session.numbers("net.loss(on: .or, loss: .meanSquaredError)"), [mean], tolerance: 1e-14)
    }

    @Test func flatTargetsAreAColumnForOneOutput() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            let X = [[0, 0], [1, 1], [1, 0]]
            print(net.loss(X, target: [0, 1, 1]) == net.loss(X, target: [[0], [1], [1]]))
            print(net.backward(X, target: [0, 1, 1]).dW[1] == net.backward(X, target: [[0], [1], [1]]).dW[1])
            print(net.loss([1, 0], target: 1) == net.loss([1, 0], target: [1]))
            """) == "true\ntrue\ntrue\n")
    }

    @Test func softmaxWithCategoricalCrossEntropy() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 3) { Dense(4, activation: .tanh); Dense(3, activation: .softmax) }
            let g = net.backward([1, 2], target: [0, 1, 0], loss: .categoricalCrossEntropy)
            """)
        let output = try session.numbers("net.predict([1, 2])")
        expectClose([output.reduce(0, +)], [1], tolerance: 1e-15)
        // δ^L = a − y for softmax with the categorical cross-entropy.
        expectClose(try session.numbers("g.delta[2]"), zip(output, [0.0, 1, 0]).map { $0 - $1 }, tolerance: 1e-15)
        expectClose(try session.numbers("g.loss"), [-log(output[1])], tolerance: 1e-14)
    }

    @Test func everyActivationRuns() throws {
        #expect(try output("""
            let relu = Network(inputs: 1) { Dense(3, activation: .relu) }
            relu.weights[1] = [[1.0], [-1.0], [0.0]]
            let leaky = Network(inputs: 1) { Dense(3, activation: .leakyRelu) }
            leaky.weights[1] = [[1.0], [-1.0], [0.0]]
            let linear = Network(inputs: 1) { Dense(3, activation: .linear) }
            linear.weights[1] = [[1.0], [-1.0], [0.0]]
            let hyperbolic = Network(inputs: 1) { Dense(3, activation: .tanh) }
            hyperbolic.weights[1] = [[1.0], [-1.0], [0.0]]
            print(relu.predict([2.0]), leaky.predict([2.0]), linear.predict([2.0]))
            print(hyperbolic.predict([2.0]) == [tanh(2.0), tanh(-2.0), 0.0])
            print(relu.backward([2.0], target: [1, 1, 1]).delta[1])
            print(leaky.backward([2.0], target: [1, 1, 1]).delta[1])
            """) == """
            [2.0, 0.0, 0.0] [2.0, -0.02, 0.0] [2.0, -2.0, 0.0]
            true
            [1.0, 0.0, 0.0]
            [1.0, -0.0102, -0.01]

            """)
    }
}

// MARK: - Training

@Suite(.serialized) struct LibraryTrainingTests {
    @Test func learnsXor() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 3) {
                Dense(3, activation: .sigmoid)
                Dense(1, activation: .sigmoid)
            }
            let history = net.train(on: .xor, epochs: 3000, learningRate: 2.0, batchSize: 4, loss: .squaredError, optimizer: .sgd)
            """)
        let losses = try session.numbers("history.loss")
        #expect(losses.count == 3000)
        #expect(try session.printed("history.loss.count, history.accuracy.count, history.epochs, history.steps, history.interrupted")
                == "3000 3000 3000 3000 false")
        #expect(try #require(losses.last) < 0.01)
        #expect(try #require(losses.first) > 0.1)
        #expect(try session.printed("history.accuracy.last, net.accuracy(on: .xor)") == "1.0 1.0")
        #expect(try session.numbers("net.predict([1, 0])")[0] > 0.9)
        #expect(try session.numbers("net.predict([1, 1])")[0] < 0.1)
        #expect(try session.value("history")?.typeName == "History")
    }

    @Test func everyLabelAfterOnIsOptional() throws {
        let session = Session()
        try session.run("""
            let data = Dataset.moons(count: 100, noise: 0.1, seed: 1)
            let net = Network(inputs: 2, seed: 2) { Dense(4); Dense(1) }
            let same = net.copy()
            let h = net.train(on: data)
            let k = same.train(on: data, epochs: 1, learningRate: 0.1, batchSize: 32, loss: .squaredError,
                               optimizer: .sgd, l2: 0, shuffle: true, seed: 0)
            """)
        // 100 samples in batches of 32: 4 steps in the one epoch.
        #expect(try session.printed("h.epochs, h.steps, h.loss == k.loss") == "1 4 true")
        #expect(try session.printed("net.weights[1] == same.weights[1], net.biases[2] == same.biases[2]") == "true true")
        // Each label alone.
        for argument in ["epochs: 2", "learningRate: 0.5", "batchSize: 8", "loss: .crossEntropy", "optimizer: .adam",
                         "l2: 0.1", "shuffle: false", "seed: 9"] {
            #expect(session.error("net.train(on: data, \(argument));") == nil, "\(argument)")
        }
    }

    @Test func oneFullBatchEpochOfSgdIsOneStep() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            let same = net.copy()
            let before = net.loss(on: .xor)
            let history = net.train(on: .xor, epochs: 1, learningRate: 0.5, batchSize: 4, shuffle: false)
            same.step(Dataset.xor.inputs, target: Dataset.xor.targets, learningRate: 0.5);
            print(history.loss[0] == before, net.weights[1] == same.weights[1], net.biases[2] == same.biases[2])
            """) == "true true true\n")
    }

    @Test func batchSizeAboveTheCountIsOneFullBatch() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            let h = net.train(on: .xor, epochs: 3, batchSize: 100)
            let g = net.train(on: .xor, epochs: 2, batchSize: 3)
            print(h.steps, g.steps)
            """) == "3 4\n")
    }

    @Test func seedAndShuffleDecideTheOrder() throws {
        #expect(try output("""
            let data = Dataset.moons(count: 40, seed: 5)
            let a = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let b = a.copy()
            let c = a.copy()
            let d = a.copy()
            a.train(on: data, epochs: 2, batchSize: 8, seed: 1);
            b.train(on: data, epochs: 2, batchSize: 8, seed: 1);
            c.train(on: data, epochs: 2, batchSize: 8, seed: 2);
            d.train(on: data, epochs: 2, batchSize: 8, shuffle: false, seed: 1);
            print(a.weights[1] == b.weights[1], a.weights[1] == c.weights[1], a.weights[1] == d.weights[1])
            """) == "true false false\n")
    }

    @Test func l2AddsThePenaltyToTheRecordedLoss() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            var squares = 0.0
            for l in 1...net.layerCount {
                for row in net.weights[l] { squares += dot(row, row) }
            }
            let plain = net.loss(on: .xor)
            let history = net.train(on: .xor, epochs: 1, learningRate: 0, batchSize: 4, l2: 0.5, shuffle: false)
            """)
        expectClose(try session.numbers("history.loss[0]"), try session.numbers("plain + 0.5 / (2 * 4) * squares"), tolerance: 1e-15)
    }

    @Test func zeroEpochsChangesNothing() throws {
        #expect(try output("""
            let net = Network(inputs: 2, seed: 1) { Dense(2); Dense(1) }
            let before = net.weights[1]
            let h = net.train(on: .xor, epochs: 0)
            print(h.epochs, h.steps, h.loss.count, net.weights[1] == before)
            """) == "0 0 0 true\n")
    }

    @Test func optimizersWithDefaultsMatchTheirExplicitCoefficients() throws {
        let session = Session()
        try session.run("let start = Network(inputs: 2, seed: 4) { Dense(3); Dense(1) }")
        try session.run("var net = start.copy()")
        func trained(_ optimizer: String) throws -> String {
            try session.run("net = start.copy()\nnet.train(on: .xor, epochs: 3, learningRate: 0.05, batchSize: 4, optimizer: \(optimizer));")
            return try session.printed("net.weights[1], net.weights[2], net.biases[1]")
        }
        let sgd = try trained(".sgd")
        let momentum = try trained(".momentum(0.9)")
        #expect(try trained(".momentum") == momentum)
        #expect(momentum != sgd)
        #expect(try trained(".momentum(0.5)") != momentum)
        let adam = try trained(".adam(beta1: 0.9, beta2: 0.999)")
        #expect(try trained(".adam") == adam)
        #expect(try trained(".adam(beta1: 0.9)") == adam)
        #expect(try trained(".adam(beta2: 0.999)") == adam)
        #expect(try trained(".adam(beta2: 0.999, beta1: 0.9)") == adam)
        #expect(try trained(".adam(beta1: 0.5)") != adam)
        #expect(try trained(".adam(beta2: 0.9)") != adam)
        #expect(adam != sgd)
        let rmsprop = try trained(".rmsprop(decay: 0.9)")
        #expect(try trained(".rmsprop") == rmsprop)
        #expect(try trained(".rmsprop(decay: 0.5)") != rmsprop)
        #expect(rmsprop != sgd && rmsprop != adam)
    }

    @Test func firstMomentumStepIsAnSgdStep() throws {
        #expect(try output("""
            let a = Network(inputs: 2, seed: 4) { Dense(3); Dense(1) }
            let b = a.copy()
            a.train(on: .xor, epochs: 1, learningRate: 0.3, batchSize: 4, optimizer: .momentum(0.9));
            b.train(on: .xor, epochs: 1, learningRate: 0.3, batchSize: 4, optimizer: .sgd);
            print(a.weights[1] == b.weights[1], a.biases[2] == b.biases[2])
            """) == "true true\n")
    }

    @Test func firstAdamAndRmspropStepsFollowTheirFormulas() throws {
        let session = Session()
        try session.run("""
            let start = Network(inputs: 2, seed: 4) { Dense(3); Dense(1) }
            let g = start.backward(Dataset.xor.inputs, target: Dataset.xor.targets)
            let adam = start.copy()
            adam.train(on: .xor, epochs: 1, learningRate: 0.01, batchSize: 4, optimizer: .adam(beta1: 0.8, beta2: 0.99), shuffle: false);
            let rms = start.copy()
            rms.train(on: .xor, epochs: 1, learningRate: 0.01, batchSize: 4, optimizer: .rmsprop(decay: 0.99), shuffle: false);
            """)
        let gradient = try session.numbers("g.dW[1]")
        let start = try session.numbers("start.weights[1]")
        // Adam's first step: m̂ = g, v̂ = g², so w moves by −η g / (|g| + ε).
        let adam = zip(start, gradient).map { w, g in w - 0.01 * g / (abs(g) + 1e-8) }
        expectClose(try session.numbers("adam.weights[1]"), adam, tolerance: 1e-15)
        // RMSprop's first step: s = (1 − ρ) g², w moves by −η g / (√s + ε).
        let rms = zip(start, gradient).map { w, g in w - 0.01 * g / ((0.01 * g * g).squareRoot() + 1e-8) }
        expectClose(try session.numbers("rms.weights[1]"), rms, tolerance: 1e-14)
    }

    @Test func interruptedTrainingKeepsTheLastFinishedStep() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let start = net.copy()
            """)
        let interrupter = Interrupter(session.interpreter.interruptFlag, after: 0.3)
        let error = session.error("""
            let history = net.train(on: .xor, epochs: 100000000, learningRate: 0.5, batchSize: 4, shuffle: false)
            """)
        interrupter.stop()
        let interrupted = try #require(error)
        #expect(interrupted.name == "Interrupted")
        let message = interrupted.primary.message
        // "interrupted by the user: training stopped: it finished E of 100000000 epochs (S steps); the network keeps …"
        let pattern = /interrupted by the user: training stopped: it finished (\d+) of 100000000 epochs \((\d+) steps?\); the network keeps the weights of its last finished step/
        let match = try #require(message.wholeMatch(of: pattern), "message: \(message)")
        let epochs = try #require(Int(match.1)), steps = try #require(Int(match.2))
        #expect(epochs == steps)
        #expect(epochs > 0)
        #expect(interrupted.primary.lineAndColumn?.line == 1 && interrupted.primary.lineAndColumn?.column == 15)
        #expect(session.global("history") == nil)
        // The weights are those of a network trained for exactly the steps that finished.
        try session.run("start.train(on: .xor, epochs: \(epochs), learningRate: 0.5, batchSize: 4, shuffle: false);")
        #expect(try session.printed("net.weights[1] == start.weights[1], net.weights[2] == start.weights[2]") == "true true")
        #expect(try session.printed("net.biases[1] == start.biases[1], net.biases[2] == start.biases[2]") == "true true")
        // The network trains normally afterwards.
        #expect(try session.printed("net.train(on: .xor, epochs: 2, batchSize: 4).steps") == "2")
    }

    @Test func interruptInsideAnEpochKeepsItsFinishedSteps() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let start = net.copy()
            """)
        let interrupter = Interrupter(session.interpreter.interruptFlag, after: 0.3)
        let error = session.error("net.train(on: .xor, epochs: 100000000, learningRate: 0.5, batchSize: 1, shuffle: false)")
        interrupter.stop()
        let interrupted = try #require(error)
        #expect(interrupted.name == "Interrupted")
        let message = interrupted.primary.message
        let pattern = /interrupted by the user: training stopped: it finished (\d+) of 100000000 epochs(?: and (\d) of 4 steps of epoch (\d+))? \((\d+) steps?\); .*/
        let match = try #require(message.wholeMatch(of: pattern), "message: \(message)")
        let epochs = try #require(Int(match.1))
        let inEpoch = match.2.flatMap { Int($0) } ?? 0
        let steps = try #require(Int(match.4))
        #expect(steps == 4 * epochs + inEpoch)
        if let next = match.3 { #expect(Int(next) == epochs + 1) }
        // Replay: the finished epochs, then the finished steps of the next one, one sample each.
        try session.run("""
            if \(epochs) > 0 { start.train(on: .xor, epochs: \(epochs), learningRate: 0.5, batchSize: 1, shuffle: false); }
            for i in 0..<\(inEpoch) {
                start.step(Dataset.xor.inputs[i], target: Dataset.xor.targets[i], learningRate: 0.5);
            }
            """)
        let replayed = try session.numbers("start.weights[1]") + session.numbers("start.weights[2]") + session.numbers("start.biases[2]")
        let kept = try session.numbers("net.weights[1]") + session.numbers("net.weights[2]") + session.numbers("net.biases[2]")
        expectClose(kept, replayed, tolerance: 1e-13)
    }

    @Test func theStepBudgetStopsTraining() throws {
        var limits = Limits()
        limits.stepBudget = 1000
        let session = Session(limits: limits)
        try session.run("let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }")
        let error = expectError("⟪net.train(on: .xor, epochs: 100000, batchSize: 4)⟫", .resourceError,
                                .contains("step budget exhausted: training stopped: it finished ", " of 100000 epochs"), in: session)
        #expect(error?.primary.message.hasSuffix("; the network keeps the weights of its last finished step") == true)
    }

    @Test func aFlagSetBeforeTheCellDoesNotStopTraining() throws {
        let session = Session()
        try session.run("let net = Network(inputs: 2) { Dense(2); Dense(1) }")
        session.interpreter.interruptFlag.set()
        #expect(try session.printed("net.train(on: .xor, epochs: 5, batchSize: 4).steps") == "5")
    }
}

// MARK: - Datasets

@Suite struct LibraryDatasetTests {
    @Test func truthTables() throws {
        #expect(try output("""
            print(Dataset.xor.count, Dataset.xor.inputs, Dataset.xor.targets)
            print(Dataset.and.targets, Dataset.or.targets)
            let net = Network(inputs: 2) { Dense(1) }
            print(net.accuracy(on: .xor) == net.accuracy(on: Dataset.xor))
            """) == """
            4 [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] [[0.0], [1.0], [1.0], [0.0]]
            [[0.0], [0.0], [0.0], [1.0]] [[0.0], [1.0], [1.0], [1.0]]
            true

            """)
        #expect(try typeName("", "Dataset.xor") == "Dataset")
    }

    @Test func ownSamples() throws {
        #expect(try output("""
            let d = Dataset(inputs: [[0, 0], [1, 1], [1, 0]], targets: [[0], [1], [1]])
            print(d.count, d.inputs, d.targets)
            let flat = Dataset(inputs: [[0, 0], [1, 1], [1, 0]], targets: [0, 1, 1])
            print(flat.targets, flat.targets.shape, flat.targets == d.targets)
            let classes = Dataset(inputs: [[0.5], [1.5]], targets: [[1, 0, 0], [0, 0, 1]])
            print(classes.inputs.shape, classes.targets.shape)
            let one = Dataset(inputs: [[2, 3]], targets: [1])
            print(one.count, one.targets.shape)
            """) == """
            3 [[0.0, 0.0], [1.0, 1.0], [1.0, 0.0]] [[0.0], [1.0], [1.0]]
            [[0.0], [1.0], [1.0]] [3, 1] true
            [2, 1] [2, 3]
            1 [1, 1]

            """)
    }

    @Test func trainingOnOwnSamples() throws {
        #expect(try output("""
            let data = Dataset(inputs: [[0, 0], [0, 1], [1, 0], [1, 1]], targets: [0, 1, 1, 1])
            let net = Network(inputs: 2, seed: 1) { Dense(1) }
            net.train(on: data, epochs: 500, learningRate: 2, batchSize: 4);
            print(net.accuracy(on: data), net.accuracy(on: .or))
            """) == "1.0 1.0\n")
    }

    @Test func mismatchedRowsAreAShapeError() {
        expectError("let d = ⟪Dataset(inputs: [[0, 0], [1, 1], [1, 0]], targets: [[0], [1]])⟫", .shapeError,
                    "inputs are 3×2 but targets are 2×1: they need one row per sample each")
        expectError("let d = ⟪Dataset(inputs: [[0, 0], [1, 1]], targets: [0, 1, 1])⟫", .shapeError,
                    "inputs are 2×2 but targets are 1×3: they need one row per sample each")
    }

    @Test func generators() throws {
        let session = Session()
        try session.run("""
            let moons = Dataset.moons(count: 100, noise: 0.1, seed: 1)
            let circles = Dataset.circles(count: 50, noise: 0.05, seed: 2)
            let spiral = Dataset.spiral(classes: 3, count: 10, seed: 3)
            let blobs = Dataset.blobs(centers: 4, count: 5, seed: 4)
            """)
        #expect(try session.printed("moons.count, moons.inputs.shape, moons.targets.shape") == "100 [100, 2] [100, 1]")
        #expect(try session.printed("circles.count, circles.targets.shape") == "50 [50, 1]")
        #expect(try session.printed("spiral.count, spiral.targets.shape, spiral.targets[0]") == "30 [30, 3] [1.0, 0.0, 0.0]")
        #expect(try session.printed("blobs.count, blobs.targets.shape") == "20 [20, 4]")
        // Binary targets are 0 and 1, half of each.
        let targets = try session.numbers("moons.targets")
        #expect(targets.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(targets.filter { $0 == 1 }.count == 50)
        // Seeds reproduce; different seeds differ; defaults.
        #expect(try session.printed("""
            Dataset.moons(count: 100, noise: 0.1, seed: 1).inputs == moons.inputs, Dataset.moons(count: 100, noise: 0.1, seed: 2).inputs == moons.inputs
            """) == "true false")
        #expect(try session.printed("Dataset.moons().count, Dataset.circles().count, Dataset.spiral().count, Dataset.blobs().count")
                == "200 200 300 300")
        #expect(try session.printed("Dataset.moons(count: 100, seed: 1).inputs == moons.inputs") == "true")
        #expect(try session.printed("Dataset.moons(count: 10, noise: 0).count") == "10")
    }

    @Test func split() throws {
        let session = Session()
        try session.run("""
            let data = Dataset.moons(count: 100, noise: 0.1, seed: 1)
            let parts = data.split(0.8, seed: 1)
            """)
        #expect(try session.printed("parts.train.count, parts.test.count") == "80 20")
        #expect(try session.printed("parts.train.inputs.shape, parts.test.targets.shape") == "[80, 2] [20, 1]")
        #expect(try session.value("parts")?.typeName == "DatasetSplit")
        #expect(try session.value("parts.train")?.typeName == "Dataset")
        #expect(try session.printed("data.split(0.8, seed: 1).train.inputs == parts.train.inputs") == "true")
        #expect(try session.printed("data.split(0.8, seed: 2).train.inputs == parts.train.inputs") == "false")
        #expect(try session.printed("data.split(0.8).train.inputs == data.split(0.8, seed: 0).train.inputs") == "true")
        #expect(try session.printed("Dataset.xor.split(0.5).train.count") == "2")
        // Every sample lands in exactly one part.
        let all = try session.numbers("data.inputs")
        let parts = try session.numbers("parts.train.inputs") + session.numbers("parts.test.inputs")
        #expect(all.sorted() == parts.sorted())
    }

    @Test func csvFiles() throws {
        let numbers = try TemporaryFile("data.csv", contents: "x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n")
        defer { numbers.remove() }
        let labels = try TemporaryFile("labels.csv", contents: "a, b ,species\r\n1,2,cat\r\n3,\"4\",dog\r\n5,6,cat\r\n\r\n")
        defer { labels.remove() }
        let several = try TemporaryFile("several.csv", contents: "y1,x,y2\n1,10,2\n3,20,4\n")
        defer { several.remove() }
        #expect(try output("""
            let d = Dataset.csv("\(numbers.path)", targets: ["label"])
            print(d.count, d.inputs, d.targets)
            print(d.inputs == Dataset.xor.inputs, d.targets == Dataset.xor.targets)
            let l = Dataset.csv("\(labels.path)", targets: ["species"])
            print(l.inputs, l.targets)
            let s = Dataset.csv("\(several.path)", targets: ["y2", "y1"])
            print(s.inputs, s.targets)
            """) == """
            4 [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]] [[0.0], [1.0], [1.0], [0.0]]
            true true
            [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]] [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
            [[10.0], [20.0]] [[2.0, 1.0], [4.0, 3.0]]

            """)
    }

    @Test func csvThroughASymbolicLink() throws {
        let file = try TemporaryFile("data.csv", contents: "x,y\n1,0\n2,1\n")
        defer { file.remove() }
        let link = file.path + ".link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file.path)
        #expect(try output("print(Dataset.csv(\"\(link)\", targets: [\"y\"]).inputs)") == "[[1.0], [2.0]]\n")
    }

    @Test func csvErrors() throws {
        let bad = try TemporaryFile("bad.csv", contents: "x1,x2,label\n0,0,0\n0,abc,1\n")
        defer { bad.remove() }
        let ragged = try TemporaryFile("ragged.csv", contents: "x1,x2,label\n0,0,0\n0,1\n")
        defer { ragged.remove() }
        let missing = bad.path + ".missing"
        expectError("let d = Dataset.csv(⟪\"\(missing)\"⟫, targets: [\"label\"])", .valueError,
                    .exactly("cannot read '\(missing)': No such file or directory"))
        expectError("let d = ⟪Dataset.csv(\"\(bad.path)\", targets: [\"label\"])⟫", .valueError,
                    .exactly("\(bad.path): line 3, column \"x2\": \"abc\" is not a number"))
        expectError("let d = ⟪Dataset.csv(\"\(ragged.path)\", targets: [\"label\"])⟫", .valueError,
                    .exactly("\(ragged.path): line 3 has 2 fields but the header has 3"))
        expectError("let d = ⟪Dataset.csv(\"\(bad.path)\", targets: [\"lable\"])⟫", .valueError,
                    .exactly("\(bad.path): no column named \"lable\"; the columns are x1, x2, label"))
        let directory = (bad.path as NSString).deletingLastPathComponent
        expectError("let d = Dataset.csv(⟪\"\(directory)\"⟫, targets: [\"label\"])", .valueError,
                    .exactly("cannot read '\(directory)': it is a directory"))
        expectError("let d = Dataset.csv(⟪\"/dev/null\"⟫, targets: [\"label\"])", .valueError,
                    "cannot read '/dev/null': it is not a regular file")
        expectError("let d = Dataset.csv(\"\(bad.path)\", targets: ⟪[1]⟫)", .typeError,
                    "targets: takes the names of the target columns, as [String]")
        expectError("let d = Dataset.csv(⟪3⟫, targets: [\"label\"])", .typeError,
                    "the path must be a String, found a value of type 'Int'")
    }
}

// MARK: - Gradient check, explanations, plots

@Suite struct LibraryGradientCheckTests {
    @Test func sigmoidNetworkPasses() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .sigmoid); Dense(2, activation: .sigmoid) }
            let check = gradientCheck(net, [0.05, 0.10], target: [0.01, 0.99], loss: .squaredError)
            """)
        #expect(try session.numbers("check.maxRelativeError")[0] < 1e-7)
        #expect(try session.printed("check.passed, check.count, check.threshold") == "true 17 1e-06")
        #expect(try session.value("check")?.typeName == "GradientCheck")
    }

    @Test func batchesLossesAndEpsilon() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1, activation: .sigmoid) }
            let before = net.weights[1]
            let a = gradientCheck(net, [[0.05, 0.10], [1, -2]], target: [0, 1], loss: .crossEntropy, epsilon: 1e-6)
            let b = gradientCheck(net, [0.05, 0.10], target: [1])
            let c = gradientCheck(net, [0.05, 0.10], target: [1], loss: .meanSquaredError)
            """)
        #expect(try session.printed("a.passed, b.passed, c.passed, a.count") == "true true true 13")
        #expect(try session.numbers("a.maxRelativeError")[0] < 1e-7)
        // The check changes nothing.
        #expect(try session.printed("net.weights[1] == before") == "true")
    }

    @Test func reluUsesTheLooserThreshold() throws {
        #expect(try output("""
            let relu = Network(inputs: 2, seed: 3) { Dense(4, activation: .relu); Dense(1, activation: .linear) }
            let check = gradientCheck(relu, [[0.5, -1.0], [1.0, 2.0]], target: [2.0, 1.0], epsilon: 1e-6)
            print(check.count, check.threshold, check.passed)
            """) == "17 0.0001 true\n")
    }

    @Test func zeroEpsilonIsAValueError() {
        expectError("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let check = ⟪gradientCheck(net, [0.05, 0.10], target: [0.01], loss: .squaredError, epsilon: 0)⟫
            """, .valueError, "epsilon must be a positive finite number, got 0.0")
        expectError("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let check = ⟪gradientCheck(net, [0.05, 0.10], target: [0.01], epsilon: -1e-5)⟫
            """, .valueError, "epsilon must be a positive finite number, got -1e-05")
    }

    @Test func interruptStopsTheCheck() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 200, seed: 1) { Dense(200); Dense(200); Dense(10) }
            let x = Matrix.random(rows: 64, columns: 200, seed: 2)
            let y = Matrix(rows: 64, columns: 10, repeating: 0.5)
            """)
        let interrupter = Interrupter(session.interpreter.interruptFlag, after: 0.3)
        let error = session.error("let check = gradientCheck(net, x, target: y)")
        interrupter.stop()
        let interrupted = try #require(error)
        #expect(interrupted.name == "Interrupted")
        #expect(interrupted.primary.message.wholeMatch(of: /interrupted by the user: gradientCheck stopped after \d+ of 82410 parameters/) != nil,
                "\(interrupted.primary.message)")
        #expect(session.global("check") == nil)
    }
}

@Suite struct LibraryExplanationTests {
    private func explanation(_ session: Session, _ expression: String) throws -> Explanation? {
        guard case .explanation(let explanation) = try session.object(expression).kind else { return nil }
        return explanation
    }

    @Test func explainAWeightAndABias() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let g = net.backward([0.05, 0.10], target: [0.01])
            """)
        let weight = try #require(try explanation(session, "g.explain(layer: 1, k: 0, j: 1)"))
        #expect(weight.layer == 1 && weight.k == 0 && weight.j == 1 && weight.single)
        let bias = try #require(try explanation(session, "g.explain(layer: 2, k: 0)"))
        #expect(bias.layer == 2 && bias.k == 0 && bias.j == nil)
        #expect(try session.value("g.explain(layer: 1, k: 2, j: 0)")?.typeName == "Explanation")
        let batch = try #require(try explanation(session, "net.backward([[0.05, 0.10], [1, 1]], target: [0, 1]).explain(layer: 2, k: 0, j: 2)"))
        #expect(!batch.single)
    }

    @Test func outOfRangeNodesAndLayers() {
        let setup = "let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }\nlet g = net.backward([0.05, 0.10], target: [0.01])\n"
        expectError(setup + "g.explain(layer: 1, k: ⟪3⟫, j: 1)", .valueError, "k = 3 is not a node of layer 1, whose nodes are k = 0…2")
        expectError(setup + "g.explain(layer: 1, k: ⟪-1⟫, j: 1)", .valueError, "k = -1 is not a node of layer 1, whose nodes are k = 0…2")
        expectError(setup + "g.explain(layer: 1, k: 0, j: ⟪2⟫)", .valueError, "j = 2 is not a node of layer 0, whose nodes are j = 0…1")
        expectError(setup + "g.explain(layer: 2, k: 0, j: ⟪3⟫)", .valueError, "j = 3 is not a node of layer 1, whose nodes are j = 0…2")
        expectError(setup + "g.explain(layer: 2, k: ⟪1⟫)", .valueError, "k = 1 is not a node of layer 2, whose nodes are k = 0…0")
        expectError(setup + "g.explain(layer: ⟪3⟫, k: 0, j: 0)", .valueError,
                    "layer 3 does not exist: the layers with weights are 1…2")
        expectError(setup + "g.explain(layer: ⟪0⟫, k: 0, j: 0)", .valueError,
                    "layer 0 is the input layer, which has no weights: explain layers 1…2")
        expectError(setup + "g.explain(⟪1⟫, 0, 0)", .typeError, .contains("wrong argument in call to explain", "expected 'layer:'"))
        expectError(setup + "⟪g.explain(layer: 1)⟫", .typeError, .contains("missing argument 'k:' in call to explain"))
    }
}

@Suite struct LibraryPlotTests {
    private func plot(_ session: Session, _ expression: String) throws -> Plot? {
        guard case .plot(let plot) = try session.object(expression).kind else { return nil }
        return plot
    }

    @Test func plotsAreValues() throws {
        let session = Session()
        try session.run("""
            let net = Network(inputs: 2, seed: 3) { Dense(3); Dense(1) }
            let history = net.train(on: .xor, epochs: 10, learningRate: 2, batchSize: 4)
            let moons = Dataset.moons(count: 20, seed: 1)
            let classes = Network(inputs: 2) { Dense(3, activation: .softmax) }
            """)
        guard case .history(let history, let logScale)? = try plot(session, "plot(history)") else {
            Issue.record("plot(history) is not a history plot")
            return
        }
        #expect(history.loss.count == 10 && !logScale)
        guard case .history(_, let log)? = try plot(session, "plot(history, logScale: true)") else {
            Issue.record("plot(history, logScale: true) is not a history plot")
            return
        }
        #expect(log)
        #expect(session.error("plot(history, logScale: 1)")?.primary.kind == .typeError)
        #expect(session.error("plot(history, log: true)") != nil)
        guard case .decisionBoundary(let network, let data)? = try plot(session, "decisionBoundary(net, .xor)") else {
            Issue.record("decisionBoundary is not a decision-boundary plot")
            return
        }
        #expect(network.sizes == [2, 3, 1] && data == Dataset.xor)
        guard case .decisionBoundary(_, let moons)? = try plot(session, "decisionBoundary(net, moons)") else {
            Issue.record("decisionBoundary(net, moons) is not a decision-boundary plot")
            return
        }
        #expect(moons.count == 20)
        guard case .diagram(let drawn, let none)? = try plot(session, "net.diagram()") else {
            Issue.record("net.diagram() is not a diagram")
            return
        }
        #expect(drawn.sizes == [2, 3, 1] && none == nil)
        // One sample's deltas in the nodes: layer 0 has none.
        try session.run("let g = net.backward([1.0, 0.0], target: [1.0])\nlet p = net.forward([1.0, 0.0])")
        guard case .diagram(_, let deltas?)? = try plot(session, "net.diagram(values: g.delta)") else {
            Issue.record("net.diagram(values:) has no values")
            return
        }
        #expect(deltas.symbol == "δ" && deltas.layers.map(\.count) == [0, 3, 1])
        #expect(try session.run("g.delta[2][0]") == ValueFormatter.plainText(.double(deltas.layers[2][0])))
        guard case .diagram(_, let activations?)? = try plot(session, "net.diagram(values: p.a)") else {
            Issue.record("net.diagram(values: p.a) has no values")
            return
        }
        #expect(activations.symbol == "a" && activations.layers[0] == [1.0, 0.0] && activations.layers.map(\.count) == [2, 3, 1])
        #expect(try session.value("decisionBoundary(classes, Dataset.spiral(classes: 3, count: 5))")?.typeName == "Plot")
        for expression in ["plot(history)", "decisionBoundary(net, .xor)", "net.diagram()"] {
            #expect(try session.value(expression)?.typeName == "Plot")
        }
    }

    @Test func plotErrors() {
        let setup = "let net = Network(inputs: 3, seed: 1) { Dense(3); Dense(1) }\nlet two = Network(inputs: 2) { Dense(2) }\n"
        expectError("plot(⟪3⟫)", .typeError, "plot takes the History that net.train(…) returns, found a value of type 'Int'")
        expectError(setup + "decisionBoundary(⟪net⟫, .xor)", .valueError,
                    "decisionBoundary draws the plane of 2 inputs, but this network takes 3")
        expectError(setup + "decisionBoundary(two, ⟪.xor⟫)", .shapeError,
                    "the data has 2 inputs and 1 target per sample, but the network takes 2 and gives 2")
        expectError(setup + "decisionBoundary(⟪3⟫, .xor)", .typeError, "expected a Network, found a value of type 'Int'")
        expectError(setup + "decisionBoundary(two, ⟪3⟫)", .typeError,
                    "expected a Dataset (or .xor, .and, .or), found a value of type 'Int'")
        expectError(setup + "⟪decisionBoundary(two)⟫", .typeError, .contains("missing argument in call to decisionBoundary"))
        expectError(setup + "net.diagram(⟪1⟫)", .typeError, .contains("call to diagram"))
        expectError(setup + "net.diagram(values: ⟪3⟫)", .typeError, .contains("diagram values must be a list of one sample's vectors per layer"))
        expectError(setup + "net.diagram(values: ⟪net.forward(Matrix([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])).a⟫)", .typeError,
                    .contains("diagram values must be a list of one sample's vectors"))
        expectError(setup + "net.diagram(values: ⟪two.forward([1.0, 0.0]).a⟫)", .shapeError,
                    "a[0] has 2 values, but layer 0 of the network has 3 nodes")
    }
}

// MARK: - Saving and loading

@Suite struct LibraryFileTests {
    @Test func saveAndLoadIsExact() throws {
        let file = try TemporaryFile("net.json")
        defer { file.remove() }
        let session = Session()
        try session.run("""
            let net = Network(inputs: 3, seed: 5) { Dense(4, activation: .tanh); Dense(3, activation: .relu, useBias: false); Dense(2, activation: .softmax) }
            net.biases[1] = [0.1, -0.2, 1e-300, 3.5e-05]
            net.train(on: Dataset(inputs: [[1, 2, 3], [0, 1, 0]], targets: [[1, 0], [0, 1]]), epochs: 3, learningRate: 0.1);
            net.save(to: "\(file.path)")
            let back = Network.load("\(file.path)")
            let X = [[0.3, 0.7, -1], [1, -2, 0.5], [100, 0, -3]]
            """)
        #expect(try session.printed("back.sizes, back.parameterCount") == session.printed("net.sizes, net.parameterCount"))
        #expect(try session.printed("back.predict(X)") == session.printed("net.predict(X)"))
        #expect(try session.printed("back.forward(X).z[2]") == session.printed("net.forward(X).z[2]"))
        for l in 1...3 {
            #expect(try session.printed("back.weights[\(l)]") == session.printed("net.weights[\(l)]"))
            #expect(try session.printed("back.biases[\(l)]") == session.printed("net.biases[\(l)]"))
        }
        // The loaded network is independent of the saved one and of the file.
        try session.run("back.weights[1][0][0] = 42")
        #expect(try session.printed("net.weights[1][0][0] == 42") == "false")
        // Useful activations and biases came back too: a relu layer without biases keeps them 0 under training.
        try session.run("back.train(on: Dataset(inputs: [[1, 2, 3]], targets: [[1, 0]]), epochs: 2);")
        #expect(try session.printed("back.biases[2]") == "[0.0, 0.0, 0.0]")
        #expect(try session.run("net.save(to: \"\(file.path)\")") == nil)
    }

    @Test func savedFileIsTheDocumentedJSON() throws {
        let file = try TemporaryFile("net.json")
        defer { file.remove() }
        try Session().run("""
            let net = Network(inputs: 2) { Dense(1, activation: .linear) }
            net.weights[1] = [[0.15, 0.2]]
            net.biases[1] = [0.35]
            net.save(to: "\(file.path)")
            """)
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(text.contains("\"format\": \"backprop-network\""))
        #expect(text.contains("0.15") && text.contains("0.2") && text.contains("0.35"))
        #expect(text.contains("\"linear\""))
    }

    @Test func loadErrors() throws {
        let notNetwork = try TemporaryFile("other.json", contents: "{\"a\": 1}\n")
        defer { notNetwork.remove() }
        let notJSON = try TemporaryFile("notes.txt", contents: "x1,x2\n1,2\n")
        defer { notJSON.remove() }
        let wrongShape = try TemporaryFile("shape.json", contents: """
            {"format": "backprop-network", "version": 1, "inputs": 2,
             "layers": [{"units": 1, "activation": "sigmoid", "useBias": true, "weights": [[1, 2, 3]], "biases": [0]}]}
            """)
        defer { wrongShape.remove() }
        let missing = notNetwork.path + ".missing"
        expectError("let net = ⟪Network.load(\"\(missing)\")⟫", .valueError, .exactly("cannot read '\(missing)': No such file or directory"))
        expectError("let net = ⟪Network.load(\"\(notNetwork.path)\")⟫", .valueError,
                    .exactly("cannot load '\(notNetwork.path)': not a saved network: the \"format\" field must be \"backprop-network\""))
        expectError("let net = ⟪Network.load(\"\(notJSON.path)\")⟫", .valueError,
                    .contains("cannot load '\(notJSON.path)': ", "line 1"))
        expectError("let net = ⟪Network.load(\"\(wrongShape.path)\")⟫", .valueError,
                    .contains("cannot load '\(wrongShape.path)': ", "1×2", "1×3"))
        expectError("let net = Network.load(⟪1⟫)", .typeError, "the path must be a String, found a value of type 'Int'")
        expectError("let net = ⟪Network.load()⟫", .typeError, .contains("Network.load"))
    }

    @Test func saveErrors() throws {
        let file = try TemporaryFile("net.json")
        defer { file.remove() }
        let directory = (file.path as NSString).deletingLastPathComponent
        let setup = "let net = Network(inputs: 2) { Dense(1) }\n"
        expectError(setup + "net.save(to: ⟪\"\(directory)/no/such/dir/x.json\"⟫)", .valueError,
                    .exactly("cannot write '\(directory)/no/such/dir/x.json': No such file or directory"))
        expectError(setup + "net.save(to: ⟪\"\(directory)\"⟫)", .valueError, .exactly("cannot write '\(directory)': Is a directory"))
        expectError(setup + "net.weights[1][0][1] = 0.0 / 0.0\n⟪net.save(to: \"\(file.path)\")⟫", .valueError,
                    "cannot save the network: weights[1] holds nan or infinity, which a saved network cannot store (did training diverge? try a smaller learning rate)")
        expectError(setup + "net.biases[1] = [1.0 / 0.0]\n⟪net.save(to: \"\(file.path)\")⟫", .valueError,
                    .contains("cannot save the network: biases[1] holds nan or infinity"))
        expectError(setup + "net.save(⟪\"\(file.path)\"⟫)", .typeError, .contains("wrong argument in call to save", "expected 'to:'"))
        expectError(setup + "net.save(to: ⟪1⟫)", .typeError, "the path must be a String, found a value of type 'Int'")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}

/// Library types in annotations: functions can take and return networks, gradients, datasets.
@Suite struct LibraryAnnotationTests {
    @Test func libraryTypesAnnotateParametersAndResults() throws {
        let session = Session()
        try session.run("""
            func outputSize(_ net: Network) -> Int { return net.sizes[net.layerCount] }
            func lossOf(_ g: Gradients) -> Double { return g.loss }
            let net: Network = Network(inputs: 2) { Dense(3); Dense(2) }
            let g = net.backward([0.05, 0.1], target: [0.01, 0.99], loss: .squaredError)
            """)
        #expect(try session.printed("outputSize(net)") == "2")
        #expect(try session.printed("lossOf(g) == g.loss") == "true")
        try session.run("let data: Dataset = Dataset.xor")
        #expect(try session.printed("data.count") == "4")
        try session.run("let implicit: Dataset = .and")
        #expect(try session.printed("implicit.targets") == "[[0.0], [0.0], [0.0], [1.0]]")
    }

    @Test func aValueOfAnotherTypeIsATypeError() {
        expectError("func f(_ net: Network) -> Int { return 1 }\nf(⟪Dataset.xor⟫)", .typeError, .contains("'Dataset' as 'Network'"))
    }
}
