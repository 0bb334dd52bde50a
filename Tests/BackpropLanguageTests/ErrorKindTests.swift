import Foundation
import Synchronization
import Testing
@testable import BackpropLanguage

/// One test (at least) per `ename`, each checking the kind, the message and the location.
@Suite struct ErrorKindTests {
    // MARK: - SyntaxError

    @Test func syntaxError() {
        let error = expectError("let ⟪=⟫ 1", .syntaxError, "expected a name after 'let', found '='")
        #expect(error?.value == "expected a name after 'let', found '='")
    }

    // MARK: - NameError

    @Test func nameErrorSuggestsACloseName() {
        expectError("let count = 1\nprint(⟪cuont⟫)", .nameError, "cannot find 'cuont' in scope; did you mean 'count'?")
        expectError("⟪pirnt⟫(1)", .nameError, "cannot find 'pirnt' in scope; did you mean 'print'?")
        expectError("func f() -> Double {\n    let learningRate = 0.1\n    return ⟪learningrate⟫\n}", .nameError,
                    "cannot find 'learningrate' in scope; did you mean 'learningRate'?")
    }

    @Test func nameErrorWithoutACloseNameSaysHowToDeclare() {
        expectError("print(⟪zebra⟫)", .nameError, "cannot find 'zebra' in scope; declare it with 'let zebra = …' first")
    }

    @Test func nameErrorSeesNamesOfEarlierCells() {
        let session = Session()
        #expect(session.error("let weights = [0.5]") == nil)
        expectError("print(⟪wieghts⟫)", .nameError, "cannot find 'wieghts' in scope; did you mean 'weights'?", in: session)
    }

    @Test func unknownStaticMemberIsANameError() {
        expectError("let x = ⟪Int.maximum⟫", .nameError, "'Int' has no member 'maximum'; it has max, min")
    }

    // MARK: - TypeError

    @Test func typeError() {
        expectError("let x = 1\nlet y = ⟪x + true⟫", .typeError, "cannot apply '+' to values of type 'Int' and 'Bool'")
    }

    @Test func typeErrorForComparisons() {
        expectError("let b = ⟪\"a\" < 1⟫", .typeError, "'<' compares numbers or strings, not values of type 'String' and 'Int'")
        expectError("let b = ⟪\"a\" == 1⟫", .typeError, "cannot compare a value of type 'String' with one of type 'Int'")
        expectError("let b = ⟪!1⟫", .typeError, "'!' needs a Bool, found a value of type 'Int'")
    }

    // MARK: - ShapeError

    @Test func shapeError() {
        expectError("let m = Matrix(rows: 2, columns: 3, repeating: 1)\nlet y = ⟪m * [1, 2]⟫", .shapeError,
                    "cannot multiply a 2×3 matrix by a vector of length 2: the matrix's columns (3) must equal the vector's length (2)")
    }

    // MARK: - ValueError

    @Test func valueError() {
        expectError("let n = ⟪Int(\"twelve\")⟫", .valueError, "cannot convert \"twelve\" to Int")
        expectError("let m = ⟪Matrix(rows: 2, columns: -3, repeating: 0)⟫", .valueError,
                    "a matrix needs non-negative rows and columns, got 2×-3")
    }

    // MARK: - RuntimeError

    @Test func runtimeError() {
        expectError("let a = [1, 2, 3]\nlet x = ⟪a[3]⟫", .runtimeError,
                    "index 3 is out of range for an array of 3 elements (valid indices: 0..<3)")
        expectError("let x = ⟪Int.max * 2⟫", .runtimeError, .contains("integer overflow"))
        expectError("let x = ⟪1 % 0⟫", .runtimeError, .contains("division by zero"))
    }

    @Test func emptyReductionsAreValueErrors() {
        expectError("let m = ⟪max([Int]())⟫", .valueError, "cannot take the maximum of an empty array: it needs at least one element")
        expectError("let m = ⟪[String]().min()⟫", .valueError, "cannot take the minimum of an empty array: it needs at least one element")
        expectError("let m = ⟪min(Vector([Double]()))⟫", .valueError, "cannot take the minimum of an empty vector: it needs at least one element")
    }

    @Test func negativeCountsAreValueErrors() {
        expectError("let v = ⟪Vector(repeating: 0, count: -1)⟫", .valueError, "Vector(repeating:count:) needs a count of 0 or more, got -1")
        expectError("let v = ⟪Vector.zeros(-2)⟫", .valueError, "Vector.zeros(_:) needs a count of 0 or more, got -2")
        expectError("let a = ⟪Array(repeating: 1, count: -1)⟫", .valueError, "Array(repeating:count:) needs a count of 0 or more, got -1")
        expectError("let m = ⟪Matrix.identity(-1)⟫", .valueError, "cannot make an identity matrix of size -1: the size must be 0 or more")
    }

