import BackpropLanguage
import JupyterKernel
import Testing

@testable import BackpropKernel

/// Completion, inspection and is_complete see half-typed code at every cursor position: they
/// must never trap, and their ranges must stay inside the code.
@Suite struct IntrospectionFuzzTests {
    static let seeds = [
        "let net = Network(inputs: 2, seed: 1) { Dense(3, activation: .tanh); Dense(1) }\nlet g = net.backward([1, 2], target: [1])\ng.delta[1]",
        "func f(x: Double, y: Int = 2) -> Double {\n    return x * Double(y)\n}\nf(x: 1.5, y: 3)",
        "var s = \"é😀 \\(1 + 2) \"\"\"\nfor i in 0..<3 { s += String(i) }\n/* comment */ print(s, to: .standardError)",
        "let m: Matrix = [[1, 2], [3, 4]]\nm.transposed()[0, 1] + m.rowCount\nDataset.moons(count: 10).split(",
        "net.train(on: .xor, epochs: 2, optimizer: .adam(beta1: 0.9), loss: .",
    ]

    @Test func randomEditsAndEveryCursorNeverTrap() {
        let kernel = BackpropKernel()
        _ = kernel.run(cell: "let net = Network(inputs: 2) { Dense(3); Dense(1) }\nlet data = Dataset.xor\nvar count = 3", executionCount: 1, sink: RecordingSink())
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcnet.()[]{}\"\\:,;=+-*/<>!&|?0123456789 \n\té😀_$`'#")
        var checked = 0
        for seed in Self.seeds {
            for round in 0..<40 {
                var characters = Array(seed)
                // A few random insertions, deletions and truncations.
                for _ in 0..<(round % 5) {
                    let position = Int.random(in: 0...characters.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: characters.insert(alphabet.randomElement(using: &generator) ?? "x", at: position)
                    case 1: if position < characters.count { characters.remove(at: position) }
                    default: characters = Array(characters.prefix(position))
                    }
                }
                let code = String(characters)
                let length = code.unicodeScalars.count
                for cursor in stride(from: 0, through: length, by: max(1, length / 25)) {
                    let completion = kernel.complete(code: code, cursor: cursor)
                    #expect(0 <= completion.cursorStart && completion.cursorStart <= completion.cursorEnd && completion.cursorEnd <= length, "\(code.debugDescription) at \(cursor)")
                    #expect(completion.types.isEmpty || completion.types.count == completion.matches.count)
                    _ = kernel.inspect(code: code, cursor: cursor, detailLevel: cursor % 2)
                    checked += 1
                }
                _ = kernel.isComplete(code: code)
            }
        }
        #expect(checked > 1000)
    }
}
