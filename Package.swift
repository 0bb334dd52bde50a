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
        /// The math: networks, traces, training and datasets in Double over CBLAS. No I/O, no language.
        .target(name: "NeuralNet", dependencies: ["CBLAS"]),
        /// The Jupyter protocol, transport-free: message signing so far (the kernel is being built).
        .target(name: "JupyterKernel", dependencies: ["CCrypto"]),
        /// The Backprop language: source, lexer, parser, AST, evaluator, builtins, diagnostics.
        .target(name: "BackpropLanguage", dependencies: ["NeuralNet"]),
        /// The one executable: `run`, `--version`, `--help` (the kernel comes later).
        .executableTarget(name: "backprop-kernel", dependencies: ["BackpropLanguage"]),

        // MARK: - Tests

        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet"]),
        .testTarget(name: "BackpropLanguageTests", dependencies: ["BackpropLanguage", "NeuralNet"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel"]),
        /// End-to-end: starts the real binary.
        .testTarget(name: "BackpropCLITests", dependencies: []),
    ],
    swiftLanguageModes: [.v6]
)
