/// Runs Backprop code: parses, compiles and evaluates cells, keeping bindings between them.
///
/// Each `execute` runs with a large stack (on a fresh thread, unless the caller's thread has
/// one) and returns when done. Output goes to the host as it happens. Bindings made before an
/// error stay; the next `execute` sees every global of the earlier ones (the kernel relies on this).
public final class Interpreter {
    /// How the values of top-level expression statements are shown.
    public enum EchoMode: Sendable {
        /// A notebook cell: the last top-level expression statement is the result.
        case lastExpression
        /// A script under `run`: every top-level expression statement's value goes to the host.
        case everyExpression
    }

    /// The outcome of one `execute`.
    public enum Outcome {
        /// The run finished; the cell's result value, if its last statement was a shown expression.
        case success(Value?)
        /// The run stopped at an error (or several syntax errors).
        case failure(LanguageError)
    }

    /// The flag another thread sets to interrupt a run.
    public let interruptFlag: InterruptFlag
    /// The limits every run obeys.
    public let limits: Limits
    /// Whether each run starts by clearing `interruptFlag`, so an interrupt sent between runs
    /// does not stop the next one.
    ///
    /// A host that clears the flag itself when it marks a run as started (the kernel, which
    /// must not lose an interrupt that arrives while a cell is starting) sets this to false.
    public var clearsInterruptOnStart = true
    private let runtime: Runtime

    /// Creates an interpreter with no bindings.
    ///
    /// - Parameters:
    ///   - host: where output goes and input comes from; held unowned, so keep it alive.
    ///   - interruptFlag: set from another thread to stop a run at its next statement.
    ///   - limits: the resource limits.
    public init(host: InterpreterHost, interruptFlag: InterruptFlag = InterruptFlag(), limits: Limits = Limits()) {
        self.interruptFlag = interruptFlag
        self.limits = limits
        self.runtime = Runtime(host: host, interrupt: interruptFlag, limits: limits)
    }

    /// Runs one cell or script.
    ///
    /// - Parameters:
    ///   - code: the program text.
    ///   - name: the name diagnostics use (a path, `<stdin>`, or a cell name).
    ///   - echo: which expression values are shown.
    public func execute(_ code: String, name: String = "<cell>", echo: EchoMode = .lastExpression) -> Outcome {
        var outcome = Outcome.success(nil)
        LargeStackThread.run { [self] stackSize in
            outcome = executeOnThisThread(code, name: name, echo: echo, stackSize: stackSize)
        }
        return outcome
    }

    /// The names of every global bound so far, in declaration order.
    public var globalNames: [String] { runtime.globalNames }

    /// The current value of a global, if it is bound.
    public func value(of name: String) -> Value? {
        guard let index = runtime.globalIndex[name] else { return nil }
        if case .uninitialized = runtime.globals[index] { return nil }
        return runtime.globals[index]
    }

    /// The value of a property (`net.weights`, `data.inputs`), or nil if the value has no such
    /// property; for completion and inspection, which read without running code.
    ///
    /// Call it between runs, on the thread that runs them.
    public func property(_ name: String, of value: Value) -> Value? {
        try? Methods.property(value, name, at: SourceRange(0, 0), runtime: runtime)
    }

    /// Runs a closure as a builder block (as `Network { … }` will) and returns the value of
    /// each of its expression statements, one per iteration inside `for` loops.
    func collectBuilder(_ closure: Value) -> Result<[Value], LanguageError> {
        var outcome: Result<[Value], LanguageError> = .success([])
        LargeStackThread.run { [self] stackSize in
            guard case .function(let function) = closure else {
                outcome = .failure(LanguageError(Diagnostic(.typeError, "a builder block must be a closure")))
                return
            }
            prepareRun(stackSize: stackSize)
            do {
                outcome = .success(try runtime.callBuilder(function, at: SourceRange(0, 0)).map(\.value))
            } catch let diagnostic as Diagnostic {
                outcome = .failure(LanguageError(diagnostic))
            } catch {
                outcome = .failure(LanguageError(Diagnostic(.runtimeError, "\(error)")))
            }
        }
        return outcome
    }

    /// Resets the per-run state on the thread about to evaluate: stack guard, counters, interrupt.
    private func prepareRun(stackSize: Int) {
        // Leave 16 MiB for the deepest unchecked recursion (parsing, printing) below the limit.
        let top = LargeStackThread.currentAddress()
        let usable = UInt(Swift.max(stackSize - (16 << 20), stackSize / 2))
        runtime.stackLimit = top > usable ? top - usable : 0
        runtime.steps = 0
        runtime.stepLimit = limits.stepBudget ?? Int.max
        runtime.callDepth = 0
        runtime.returnValue = .void
        runtime.lastValue = nil
        if clearsInterruptOnStart { interruptFlag.clear() }
    }

    private func executeOnThisThread(_ code: String, name: String, echo: EchoMode, stackSize: Int) -> Outcome {
        prepareRun(stackSize: stackSize)

        let source = Source(name: name, text: code)
        let statements: [Stmt]
        switch Parser.parse(source, maxDepth: limits.maxNesting) {
        case .success(let parsed): statements = parsed
        case .failure(let error): return .failure(error)
        }
        let cell: Compiler.Cell
        switch Compiler.compile(statements, source: source, runtime: runtime,
                                echo: echo == .lastExpression ? .lastExpression : .everyExpression) {
        case .success(let compiled): cell = compiled
        case .failure(let error): return .failure(error)
        }
        do {
            let slots = try runtime.pushFrame(cell.slotCount, at: SourceRange(0, 0))
            defer { runtime.popFrame(slots, cell.slotCount) }
            let frame = Frame(slots: slots, function: nil, runtime: runtime, collector: nil)
            for statement in cell.statements {
                try runtime.tick(statement.range)
                _ = try statement.exec(frame)
            }
        } catch var diagnostic as Diagnostic {
            if diagnostic.source == nil, diagnostic.range != nil { diagnostic.source = source }
            runtime.returnValue = .void
            return .failure(LanguageError(diagnostic))
        } catch {
            return .failure(LanguageError(Diagnostic(.runtimeError, "\(error)")))
        }
        let result = runtime.lastValue
        runtime.lastValue = nil
        return .success(result)
    }
}
