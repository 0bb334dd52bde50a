import BackpropLanguage
import JupyterKernel
import Testing

@testable import BackpropKernel

/// What inspect_request shows for builtins, variables, members and options.
@Suite struct InspectionTests {
    private func kernel(_ setup: String) -> BackpropKernel {
        let kernel = BackpropKernel()
        if case .error(let report) = kernel.run(cell: setup, executionCount: 1, sink: RecordingSink()) {
            Issue.record("setup failed: \(report.evalue)")
        }
        return kernel
    }

    private func text(_ inspection: Inspection) -> String? {
        inspection.bundle?["text/plain"]?.string
    }

    @Test func aBuiltinShowsItsSignatureAndDoc() {
        let kernel = BackpropKernel()
        let inspection = kernel.inspect(code: "Dense(3)", cursor: 2, detailLevel: 0)
        let signature = "Dense(_ units: Int, activation: Activation = .sigmoid, useBias: Bool = true)"
        let doc = "A fully connected layer of `units` nodes for a Network block; biases start at 0."
        #expect(text(inspection) == signature + "\n\n" + doc)
        #expect(inspection.bundle?["text/markdown"]?.string == "```swift\n" + signature + "\n```\n\n" + doc)
        // At the end of the name, and inside the argument list.
        #expect(text(kernel.inspect(code: "Dense", cursor: 5, detailLevel: 0)) == signature + "\n\n" + doc)
        #expect(text(kernel.inspect(code: "Dense(3, ", cursor: 9, detailLevel: 0)) == signature + "\n\n" + doc)
        #expect(text(kernel.inspect(code: "Dense(3, activation: .relu)", cursor: 12, detailLevel: 0)) == signature + "\n\n" + doc)
        #expect(text(kernel.inspect(code: "Network", cursor: 0, detailLevel: 0))?.hasSuffix("Static members: Network.load") == true)
    }

    @Test func aVariableShowsItsTypeAndValue() {
        let kernel = kernel("let learningRate = 0.5\nlet w = [[1.0, 2.0], [3.0, 4.0]]\nfunc twice(_ x: Double) -> Double { 2 * x }")
        #expect(text(kernel.inspect(code: "learningRate", cursor: 4, detailLevel: 0)) == "learningRate: Double\n\n0.5")
        #expect(text(kernel.inspect(code: "w", cursor: 1, detailLevel: 0)) == "w: [[Double]]\n\n" + ValueFormatter.plainText(.array([
            .array([.double(1), .double(2)]), .array([.double(3), .double(4)]),
        ])))
        #expect(text(kernel.inspect(code: "print(twice(1))", cursor: 8, detailLevel: 0)) == "twice: (Double) -> Double\n\nfunc twice(_ x: Double) -> Double")
    }

    @Test func longValuesAreCutToTwentyLines() throws {
        let kernel = kernel("let big = Matrix(rows: 30, columns: 2, repeating: 1)")
        let short = try #require(text(kernel.inspect(code: "big", cursor: 0, detailLevel: 0)))
        let lines = short.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 23)
        #expect(lines.last?.hasPrefix("… (") == true && lines.last?.hasSuffix(" more lines)") == true)
        let long = try #require(text(kernel.inspect(code: "big", cursor: 0, detailLevel: 1)))
        #expect(!long.contains("more lines)"))
    }

    @Test func membersShowTheirSignatureOrValue() {
        let kernel = kernel("let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }")
        #expect(text(kernel.inspect(code: "net.forward([1, 2])", cursor: 6, detailLevel: 0)) ==
            "net.forward(_ x: Vector | Matrix) -> ForwardPass\n\nRuns x forward, keeping z^l and a^l of every layer.")
        #expect(text(kernel.inspect(code: "net.sizes", cursor: 9, detailLevel: 0)) ==
            "net.sizes: [Int]\n\n[n_0, n_1, …, n_L], the nodes of every layer.\n\n[2, 3, 1]")
        #expect(text(kernel.inspect(code: "Dataset.moons(count: 10)", cursor: 10, detailLevel: 0)) ==
            "Dataset.moons(count: Int = 200, noise: Double = 0.1, seed: Int = 0) -> Dataset\n\nTwo interleaving half circles (binary targets [0]/[1]).")
        #expect(text(kernel.inspect(code: "Int.max", cursor: 5, detailLevel: 0)) == "Int.max: Int\n\n9223372036854775807")
        #expect(text(kernel.inspect(code: "Dense(3, activation: .relu)", cursor: 24, detailLevel: 0)) ==
            ".relu\n\nActivation max(0, z); relu'(0) = 0.")
    }

    @Test func nothingFound() {
        let kernel = BackpropKernel()
        for (code, cursor) in [("", 0), ("let", 1), ("notBound", 3), ("1 + 2", 2), ("print(\"Dense\")", 9), ("f(x).count", 6)] {
            #expect(kernel.inspect(code: code, cursor: cursor, detailLevel: 0) == Inspection(nil), "\(code)")
        }
    }
}
