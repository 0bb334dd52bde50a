import Foundation
import Synchronization
import Testing
@testable import BackpropLanguage

/// The fuzz test of issue 2: a fixed corpus of generated programs (FuzzGenerator.swift) that must
/// never crash or hang the interpreter, and whose every error must carry a valid location.
///
/// - No crash: the test process surviving the corpus is the check.
/// - No hang: every program runs under a step budget, and its wall-clock time (interpreter
///   created, cells run, interpreter freed) must stay under `perProgramLimit` (`hugeProgramLimit`
///   for the few programs nested 100,000 deep), and the whole corpus under `totalLimit`. A
///   watchdog thread ends the process with the program's number if one runs past
///   `watchdogLimit`, so a real hang fails the run with a reproducer instead of stalling it.
/// - Every diagnostic: a range and a source; `0 <= start <= end <= source byte count`, both on
///   Unicode scalar boundaries; `lineAndColumn` equal to an independent computation and inside
///   the source's lines; the rendered first line `NAME:LINE:COLUMN: error: ENAME: message`.
///
/// - At least half the programs ran at least one statement (see `run` for how that is counted);
///   the counts are printed per family.
///
/// To reproduce a failure, regenerate one program with `FuzzCorpus.program(index)`; set
/// BACKPROP_FUZZ_TRACE=1 to print each program's number and text before it runs.
@Suite(.serialized) struct FuzzTests {
    /// The budget each program runs under; generated `while true {}` loops end here.
    static let stepBudget = 20_000
    /// Deep-nesting programs include deep recursion, which needs more steps to reach the call-depth limit.
    static let deepStepBudget = 200_000
    /// Each program, start to finish.
    static let perProgramLimit = Duration.seconds(2)
    /// The few programs nested 100,000 deep (ten times the issue's 10,000, and ten times the text).
    static let hugeProgramLimit = Duration.seconds(10)
    /// The whole corpus, in a debug build.
    static let totalLimit = Duration.seconds(150)
    /// A program still running after this is a hang: the watchdog stops the process.
    static let watchdogLimit = Duration.seconds(60)

    static func limits(for category: FuzzCategory) -> Limits {
        var limits = Limits()
        limits.stepBudget = category == .deepNesting ? deepStepBudget : stepBudget
        // Keep single library operations small (a 512×512 product at most) so a mutated size
        // cannot make one statement take seconds: under the default limit of 2^26 elements one
        // 8192×8192 product takes about 30 s (release build), with no step check inside it.
        limits.maxElements = 1 << 18
        return limits
    }

