import BackpropLanguage
import JupyterKernel
import Testing

@testable import BackpropKernel

/// Completion in each context, with exact ranges in Unicode code points.
@Suite struct CompletionTests {
    /// A kernel that has run `setup`.
    private func kernel(_ setup: String = "") -> BackpropKernel {
        let kernel = BackpropKernel()
        if !setup.isEmpty, case .error(let report) = kernel.run(cell: setup, executionCount: 1, sink: RecordingSink()) {
            Issue.record("setup failed: \(report.evalue)")
        }
        return kernel
    }

    /// Completes at the end of `code`.
    private func complete(_ kernel: BackpropKernel, _ code: String) -> Completion {
        kernel.complete(code: code, cursor: code.unicodeScalars.count)
    }

    @Test func namesDeclaredEarlierInTheSameCode() {
        let completion = complete(kernel(), "let learningRate = 1\nlearningR")
        #expect(completion == Completion(matches: ["learningRate"], cursorStart: 21, cursorEnd: 30, types: ["variable"]))
    }

    @Test func globalsBuiltinsAndKeywords() {
        let kernel = kernel("var epochCount = 3\nfunc helper() -> Int { 1 }")
        #expect(complete(kernel, "epo").matches == ["epochCount"])
        #expect(complete(kernel, "hel") == Completion(matches: ["helper"], cursorStart: 0, cursorEnd: 3, types: ["function"]))
        #expect(complete(kernel, "sigm") == Completion(matches: ["sigmoid", "sigmoidPrime"], cursorStart: 0, cursorEnd: 4, types: ["function", "function"]))
        #expect(complete(kernel, "whi") == Completion(matches: ["while"], cursorStart: 0, cursorEnd: 3, types: ["keyword"]))
        #expect(complete(kernel, "Dat") == Completion(matches: ["Dataset"], cursorStart: 0, cursorEnd: 3, types: ["class"]))
        // Nothing matches exactly: any case will do.
        #expect(complete(kernel, "EPOCH").matches == ["epochCount"])
    }

    @Test func nonASCIICodeCountsCodePoints() {
        let code = "let é = \"ü😀\"; pri"
        let completion = complete(kernel(), code)
        #expect(completion == Completion(matches: ["print"], cursorStart: 14, cursorEnd: 17, types: ["function"]))
        // A cursor inside the word replaces the whole word.
        #expect(kernel().complete(code: "let δ = 1; pri + 1", cursor: 13) == Completion(matches: ["print"], cursorStart: 11, cursorEnd: 14, types: ["function"]))
        #expect(complete(kernel("let ηRate = 0.1"), "ηR") == Completion(matches: ["ηRate"], cursorStart: 0, cursorEnd: 2, types: ["variable"]))
    }

