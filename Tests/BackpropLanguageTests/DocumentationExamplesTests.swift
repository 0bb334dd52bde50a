import Foundation
import Testing

@testable import BackpropLanguage

/// Runs every example of docs/LANGUAGE.md, the users' reference, so the page cannot drift from
/// the language.
///
/// An example is a ```swift block. When a ```text block follows it (only blank lines between), that
/// block is exactly what `backprop-kernel run example.backprop` writes to a terminal: `print`
/// output, `show` displays and the value of each top-level expression statement, in order, then
/// the rendered diagnostic if the program fails. A ```swift block without a ```text block must run
/// without error.
@Suite struct DocumentationExamplesTests {
    /// One ```swift block of the page.
    struct Example: Sendable, CustomTestStringConvertible {
        /// The program.
        let code: String
        /// The output block's text (each line ending in a newline), or nil when there is none.
        let expected: String?
        /// The 1-based line of the opening ```swift fence in docs/LANGUAGE.md.
        let line: Int

        var testDescription: String { "docs/LANGUAGE.md:\(line)" }
    }

    /// The fewest examples with output the page may have: guards against a missing or emptied page,
    /// or a parser that stops finding blocks.
    static let minimumExamplesWithOutput = 40

    /// The page's path, found from this file's: Tests/BackpropLanguageTests/<this file>.
    static let documentPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("docs/LANGUAGE.md").path
    }()

    /// The page's text, or nil if it cannot be read.
    static let document: String? = try? String(contentsOfFile: documentPath, encoding: .utf8)

    /// Every ```swift block of the page, with the ```text block that follows it.
    static let examples: [Example] = document.map(extractExamples) ?? []

    /// Finds the examples in Markdown text. Fences must start at the beginning of a line; blocks
    /// in other languages (or none) are skipped whole, so their contents are never mistaken for fences.
    static func extractExamples(_ markdown: String) -> [Example] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        func fence(_ line: String) -> String? {
            line.hasPrefix("```") ? String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces) : nil
        }
        /// The lines after the fence at `start` up to the closing fence, and the index after it.
        func block(from start: Int) -> (body: [String], next: Int) {
            var index = start + 1
            var body: [String] = []
            while index < lines.count, fence(lines[index]) != "" {
                body.append(lines[index])
                index += 1
            }
            return (body, index + 1)
        }
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            guard let language = fence(lines[index]) else {
                index += 1
                continue
            }
            let (body, next) = block(from: index)
            guard language == "swift" else {
                index = next
                continue
            }
            let fenceLine = index + 1
            var after = next
            while after < lines.count, lines[after].trimmingCharacters(in: .whitespaces).isEmpty {
                after += 1
            }
            var expected: String?
            index = next
            if after < lines.count, fence(lines[after]) == "text" {
                let (output, afterOutput) = block(from: after)
                expected = output.map { $0 + "\n" }.joined()
                index = afterOutput
            }
            examples.append(
                Example(code: body.map { $0 + "\n" }.joined(), expected: expected, line: fenceLine))
        }
        return examples
    }

    /// Runs a program as `backprop-kernel run example.backprop` does and returns what it writes,
    /// standard output and standard error together, and whether it failed.
    static func run(_ code: String) -> (output: String, failed: Bool) {
        let host = TestHost()
        let interpreter = Interpreter(host: host)
        let outcome = interpreter.execute(code, name: "example.backprop", echo: .everyExpression)
        var output = ""
        for event in host.events {
            switch event {
            case .stdout(let text), .stderr(let text): output += text
            case .display(let text), .value(let text): output += text + "\n"
            case .clear: break
            }
        }
        var failed = false
        if case .failure(let error) = outcome {
            output += error.rendered() + "\n"
            failed = true
        }
        withExtendedLifetime(host) {}
        return (output, failed)
    }

    @Test func thePageHasEnoughExamples() throws {
        try #require(Self.document != nil, "cannot read \(Self.documentPath)")
        let withOutput = Self.examples.filter { $0.expected != nil }.count
        #expect(
            withOutput >= Self.minimumExamplesWithOutput,
            "docs/LANGUAGE.md has \(withOutput) examples with output, fewer than \(Self.minimumExamplesWithOutput)"
        )
    }

    @Test(arguments: DocumentationExamplesTests.examples)
    func example(_ example: Example) {
        let (output, failed) = Self.run(example.code)
        if let expected = example.expected {
            if output != expected {
                Issue.record(
                    """
                    the example at docs/LANGUAGE.md:\(example.line) prints something else
                    --- program
                    \(example.code)--- expected
                    \(expected)--- actual
                    \(output)---
                    """)
            }
        } else if failed {
            Issue.record(
                """
                the example at docs/LANGUAGE.md:\(example.line) has no output block, so it must not fail
                --- program
                \(example.code)--- output
                \(output)---
                """)
        }
    }

    @Test func extractionPairsCodeWithItsOutput() {
        let markdown = """
            Intro.

            ```swift
            print(1)
            ```

            ```text
            1
            ```

            ```
            ```swift inside a plain block is not an example
            ```

            ```swift
            let x = 2
            ```
            Text in between.
            ```text
            not this example's output
            ```
            """
        let examples = Self.extractExamples(markdown)
        #expect(examples.count == 2)
        #expect(examples.first?.code == "print(1)\n")
        #expect(examples.first?.expected == "1\n")
        #expect(examples.first?.line == 3)
        #expect(examples.last?.code == "let x = 2\n")
        #expect(examples.last?.expected == nil)
        #expect(examples.last?.line == 15)
    }
}
