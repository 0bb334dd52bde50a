import BackpropLanguage
import NeuralNet
import Testing

/// Entries read out of per-layer lists keep the lecture's name for displays (W^1, z^2 of a
/// batch), and lose it as soon as they are a different value.
@Suite struct NotationTests {
    private let setUp = """
        let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
        net.weights[1] = [[0.15, 0.2], [0.25, 0.3], [0.1, -0.1]]
        """

    @Test func weightsAndBiasesAreTitledWithTheirSymbolAndLayer() throws {
        let session = Session()
        try session.run(setUp)
        #expect(try session.run("net.weights[1]") == """
            W^1 3×2
                   j = 0  j = 1
            k = 0   0.15    0.2
            k = 1   0.25    0.3
            k = 2    0.1   -0.1
            """)
        #expect(try session.run("net.biases[2]") == "b^2 (1)\nk = 0  0.0")
        // A copy in a variable is still W^1.
        #expect(try session.run("let w = net.weights[1]\nw")?.hasPrefix("W^1 3×2\n") == true)
    }

    @Test func tracesOfABatchReadRowsBySample() throws {
        let session = Session()
        try session.run(setUp + "\nlet p = net.forward(Matrix([[1.0, 0.0], [0.0, 1.0]]))")
        let z = try #require(try session.run("p.z[1]"))
        #expect(z.hasPrefix("z^1 2×3\n") && z.contains("s = 1") && z.contains("k = 2"))
        let delta = try #require(try session.run("net.backward([1.0, 0.0], target: [1.0]).delta[1]"))
        #expect(delta.hasPrefix("δ^1 (3)\nk = 0"))
        let gradient = try #require(try session.run("net.backward([1.0, 0.0], target: [1.0]).dW[2]"))
        #expect(gradient.hasPrefix("∂C/∂W^2 1×3\n") && gradient.contains("j = 2"))
    }

    @Test func newAndEditedValuesAreUntitledButEqualityIgnoresTitles() throws {
        let session = Session()
        try session.run(setUp)
        #expect(try session.run("net.weights[1] * 2")?.hasPrefix("Matrix 3×2\n") == true)
        #expect(try session.run("net.weights[1].transposed()")?.hasPrefix("Matrix 2×3\n") == true)
        #expect(try session.run("var e = net.weights[1]\ne[0][0] = 5\ne")?.hasPrefix("Matrix 3×2\n") == true)
        #expect(try session.run("var b = net.biases[1]\nb[0] = 5\nb")?.hasPrefix("Vector (3)\n") == true)
        #expect(try session.run("net.weights[1] == Matrix([[0.15, 0.2], [0.25, 0.3], [0.1, -0.1]])") == "true")
        // print never shows titles.
        #expect(try output("let net = Network(inputs: 1, seed: 1) { Dense(1) }\nnet.biases[1] = [0.5]\nprint(net.biases[1])") == "[0.5]\n")
    }

    @Test func notationIsNotPartOfTheValue() throws {
        var a = try Matrix(rows: 1, columns: 2, elements: [1, 2])
        let b = a
        a.notation = Notation(name: "W^1")
        #expect(a == b)
        var v = Vector([1, 2])
        let u = v
        v.notation = Notation(name: "b^1", columnIndex: "")
        #expect(v == u)
        #expect(Notation(name: "W^2") == Notation(name: "W^2", rowIndex: "k", columnIndex: "j"))
    }
}