    @Test func membersOfANetwork() {
        let kernel = kernel("let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }")
        let completion = complete(kernel, "net.")
        #expect(completion.matches == [
            "accuracy", "backward", "biases", "copy", "diagram", "forward", "layerCount", "loss", "parameterCount", "predict",
            "save", "sizes", "step", "train", "weights",
        ])
        #expect(completion.cursorStart == 4 && completion.cursorEnd == 4)
        #expect(complete(kernel, "net.tr") == Completion(matches: ["train"], cursorStart: 4, cursorEnd: 6, types: ["method"]))
        #expect(complete(kernel, "let x = net.wei") == Completion(matches: ["weights"], cursorStart: 12, cursorEnd: 15, types: ["property"]))
        // A property chain reads the property's value.
        #expect(complete(kernel, "net.weights.").matches == ["count", "first", "last"])
    }

    @Test func membersOfLibraryValuesByTheirRuntimeType() {
        let kernel = kernel("""
            let net = Network(inputs: 2, seed: 1) { Dense(3); Dense(1) }
            let g = net.backward([1.0, 0.0], target: [1.0])
            let h = net.train(on: .xor, epochs: 2);
            let p = net.forward([1.0, 0.0])
            """)
        #expect(complete(kernel, "g.").matches == ["db", "delta", "dW", "explain", "layerCount", "loss", "pass"])
        #expect(complete(kernel, "g.ex") == Completion(matches: ["explain"], cursorStart: 2, cursorEnd: 4, types: ["method"]))
        #expect(complete(kernel, "h.").matches.contains("loss") && complete(kernel, "h.").matches.contains("accuracy"))
        #expect(complete(kernel, "p.").matches.contains("z") && complete(kernel, "p.").matches.contains("a"))
        #expect(complete(kernel, "g.explain(").matches.prefix(3) == ["layer:", "k:", "j:"])
    }

    @Test func membersOfMatricesVectorsAndStrings() {
        let kernel = kernel("let m: Matrix = [[1.0, 2.0], [3.0, 4.0]]\nlet v = [1.0, 2.0]\nlet s = \"text\"")
        #expect(complete(kernel, "m.").matches == [
            "columns", "count", "indices", "isEmpty", "map", "max", "mean", "min", "row", "rows", "shape", "sum", "transposed",
        ])
        #expect(complete(kernel, "v.fi").matches == ["filter", "first", "firstIndex"])
        #expect(complete(kernel, "s.up").matches == ["uppercased"])
    }

    @Test func staticMembersOfTypes() {
        let kernel = kernel()
        #expect(complete(kernel, "Dataset.").matches == ["and", "blobs", "circles", "csv", "moons", "or", "spiral", "xor"])
        #expect(complete(kernel, "Network.") == Completion(matches: ["load"], cursorStart: 8, cursorEnd: 8, types: ["method"]))
        #expect(complete(kernel, "Matrix.").matches == ["identity", "random", "zeros"])
        #expect(complete(kernel, "Int.m").matches == ["max", "min"])
        #expect(complete(kernel, "Dataset.xor.").matches == ["count", "inputs", "split", "targets"])
    }

    @Test func optionsAfterALeadingDot() {
        let kernel = kernel()
        let activations = complete(kernel, "Dense(3, activation: .")
        #expect(activations.matches == [".leakyRelu", ".linear", ".relu", ".sigmoid", ".softmax", ".tanh"])
        #expect(activations.cursorStart == 21 && activations.cursorEnd == 22)
        #expect(complete(kernel, "Dense(3, activation: .s") == Completion(
            matches: [".sigmoid", ".softmax"], cursorStart: 21, cursorEnd: 23, types: ["option", "option"]))
        #expect(complete(kernel, "net.train(on: .xor, loss: .cr").matches == [".crossEntropy"])
        #expect(complete(kernel, "net.train(on: .").matches == [".and", ".or", ".xor"])
        #expect(complete(kernel, "net.train(on: .xor, optimizer: .").matches == [".adam", ".momentum", ".rmsprop", ".sgd"])
        #expect(complete(kernel, "Network(inputs: 2, initializer: .").matches == [".he", ".normal", ".uniform", ".xavier", ".zeros"])
        #expect(complete(kernel, "print(1, to: .").matches == [".standardError", ".standardOutput"])
        #expect(complete(kernel, "let a: Activation = .t").matches == [".tanh"])
        // Without a label, every option.
        #expect(complete(kernel, "f(.cat").matches == [".categoricalCrossEntropy"])
    }

    @Test func labelsOfTheEnclosingCall() {
        let kernel = kernel("let net = Network(inputs: 2) { Dense(1) }\nfunc scale(_ x: Double, by k: Double) -> Double { x * k }")
        #expect(complete(kernel, "Dense(3, acti") == Completion(matches: ["activation:"], cursorStart: 9, cursorEnd: 13, types: ["param"]))
        #expect(Array(complete(kernel, "Dense(3, ").matches.prefix(3)) == ["activation:", "useBias:", "abs"])
        #expect(Array(complete(kernel, "Dense(3, activation: .relu, ").matches.prefix(2)) == ["useBias:", "abs"])
        #expect(complete(kernel, "net.train(on: .xor, ep").matches == ["epochs:"])
        #expect(Array(complete(kernel, "Dataset.moons(").matches.prefix(3)) == ["count:", "noise:", "seed:"])
        #expect(complete(kernel, "scale(2, b").matches == ["by:", "break"])
        #expect(Array(complete(kernel, "Network(inputs: 2, s").matches.prefix(1)) == ["seed:"])
        // Labels only where an argument starts.
        #expect(complete(kernel, "Dense(3 + acti").matches == [])
        // A function declared earlier in the same code.
        #expect(complete(kernel, "func mix(first a: Int, second b: Int) -> Int { a + b }\nmix(first: 1, se").matches == ["second:"])
    }

    @Test func nothingInsideStringsAndComments() {
        let kernel = kernel()
        #expect(complete(kernel, "print(\"pri") == Completion(matches: [], cursorStart: 10, cursorEnd: 10))
        #expect(complete(kernel, "print(\"a\") // pri").matches == [])
        #expect(complete(kernel, "/* pri").matches == [])
        #expect(complete(kernel, "/* a */ pri").matches == ["print"])
        #expect(kernel.complete(code: "\"pri\"", cursor: 4).matches == [])
    }

    @Test func anEmptyWordOffersEverything() {
        let completion = complete(kernel("let zeta = 1"), "")
        #expect(completion.matches.contains("zeta") && completion.matches.contains("print") && completion.matches.contains("let"))
        #expect(completion.cursorStart == 0 && completion.cursorEnd == 0)
        #expect(completion.matches.count == completion.types.count)
    }
}