    @Test func corpusHasEveryFamilyAndIsDeterministic() {
        #expect(FuzzCorpus.count >= 10_000)
        // Each family is one run of indices: check where each starts and ends.
        let bytes = FuzzCorpus.randomByteCount, tokens = FuzzCorpus.tokenStreamCount, mutated = FuzzCorpus.mutatedCount
        let boundaries: [(Int, FuzzCategory)] = [
            (0, .randomBytes), (bytes - 1, .randomBytes), (bytes, .tokenStream), (bytes + tokens - 1, .tokenStream),
            (bytes + tokens, .mutated), (bytes + tokens + mutated - 1, .mutated), (bytes + tokens + mutated, .deepNesting),
            (FuzzCorpus.count - 1, .deepNesting),
        ]
        for (index, category) in boundaries { #expect(FuzzCorpus.program(index).category == category, "program \(index)") }
        #expect(mutated > (bytes + tokens) * 2)
        #expect(FuzzCorpus.deepPrograms.count >= 200)
        // The same index gives the same program, every time.
        for index in stride(from: 0, to: FuzzCorpus.count, by: 97) {
            let first = FuzzCorpus.program(index), second = FuzzCorpus.program(index)
            #expect(first.cells == second.cells && first.label == second.label)
        }
        // Every deep kind reaches 10,000 levels.
        #expect(FuzzCorpus.deepPrograms.filter { $0.label.hasSuffix("depth 10000") }.count == FuzzCorpus.deepKinds.count)
    }

    @Test func seedProgramsRunWithoutErrors() {
        for (number, seed) in FuzzCorpus.seeds.enumerated() {
            let host = FuzzHost()
            let interpreter = Interpreter(host: host)
            let outcome = interpreter.execute(seed, name: "<seed \(number)>", echo: .everyExpression)
            if case .failure(let error) = outcome {
                Issue.record("seed \(number) failed: \(error.rendered())")
            }
            #expect(host.events > 0, "seed \(number) shows nothing")
        }
    }

    @Test func generatedProgramsNeverCrashHangOrMislocateErrors() {
        let trace = ProcessInfo.processInfo.environment["BACKPROP_FUZZ_TRACE"] != nil
        let watchdog = FuzzWatchdog(limit: Self.watchdogLimit)
        defer { watchdog.stop() }
        let clock = ContinuousClock()
        let start = clock.now
        var ran = 0
        var ranByCategory: [FuzzCategory: Int] = [:]
        var mutatedAsCells = (count: 0, ran: 0)
        var countByCategory: [FuzzCategory: Int] = [:]
        var errorKinds: [ErrorKind: Int] = [:]
        var slowest = (time: Duration.zero, label: "")
        var slowestHuge = (time: Duration.zero, label: "")
        var problems = 0

        for index in 0..<FuzzCorpus.count {
            let program = FuzzCorpus.program(index)
            countByCategory[program.category, default: 0] += 1
            if trace {
                FileHandle.standardError.write(Data("fuzz #\(index) \(program.category) \(program.label): \(program.cells)\n".utf8))
            }
            watchdog.begin("#\(index) (\(program.category.rawValue): \(program.label))")
            let programStart = clock.now
            let result = Self.run(program)
            let elapsed = clock.now - programStart
            watchdog.end()

            let isHuge = program.label.hasSuffix("depth 100000")
            if isHuge, elapsed > slowestHuge.time { slowestHuge = (elapsed, "#\(index) \(program.label)") }
            if !isHuge, elapsed > slowest.time { slowest = (elapsed, "#\(index) \(program.category.rawValue): \(program.label)") }
            let limit = isHuge ? Self.hugeProgramLimit : Self.perProgramLimit
            if elapsed > limit {
                Issue.record("fuzz #\(index) (\(program.category.rawValue): \(program.label)) took \(elapsed), over \(limit)")
            }
            for error in result.errors {
                errorKinds[error.kind, default: 0] += 1
            }
            for problem in result.problems where problems < 25 {
                problems += 1
                let excerpt = program.cells.joined(separator: "\n// next cell\n").prefix(300)
                Issue.record("""
                    fuzz #\(index) (\(program.category.rawValue): \(program.label)): \(problem)
                    program: \(excerpt.debugDescription)
                    """)
            }
            if result.ranAStatement {
                ran += 1
                ranByCategory[program.category, default: 0] += 1
            }
            if program.category == .mutated, program.cells.count > 1 {
                mutatedAsCells.count += 1
                if result.ranAStatement { mutatedAsCells.ran += 1 }
            }
        }

        let total = clock.now - start
        let count = FuzzCorpus.count
        print("fuzz: \(ran) of \(count) generated programs ran at least one statement")
        for category in FuzzCategory.allCases {
            print("fuzz:   \(category.rawValue): \(ranByCategory[category] ?? 0) of \(countByCategory[category] ?? 0) ran a statement")
        }
        let oneCell = (
            count: (countByCategory[.mutated] ?? 0) - mutatedAsCells.count,
            ran: (ranByCategory[.mutated] ?? 0) - mutatedAsCells.ran
        )
        print("fuzz:   (mutated programs run as several notebook cells: \(mutatedAsCells.ran) of "
              + "\(mutatedAsCells.count) ran a statement; as one cell: \(oneCell.ran) of \(oneCell.count))")
        print("fuzz: errors by kind: " + ErrorKind.allCases.map { "\($0.rawValue) \(errorKinds[$0] ?? 0)" }.joined(separator: ", "))
        print("fuzz: total \(total); slowest \(slowest.time) (\(slowest.label)); "
              + "slowest at 100,000 levels \(slowestHuge.time) (\(slowestHuge.label))")
        #expect(count >= 10_000)
        #expect(ran * 2 >= count, "only \(ran) of \(count) generated programs ran a statement")
        #expect(total < Self.totalLimit)
    }

    // MARK: - Running one program

    struct RunResult {
        var errors: [Diagnostic] = []
        var problems: [String] = []
        var ranAStatement = false
    }

    /// Runs a program's cells on a fresh interpreter and checks every diagnostic's location.
    ///
    /// "Ran at least one statement" counts only what a statement visibly did: the host received
    /// output (`print`, `show`, `clearOutput`, or the value of a top-level expression statement,
    /// echoed as under `run`), or a global holds a value other than a function afterwards (a
    /// declaration ran; top-level functions are bound before the first statement, so they do not
    /// count). A program whose only statements leave no trace (`for i in 0..<3 {}`) is not
    /// counted: the number errs low, never high. A syntax error anywhere in a cell, or a
    /// compile-time name or type error, stops the cell before its first statement.
    static func run(_ program: FuzzProgram) -> RunResult {
        var result = RunResult()
        let host = FuzzHost()
        let interpreter = Interpreter(host: host, limits: limits(for: program.category))
        var sources: [String: FuzzSourceIndex] = [:]
        for (number, cell) in program.cells.enumerated() {
            let name = "<fuzz \(program.index) cell \(number + 1)>"
            sources[name] = FuzzSourceIndex(cell)
            if case .failure(let error) = interpreter.execute(cell, name: name, echo: .everyExpression) {
                result.errors += error.diagnostics
                let diagnostics = error.diagnostics
                if diagnostics.isEmpty { result.problems.append("an error without diagnostics") }
                for (position, diagnostic) in diagnostics.enumerated() {
                    // The language computes line and column by scanning the line, so with thousands
                    // of diagnostics on one long line check its answer for the first and last 100.
                    let checkRendering = position < 100 || position >= diagnostics.count - 100
                    result.problems += locationProblems(diagnostic, sources: sources, checkRendering: checkRendering)
                }
            }
        }
        result.ranAStatement = host.events > 0 || interpreter.globalNames.contains { name in
            switch interpreter.value(of: name) {
            case nil, .function?: return false
            default: return true
            }
        }
        return result
    }

    /// What is wrong with a diagnostic's location, if anything.
    ///
    /// Every diagnostic's range is checked against the cell it names; `lineAndColumn` and the
    /// rendered first line when `checkRendering`.
    static func locationProblems(_ diagnostic: Diagnostic, sources: [String: FuzzSourceIndex], checkRendering: Bool) -> [String] {
        let what = "\(diagnostic.kind.rawValue): \(diagnostic.message.prefix(200))"
        guard let range = diagnostic.range else { return ["no range: \(what)"] }
        guard let source = diagnostic.source else { return ["no source: \(what)"] }
        guard let index = sources[source.name] else { return ["source named '\(source.name)' is not a cell of this program: \(what)"] }
        var problems: [String] = []
        if source.bytes.count != index.bytes.count || source.text != index.text {
            problems.append("source '\(source.name)' does not hold the cell's text: \(what)")
        }
        guard range.start >= 0, range.start <= range.end, range.end <= index.bytes.count else {
            return problems + ["range \(range.start)..<\(range.end) outside 0...\(index.bytes.count): \(what)"]
        }
        if !index.isScalarBoundary(range.start) || !index.isScalarBoundary(range.end) {
            problems.append("range \(range.start)..<\(range.end) splits a Unicode scalar: \(what)")
        }
        guard checkRendering else { return problems }
        let (line, column, lineScalars) = index.location(of: range.start)
        guard let location = diagnostic.lineAndColumn else { return problems + ["no line and column: \(what)"] }
        if location.line != line || location.column != column {
            problems.append("lineAndColumn \(location.line):\(location.column) but the offset \(range.start) is \(line):\(column): \(what)")
        }
        if location.line < 1 || location.line > index.lineStarts.count || location.column < 1 || location.column > lineScalars + 1 {
            problems.append("lineAndColumn \(location.line):\(location.column) outside the source "
                            + "(\(index.lineStarts.count) lines, this one \(lineScalars) scalars): \(what)")
        }
        let rendered = diagnostic.rendered()
        let firstLine = rendered.prefix { $0 != "\n" }
        let expected = "\(source.name):\(location.line):\(location.column): error: \(diagnostic.kind.rawValue): "
        if !firstLine.hasPrefix(expected) {
            problems.append("rendered as '\(firstLine.prefix(200))', expected it to start with '\(expected)'")
        }
        return problems
    }
}

/// A cell's bytes with its lines and scalar counts, to check locations independently of `Source`.
struct FuzzSourceIndex {
    let text: String
    let bytes: [UInt8]
    /// The byte offset of each line's start: lines split at "\n".
    let lineStarts: [Int]
    /// The number of Unicode scalars that start before each byte offset (one entry per offset and one past the end).
    let scalarsBefore: [Int]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
        var starts = [0]
        var before = [0]
        before.reserveCapacity(bytes.count + 1)
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
            before.append((before.last ?? 0) + (byte & 0xC0 != 0x80 ? 1 : 0))
        }
        lineStarts = starts
        scalarsBefore = before
    }

    func isScalarBoundary(_ offset: Int) -> Bool { offset >= bytes.count || bytes[offset] & 0xC0 != 0x80 }

    /// The 1-based line and column (in scalars) of a byte offset, and the scalar count of its line.
    func location(of offset: Int) -> (line: Int, column: Int, lineScalars: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let start = lineStarts[low]
        let end = low + 1 < lineStarts.count ? lineStarts[low + 1] - 1 : bytes.count
        return (low + 1, scalarsBefore[offset] - scalarsBefore[start] + 1, scalarsBefore[end] - scalarsBefore[start])
    }
}