    @Test func missingArgumentsOfLibraryFunctionsAreTypeErrors() {
        expectError("let m = ⟪Matrix.identity()⟫", .typeError, "missing argument in call to Matrix.identity; the signature is Matrix.identity(_ n: Int) -> Matrix")
        expectError("let v = ⟪Vector.zeros()⟫", .typeError, "missing argument in call to Vector.zeros; the signature is Vector.zeros(_ count: Int) -> Vector")
        expectError("let m = ⟪Matrix(rows: 2)⟫", .typeError, .contains("missing argument 'columns:' in call to Matrix"))
    }

    /// Every library function and static member, called with missing, extra, mislabelled and
    /// mistyped arguments, gives a located error or a value, and never stops the process.
    @Test func libraryFunctionsSurviveBadArguments() throws {
        var names = Builtins.functions.keys.sorted()
        for (type, members) in Builtins.staticMembers.sorted(by: { $0.key < $1.key }) {
            names += members.keys.sorted().map { "\(type).\($0)" }
        }
        let argumentLists = ["", "1", "-1", "2.5", "\"a\"", "[]", "[1, 2]", "[[1], [2, 3]]", "1, 2", "x: 1", "rows: 1", "rows: -1, columns: 2",
                             "repeating: 1, count: -3", "{ $0 }", ".sigmoid", "[1.0], [1.0, 2.0]", "1, 2, 3, 4"]
        var ran = 0
        for name in names {
            for arguments in argumentLists {
                let session = Session()
                let code = "let r = \(name)(\(arguments))"
                switch session.interpreter.execute(code) {
                case .success: ran += 1
                case .failure(let error):
                    #expect(error.name != "SyntaxError" && error.name != "NameError", "\(code): \(error.value)")
                    #expect(error.primary.range != nil && error.primary.source != nil, "\(code) is not located: \(error.value)")
                }
            }
        }
        #expect(ran > 0)
    }

    // MARK: - Interrupted

    @Test func interruptStopsAnEndlessLoopAndKeepsBindings() throws {
        let session = Session()
        try session.run("var before = 1")
        let interrupter = Interrupter(session.interpreter.interruptFlag, after: 0.2)
        let error = session.error("var count = 0\nbefore = 2\nwhile true { count += 1 }")
        interrupter.stop()
        let interrupted = try #require(error)
        #expect(interrupted.name == "Interrupted")
        #expect(interrupted.primary.message == "interrupted by the user; every binding made before this statement is kept")
        #expect(interrupted.primary.lineAndColumn?.line == 3)
        #expect(try session.run("before") == "2")
        guard case .int(let count)? = session.global("count") else {
            Issue.record("count is not bound: \(String(describing: session.global("count")))")
            return
        }
        #expect(count > 0)
        // The interpreter runs normally afterwards.
        #expect(try session.run("count > 0") == "true")
    }

    @Test func interruptStopsALongForLoopInsideAFunction() throws {
        let session = Session()
        let interrupter = Interrupter(session.interpreter.interruptFlag, after: 0.2)
        let error = session.error("var done = 0\nfunc spin() {\n    for i in 0..<Int.max { done = i }\n}\nspin()\ndone = -1")
        interrupter.stop()
        #expect(error?.name == "Interrupted")
        #expect(error?.primary.lineAndColumn?.line == 3)
        guard case .int(let done)? = session.global("done") else {
            Issue.record("done is not bound")
            return
        }
        #expect(done > 0, "the loop ran and the statement after the call did not")
    }

    @Test func aFlagSetBeforeARunIsCleared() throws {
        let session = Session()
        session.interpreter.interruptFlag.set()
        #expect(try session.run("1 + 1") == "2")
    }

    // MARK: - ResourceError

    @Test func nestingLimitAt10000DeepParentheses() {
        let depth = 10_000
        let code = String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
        let error = expectError(code, .resourceError,
                                "nesting limit reached: expressions and blocks may nest at most 256 levels; split this into smaller pieces")
        #expect(error?.primary.lineAndColumn?.column == 257)
        #expect(error?.diagnostics.count == 1)
    }

    @Test func nestingLimitForOtherDeepShapes() throws {
        let shapes = [
            String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
            String(repeating: "if true {\n", count: 10_000) + String(repeating: "}\n", count: 10_000),
            "let x = " + String(repeating: "-", count: 10_000) + "1",
            "let x = " + String(repeating: "!", count: 10_000) + "true",
            "let a = [0]\nlet x = a" + String(repeating: "[0]", count: 10_000),
            "let x = 1" + String(repeating: " + 1", count: 10_000),
            "let x: " + String(repeating: "[", count: 10_000) + "Int" + String(repeating: "]", count: 10_000) + " = []",
        ]
        for code in shapes {
            let error = try failure(code)
            #expect(error.name == "ResourceError", "\(code.prefix(20)): \(error.primary.message)")
            #expect(error.primary.message.hasPrefix("nesting limit reached"))
        }
    }

