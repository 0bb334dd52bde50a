/// The names of the language and its library with their signatures and one-line docs, read
/// from the same tables the evaluator uses, for completion and inspection in the kernel.
///
/// Everything here is immutable and safe to read from any thread.
public enum Catalog {
    /// The keywords a program can use (not the Swift keywords the parser only explains).
    public static let keywords: [String] = [
        "break", "continue", "else", "false", "for", "func", "if", "in", "let", "repeat", "return", "true", "var", "while",
    ]

    /// The global functions and types (`print`, `sigmoid`, `Network`, `Dense`, …), sorted by name.
    public static let globals: [CatalogEntry] = Builtins.functions.values
        .map { entry(for: $0, name: $0.name, kind: isTypeName($0.name) ? .type : .function) }
        .sorted { $0.name < $1.name }

    /// A global function or type by name.
    public static func global(_ name: String) -> CatalogEntry? {
        Builtins.functions[name].map { entry(for: $0, name: name, kind: isTypeName(name) ? .type : .function) }
    }

    /// The type names that have static members or constants (`Matrix`, `Dataset`, `Int`, …), sorted.
    public static let typesWithStaticMembers: [String] =
        Set(Builtins.staticMembers.keys).union(Builtins.staticConstants.keys).sorted()

    /// The static functions and constants of a type (`Matrix.identity`, `Dataset.xor`), sorted by name.
    public static func staticMembers(of typeName: String) -> [CatalogEntry] {
        var entries: [CatalogEntry] = []
        for (name, builtin) in Builtins.staticMembers[typeName] ?? [:] {
            entries.append(entry(for: builtin, name: name, kind: .method))
        }
        for (name, value) in Builtins.staticConstants[typeName] ?? [:] {
            entries.append(CatalogEntry(name: name, kind: .constant, signature: "\(typeName).\(name): \(value.typeName)",
                                        doc: "\(typeName).\(name) = \(ValueFormatter.printed(value))"))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The value of a static constant (`Int.max`, `Dataset.xor`), if the type has one by that name.
    public static func staticConstant(_ name: String, of typeName: String) -> Value? {
        Builtins.staticConstants[typeName]?[name]
    }

    /// The properties and methods of a value (by its kind: a network, an array, a dataset, …), sorted by name.
    public static func members(of value: Value) -> [CatalogEntry] {
        let type = value.typeName
        var entries: [CatalogEntry] = []
        var seen = Set<String>()
        for name in Methods.propertyNames(for: value) where seen.insert(name).inserted {
            let documented = propertyDocs[memberGroup(value) + "." + name] ?? propertyDocs[name]
            entries.append(CatalogEntry(name: name, kind: .property, signature: documented?.signature ?? name,
                                        doc: documented?.doc ?? "A property of \(type)."))
        }
        for name in Methods.methodNames(for: value) where seen.insert(name).inserted {
            if isLibraryValue(value), let builtin = LibraryMethods.signatures[name] {
                entries.append(entry(for: builtin, name: name, kind: .method))
            } else {
                let documented = methodDocs[name]
                entries.append(CatalogEntry(name: name, kind: .method, signature: documented?.signature ?? "\(name)(…)",
                                            doc: documented?.doc ?? "A method of \(type)."))
            }
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The options an argument with this label takes (`activation:` → `.sigmoid`, `.relu`, …),
    /// or every option for an unknown or missing label; names without the dot, in the library's order.
    public static func options(forLabel label: String?) -> [CatalogEntry] {
        let groups: [String]
        switch label {
        case "activation": groups = ["activation"]
        case "loss": groups = ["loss"]
        case "optimizer": groups = ["optimizer"]
        case "initializer": groups = ["initializer"]
        case "on": groups = ["dataset"]
        case "to": groups = ["stream"]
        default: groups = ["activation", "loss", "optimizer", "initializer", "dataset", "stream"]
        }
        return groups.flatMap { group in
            (optionGroups[group] ?? []).map { name in
                let documented = optionDocs[name]
                return CatalogEntry(name: name, kind: .option, signature: documented?.signature ?? "." + name, doc: documented?.doc ?? "")
            }
        }
    }

    // MARK: - Tables

    private static func entry(for builtin: Builtin, name: String, kind: CatalogEntry.Kind) -> CatalogEntry {
        CatalogEntry(name: name, kind: kind, signature: builtin.signature, doc: builtin.doc)
    }

    private static func isTypeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        return first >= "A" && first <= "Z"
    }

    private static func isLibraryValue(_ value: Value) -> Bool {
        switch value {
        case .network, .object: return true
        default: return false
        }
    }

    /// The key prefix of a value's property docs: its type name without generic arguments.
    private static func memberGroup(_ value: Value) -> String {
        switch value {
        case .array, .vector: return "Array"
        case .object(let object):
            if case .layers = object.kind { return "LayerList" }
            return object.typeName
        default: return value.typeName
        }
    }

    /// Property docs by `Type.name`, or by `name` alone for the collection properties every kind shares.
    private static let propertyDocs: [String: (signature: String, doc: String)] = [
        "count": ("count: Int", "The number of elements."),
        "isEmpty": ("isEmpty: Bool", "Whether there are no elements."),
        "first": ("first", "The first element (a RuntimeError when empty: check isEmpty first)."),
        "last": ("last", "The last element (a RuntimeError when empty: check isEmpty first)."),
        "indices": ("indices: Range<Int>", "The range 0..<count."),
        "Matrix.count": ("count: Int", "The number of rows."),
        "rows": ("rows: Int", "The number of rows (k)."),
        "columns": ("columns: Int", "The number of columns (j)."),
        "shape": ("shape: [Int]", "[rows, columns]."),
        "String.count": ("count: Int", "The number of characters."),
        "lowerBound": ("lowerBound: Int", "The first number of the range."),
        "upperBound": ("upperBound: Int", "The end of the range (included for a...b, excluded for a..<b)."),
        "Network.layerCount": ("layerCount: Int", "L, the number of layers with weights (not counting the input layer 0)."),
        "Network.sizes": ("sizes: [Int]", "[n_0, n_1, …, n_L], the nodes of every layer."),
        "Network.weights": ("weights: LayerList<Matrix>", "weights[l] is W^l, n_l × n_(l−1): row k receives, column j emits; settable."),
        "Network.biases": ("biases: LayerList<Vector>", "biases[l] is b^l, one per node k of layer l; settable."),
        "Network.parameterCount": ("parameterCount: Int", "The number of weights and biases together."),
        "Dense.units": ("units: Int", "The number of nodes of the layer."),
        "Dense.activation": ("activation: Activation", "The layer's activation."),
        "Dense.useBias": ("useBias: Bool", "Whether the layer has biases."),
        "Dataset.count": ("count: Int", "The number of samples."),
        "Dataset.inputs": ("inputs: Matrix", "One sample per row."),
        "Dataset.targets": ("targets: Matrix", "The target of each sample, in the same row."),
        "DatasetSplit.train": ("train: Dataset", "The training part."),
        "DatasetSplit.test": ("test: Dataset", "The test part."),
        "ForwardPass.z": ("z: LayerList", "z[l] = W^l a^(l−1) + b^l, the input sums of layer l."),
        "ForwardPass.a": ("a: LayerList", "a[l] = σ(z^l), the activations of layer l; a[0] is the input."),
        "ForwardPass.input": ("input", "The input x (a^0)."),
        "ForwardPass.output": ("output", "The output a^L."),
        "ForwardPass.layerCount": ("layerCount: Int", "L."),
        "Gradients.delta": ("delta: LayerList", "delta[l] is δ^l = ∂C/∂z^l."),
        "Gradients.dW": ("dW: LayerList<Matrix>", "dW[l] is ∂C/∂W^l, element k, j = δ^l_k a^(l−1)_j."),
        "Gradients.db": ("db: LayerList<Vector>", "db[l] is ∂C/∂b^l = δ^l."),
        "Gradients.loss": ("loss: Double", "The loss C."),
        "Gradients.pass": ("pass: ForwardPass", "The forward pass the gradients were computed from."),
        "Gradients.layerCount": ("layerCount: Int", "L."),
        "StepReport.before": ("before: LayerList<Matrix>", "W^l before the step."),
        "StepReport.change": ("change: LayerList<Matrix>", "ΔW^l = −η ∂C/∂W^l."),
        "StepReport.after": ("after: LayerList<Matrix>", "W^l after the step."),
        "StepReport.biasBefore": ("biasBefore: LayerList<Vector>", "b^l before the step."),
        "StepReport.biasChange": ("biasChange: LayerList<Vector>", "Δb^l = −η ∂C/∂b^l."),
        "StepReport.biasAfter": ("biasAfter: LayerList<Vector>", "b^l after the step."),
        "StepReport.loss": ("loss: Double", "The loss C before the step."),
        "StepReport.learningRate": ("learningRate: Double", "η."),
        "StepReport.gradients": ("gradients: Gradients", "The gradients the step used."),
        "History.loss": ("loss: [Double]", "The loss after each epoch."),
        "History.accuracy": ("accuracy: [Double]", "The accuracy after each epoch."),
        "History.epochs": ("epochs: Int", "The number of finished epochs."),
        "History.steps": ("steps: Int", "The number of finished steps (mini-batches)."),
        "History.interrupted": ("interrupted: Bool", "Whether training stopped at an interrupt."),
        "GradientCheck.maxRelativeError": ("maxRelativeError: Double", "The largest |a − n| / max(|a| + |n|, 1e-8) over the parameters."),
        "GradientCheck.passed": ("passed: Bool", "Whether maxRelativeError is below the threshold."),
        "GradientCheck.count": ("count: Int", "The number of parameters checked."),
        "GradientCheck.threshold": ("threshold: Double", "The relative error below which the check passes."),
        "LayerList.count": ("count: Int", "The number of layers with an entry."),
        "LayerList.first": ("first: Int", "The first layer number with an entry."),
        "LayerList.last": ("last: Int", "The last layer number with an entry."),
    ]

    /// Docs of the methods of arrays, vectors, ranges, matrices and strings, by name.
    private static let methodDocs: [String: (signature: String, doc: String)] = [
        "map": ("map(_ transform: (T) -> U) -> [U]", "The results of calling transform on each element."),
        "filter": ("filter(_ isIncluded: (T) -> Bool) -> [T]", "The elements for which the closure returns true."),
        "reduce": ("reduce(_ initial: U, _ combine: (U, T) -> U) -> U", "Combines the elements from left to right, starting from initial."),
        "forEach": ("forEach(_ body: (T) -> Void)", "Calls body on each element."),
        "sum": ("sum() -> Double", "The sum of the elements."),
        "mean": ("mean() -> Double", "The mean of the elements."),
        "max": ("max() -> T", "The largest element (an error when empty)."),
        "min": ("min() -> T", "The smallest element (an error when empty)."),
        "sorted": ("sorted() -> [T]", "A sorted copy."),
        "reversed": ("reversed() -> [T]", "A reversed copy."),
        "contains": ("contains(_ element: T) -> Bool", "Whether an element equals it (for a string: whether it contains the text)."),
        "firstIndex": ("firstIndex(of element: T) -> Int", "The index of the first equal element, or −1."),
        "joined": ("joined(separator: String = \"\") -> String", "The elements' print forms joined into one string."),
        "transposed": ("transposed() -> Matrix", "The transpose, W^T."),
        "row": ("row(_ k: Int) -> Vector", "Row k, the same as W[k]."),
        "append": ("append(_ element: T) or append(contentsOf: sequence)", "Adds an element (or all elements of a sequence) at the end."),
        "insert": ("insert(_ element: T, at: Int)", "Inserts before index at."),
        "remove": ("remove(at: Int) -> T", "Removes and returns the element at an index."),
        "removeLast": ("removeLast() -> T", "Removes and returns the last element."),
        "removeFirst": ("removeFirst() -> T", "Removes and returns the first element."),
        "removeAll": ("removeAll()", "Removes every element."),
        "sort": ("sort()", "Sorts in place."),
        "reverse": ("reverse()", "Reverses in place."),
        "uppercased": ("uppercased() -> String", "The string in upper case."),
        "lowercased": ("lowercased() -> String", "The string in lower case."),
        "hasPrefix": ("hasPrefix(_ prefix: String) -> Bool", "Whether the string starts with prefix."),
        "hasSuffix": ("hasSuffix(_ suffix: String) -> Bool", "Whether the string ends with suffix."),
        "split": ("split(separator: String) -> [String]", "The pieces between the one-character separator (empty pieces are dropped)."),
    ]

    /// The option names of each group, from the tables the library reads options with.
    private static let optionGroups: [String: [String]] = [
        "activation": LibraryOptions.activationNames, "loss": LibraryOptions.lossNames,
        "optimizer": LibraryOptions.optimizerNames, "initializer": LibraryOptions.initializerNames,
        "dataset": LibraryOptions.datasetNames, "stream": ["standardOutput", "standardError"],
    ]

    /// Signature and doc of each option, by name.
    private static let optionDocs: [String: (signature: String, doc: String)] = [
        "sigmoid": (".sigmoid", "Activation σ(z) = 1 / (1 + e^(−z)), the default."),
        "tanh": (".tanh", "Activation tanh z."),
        "relu": (".relu", "Activation max(0, z); relu'(0) = 0."),
        "leakyRelu": (".leakyRelu", "Activation z for z > 0, α z otherwise (α = 0.01)."),
        "linear": (".linear", "Activation z."),
        "softmax": (".softmax", "Activation e^(z_k) / Σ_i e^(z_i), for the output layer only."),
        "squaredError": (".squaredError", "Loss C = ½ Σ_k (y_k − a^L_k)², the default."),
        "meanSquaredError": (".meanSquaredError", "Loss C = (1/n_L) Σ_k (y_k − a^L_k)²."),
        "crossEntropy": (".crossEntropy", "Loss: binary cross-entropy, per output."),
        "categoricalCrossEntropy": (".categoricalCrossEntropy", "Loss C = −Σ_k y_k ln a^L_k (softmax output, one-hot targets)."),
        "sgd": (".sgd", "Optimizer: plain gradient descent, the default."),
        "momentum": (".momentum(_ mu: Double = 0.9)", "Optimizer: v ← μ v − η g, then w ← w + v."),
        "adam": (".adam(beta1: Double = 0.9, beta2: Double = 0.999)", "Optimizer: Adam."),
        "rmsprop": (".rmsprop(decay: Double = 0.9)", "Optimizer: RMSprop."),
        "xavier": (".xavier", "Initializer: Glorot uniform, the default."),
        "he": (".he", "Initializer: He normal (variance 2 / n_in)."),
        "normal": (".normal", "Initializer: a Gaussian with standard deviation 1/√n_in."),
        "uniform": (".uniform(_ low: Double = -1, _ high: Double = 1)", "Initializer: U(low, high)."),
        "zeros": (".zeros", "Initializer: every weight 0."),
        "xor": (".xor", "Dataset: the XOR truth table."),
        "and": (".and", "Dataset: the AND truth table."),
        "or": (".or", "Dataset: the OR truth table."),
        "standardOutput": (".standardOutput", "Standard output, print's default stream."),
        "standardError": (".standardError", "Standard error, for print(…, to: .standardError)."),
    ]
}