/// Counts what a run sends to its host, formatting values as the kernel would, without keeping them.
final class FuzzHost: InterpreterHost {
    var events = 0
    var bytes = 0

    func write(_ text: String, to stream: OutputStreamKind) {
        events += 1
        bytes += text.utf8.count
    }

    func display(_ value: Value) {
        events += 1
        bytes += ValueFormatter.plainText(value).utf8.count
    }

    func clearOutput(wait: Bool) { events += 1 }

    func readInput(prompt: String) -> String? { nil }

    func expressionValue(_ value: Value) {
        events += 1
        bytes += ValueFormatter.plainText(value).utf8.count
    }
}

/// Ends the process, naming the program, if one program runs past the limit (a hang).
///
/// The interpreter runs on its own thread and cannot be killed from outside; without this a hang
/// would stall the whole test run until CI gives up, with no hint of which program it was.
final class FuzzWatchdog: Sendable {
    private struct State {
        var label = ""
        var started: ContinuousClock.Instant?
        var stopped = false
    }

    private let state = Mutex(State())
    private let limit: Duration

    init(limit: Duration) {
        self.limit = limit
        Thread.detachNewThread { [self] in watch() }
    }

    func begin(_ label: String) {
        state.withLock {
            $0.label = label
            $0.started = ContinuousClock.now
        }
    }

    func end() { state.withLock { $0.started = nil } }

    func stop() { state.withLock { $0.stopped = true } }

    private func watch() {
        while true {
            Thread.sleep(forTimeInterval: 0.5)
            let (stopped, hung) = state.withLock { state -> (Bool, String?) in
                guard let started = state.started, ContinuousClock.now - started > limit else { return (state.stopped, nil) }
                return (state.stopped, state.label)
            }
            if stopped { return }
            if let hung {
                let message = "fuzz: HANG: program \(hung) has run for over \(limit); stopping the test process\n"
                FileHandle.standardError.write(Data(message.utf8))
                exit(1)
            }
        }
    }
}