    @Test func recursionLimit() {
        expectError("func f(_ n: Int) -> Int { ⟪f(n + 1)⟫ }\nf(0)", .resourceError,
                    "recursion limit: at most 10000 calls may be active at once; check that the recursion reaches its base case")
    }

    @Test func recursionLimitComesFromLimits() throws {
        var limits = Limits()
        limits.maxCallDepth = 50
        let session = Session(limits: limits)
        #expect(try session.run("func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }\ndepth(49)") == "49")
        let error = try #require(session.error("depth(50)"))
        #expect(error.name == "ResourceError")
        #expect(error.primary.message.hasPrefix("recursion limit: at most 50 calls may be active at once"))
    }

    @Test func allocationLimitForAHugeMatrix() {
        expectError("let big = ⟪Matrix(rows: 100000, columns: 100000, repeating: 0)⟫", .resourceError,
                    "allocation limit: one array, vector or matrix may hold at most 67108864 elements, this needs 10000000000")
        expectError("let big = ⟪Matrix.random(rows: Int.max, columns: 2)⟫", .resourceError, .contains("allocation limit"))
        expectError("let big = ⟪Array(0..<Int.max)⟫", .resourceError,
                    "allocation limit: one array may hold at most 67108864 elements, this range has 9223372036854775807")
    }

    @Test func allocationLimitWhileAppending() throws {
        var limits = Limits()
        limits.maxElements = 10
        let session = Session(limits: limits)
        let error = try #require(session.error("var a: [Int] = []\nfor i in 0..<20 { a.append(i) }"))
        #expect(error.name == "ResourceError")
        #expect(error.primary.message == "allocation limit: one array, vector or matrix may hold at most 10 elements, this needs 11")
        #expect(try session.run("a.count") == "10")
    }

    @Test func stringLengthLimitWhenDoubling() throws {
        let session = Session()
        let error = try #require(session.error("var s = \"ab\"\nfor _ in 0..<40 { s = s + s }"))
        #expect(error.name == "ResourceError")
        #expect(error.primary.message == "string length limit: a string may hold at most 16777216 bytes")
        #expect(error.primary.lineAndColumn?.line == 2)
        #expect(try session.run("s.count") == "16777216")
        let viaInterpolation = try #require(session.error("for _ in 0..<2 { s = \"\\(s)\\(s)\" }"))
        #expect(viaInterpolation.name == "ResourceError")
        let viaCompound = try #require(session.error("s += s"))
        #expect(viaCompound.name == "ResourceError")
    }

    @Test func arrayNestingLimit() throws {
        let error = try failure("var a = [1]\nfor _ in 0..<300 { a = [a] }")
        #expect(error.name == "ResourceError")
        #expect(error.primary.message == "array nesting limit: arrays may nest at most 200 levels deep")
    }

    @Test func stepBudget() throws {
        var limits = Limits()
        limits.stepBudget = 1000
        let session = Session(limits: limits)
        let error = try #require(session.error("var n = 0\nwhile true { n += 1 }"))
        #expect(error.name == "ResourceError")
        #expect(error.primary.message == "step budget exhausted: this run may execute at most 1000 statements and loop iterations")
        guard case .int(let n)? = session.global("n") else {
            Issue.record("n is not bound")
            return
        }
        #expect(n > 100 && n < 1000)
        // The budget is per run: the next cell starts afresh.
        #expect(try session.run("var m = 0\nfor _ in 0..<100 { m += 1 }\nm") == "100")
    }

    @Test func stepBudgetCountsClosureCallsInLibraryLoops() throws {
        var limits = Limits()
        limits.stepBudget = 500
        let error = try failure("let a = Array(0..<100000).map { $0 * 2 }", limits: limits)
        #expect(error.name == "ResourceError")
        #expect(error.primary.message.hasPrefix("step budget exhausted"))
    }
}

/// Sets an interrupt flag from another thread, again and again after a delay, until stopped.
///
/// Repeating the signal makes the test independent of when `execute` clears the flag.
final class Interrupter: Sendable {
    private let done = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(_ flag: InterruptFlag, after delay: TimeInterval) {
        let thread = Thread { [self] in
            Thread.sleep(forTimeInterval: delay)
            while !done.load(ordering: .relaxed) {
                flag.set()
                Thread.sleep(forTimeInterval: 0.01)
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops signalling and waits until the thread has stopped.
    func stop() {
        done.store(true, ordering: .relaxed)
        finished.wait()
    }
}
