// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "backprop-kernel", targets: ["backprop-kernel"])
    ],
    targets: [
        // MARK: - Targets

        /// OpenBLAS's CBLAS interface, from Debian's libopenblas-dev.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        /// OpenSSL's libcrypto (HMAC-SHA256), from Debian's libssl-dev.
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        /// libzmq, from Debian's libzmq3-dev; only ZeroMQTransport imports it.
        .systemLibrary(
            name: "CZeroMQ",
            path: "Sources/CZeroMQ",
            providers: [.apt(["libzmq3-dev"])]
        ),
        /// A C wrapper for glibc's pthread_getattr_np (a GNU extension Swift's Glibc module hides).
        .target(name: "CThreadStack"),
        /// JSON values with exact Doubles and whole-number integers; no Foundation.
        .target(name: "JSON"),
        /// The math: networks, traces, training and datasets in Double over CBLAS. No I/O, no language.
        .target(name: "NeuralNet", dependencies: ["CBLAS", "JSON"]),
        /// The Jupyter protocol, transport-free: messages, framing, signing, dispatch, the `Interpreter` protocol.
        .target(name: "JupyterKernel", dependencies: ["CCrypto", "JSON"]),
        /// The Jupyter channels over ZeroMQ: the only module that imports CZeroMQ.
        .target(name: "ZeroMQTransport", dependencies: ["JupyterKernel", "CZeroMQ"]),
        /// The Backprop language: source, lexer, parser, AST, evaluator, builtins, diagnostics.
        .target(name: "BackpropLanguage", dependencies: ["NeuralNet", "CThreadStack"]),
        /// Pure functions from values to rich output: HTML and LaTeX tables, SVG charts and diagrams.
        .target(name: "Rendering", dependencies: ["NeuralNet", "BackpropLanguage"]),
        /// The adapter: implements JupyterKernel's `KernelInterpreter` with the language and Rendering.
        /// Notebooks (nbformat 4.5): reading, writing as nbformat does, outputs from IOPub messages.
        .target(name: "Notebook", dependencies: ["JSON"]),
        /// A notebook as one self-contained HTML page: Markdown, highlighted code, MathML formulas, outputs.
        .target(name: "NotebookExport", dependencies: ["Notebook", "BackpropLanguage", "JSON"]),
        .target(name: "BackpropKernel", dependencies: ["JupyterKernel", "BackpropLanguage", "Rendering", "Notebook", "JSON"]),
        /// The one executable: serve as a kernel, `install`, `run`, `--version`, `--help`.
        .executableTarget(name: "backprop-kernel", dependencies: ["BackpropKernel", "ZeroMQTransport", "BackpropLanguage", "Rendering", "NotebookExport", "Notebook"]),

        // MARK: - Tests

        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "JSON"]),
        .testTarget(name: "BackpropLanguageTests", dependencies: ["BackpropLanguage", "NeuralNet"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "JSON"]),
        .testTarget(name: "ZeroMQTransportTests", dependencies: ["ZeroMQTransport", "JupyterKernel", "JSON"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "JSON"]),
        .testTarget(name: "NotebookExportTests", dependencies: ["NotebookExport", "Notebook", "JSON"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "NeuralNet", "BackpropLanguage"], exclude: ["Snapshots"]),
        .testTarget(name: "BackpropKernelTests", dependencies: ["BackpropKernel", "JupyterKernel", "BackpropLanguage", "Rendering", "JSON"]),
        /// Helpers the end-to-end test targets share: where the binary under test is.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        /// End-to-end: starts the real binary.
        .testTarget(name: "BackpropCLITests", dependencies: ["TestSupport"]),
        /// End-to-end: starts the real binary as a kernel and talks ZeroMQ to it (through ZeroMQTransport's sockets).
        .testTarget(name: "KernelEndToEndTests", dependencies: ["ZeroMQTransport", "JupyterKernel", "JSON", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
