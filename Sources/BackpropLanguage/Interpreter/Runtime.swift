import NeuralNet

/// The state of one interpreter that evaluation reads and writes: globals, the frame arena,
/// step and depth counters, the interrupt flag and the host.
///
/// Owned by the evaluation thread while a run is in progress.
final class Runtime {
    let limits: Limits
    let interrupt: InterruptFlag
    unowned(unsafe) let host: InterpreterHost

    // Hot counters: the evaluator is single-threaded, so skip dynamic exclusivity checks.
    @exclusivity(unchecked) var steps = 0
    @exclusivity(unchecked) var stepLimit = Int.max
    @exclusivity(unchecked) var callDepth = 0
    @exclusivity(unchecked) var stackLimit: UInt = 0
    @exclusivity(unchecked) var returnValue: Value = .void
    /// Where the value being returned was written, for errors converting it to the result type.
    @exclusivity(unchecked) var returnRange = SourceRange(0, 0)
    /// The value of the cell's last shown expression statement.
    var lastValue: Value?

    // MARK: Globals

    /// Global values by index; capacity grows only between runs, so nodes never hold the pointer.
    @exclusivity(unchecked) var globals: UnsafeMutablePointer<Value>
    private(set) var globalCapacity: Int
    /// Per-global facts the evaluator checks at run time (a later cell may redeclare a name).
    @exclusivity(unchecked) var globalIsLet: [Bool] = []
    @exclusivity(unchecked) var globalTypes: [TypeSpec?] = []
    var globalNames: [String] = []
    var globalIndex: [String: Int] = [:]

    // MARK: Frames

    /// The arena that holds every active frame's slots, a stack.
    @exclusivity(unchecked) var arena: UnsafeMutablePointer<Value>
    @exclusivity(unchecked) var arenaTop = 0
    let arenaCapacity: Int

    init(host: InterpreterHost, interrupt: InterruptFlag, limits: Limits) {
        self.host = host
        self.interrupt = interrupt
        self.limits = limits
        self.globalCapacity = 256
        self.globals = UnsafeMutablePointer<Value>.allocate(capacity: 256)
        self.arenaCapacity = 1 << 22
        self.arena = UnsafeMutablePointer<Value>.allocate(capacity: 1 << 22)
    }

    deinit {
        // Freeing what a program built can recurse once per level of it (a long chain of
        // closures, say), so it happens on a large stack, whichever thread drops the interpreter.
        let globals = self.globals
        let count = globalNames.count
        LargeStackThread.run { _ in
            globals.deinitialize(count: count)
            globals.deallocate()
        }
        arena.deallocate()
    }

    /// The index of a global, adding an uninitialized one if the name is new.
    ///
    /// An existing global keeps its value and facts until its new declaration runs.
    func addGlobalName(_ name: String) -> Int {
        if let existing = globalIndex[name] { return existing }
        let index = globalNames.count
        if index == globalCapacity {
            let bigger = UnsafeMutablePointer<Value>.allocate(capacity: globalCapacity * 2)
            bigger.moveInitialize(from: globals, count: index)
            globals.deallocate()
            globals = bigger
            globalCapacity *= 2
        }
        (globals + index).initialize(to: .uninitialized)
        globalNames.append(name)
        globalIsLet.append(false)
        globalTypes.append(nil)
        globalIndex[name] = index
        return index
    }

    /// Removes globals added after `count` (a cell that failed to compile adds nothing).
    func truncateGlobals(to count: Int, restoring saved: [(index: Int, isLet: Bool, type: TypeSpec?)]) {
        while globalNames.count > count {
            let name = globalNames.removeLast()
            globalIsLet.removeLast()
            globalTypes.removeLast()
            globalIndex[name] = nil
            (globals + globalNames.count).deinitialize(count: 1)
        }
        for entry in saved where entry.index < globalNames.count {
            globalIsLet[entry.index] = entry.isLet
            globalTypes[entry.index] = entry.type
        }
    }

    // MARK: Checks

    /// The check point between statements and loop iterations: interrupt flag and step budget.
    @inline(__always)
    func tick(_ range: SourceRange) throws {
        steps &+= 1
        if steps >= stepLimit || interrupt.isSet { try tickSlow(range) }
    }

    @inline(never)
    private func tickSlow(_ range: SourceRange) throws {
        if interrupt.isSet {
            throw Diagnostic(.interrupted, "interrupted by the user; every binding made before this statement is kept", at: range)
        }
        if steps >= stepLimit {
            throw Diagnostic(.resourceError, "step budget exhausted: this run may execute at most \(limits.stepBudget ?? 0) statements and loop iterations", at: range)
        }
    }

    /// The check point of the library's long loops (a training step, a gradient-check
    /// parameter): counts one step and answers whether to stop, for an interrupt or the budget.
    func libraryShouldStop() -> Bool {
        steps &+= 1
        return steps >= stepLimit || interrupt.isSet
    }

    /// The error for a library loop that stopped at ``libraryShouldStop()``: Interrupted, or a
    /// ResourceError when the step budget ran out.
    func libraryStopError(_ progress: String, at range: SourceRange) -> Diagnostic {
        if interrupt.isSet {
            return Diagnostic(.interrupted, "interrupted by the user: \(progress)", at: range)
        }
        return Diagnostic(.resourceError, "step budget exhausted: \(progress)", at: range)
    }

    /// Checks the element-count limit for a new array, vector or matrix.
    @inline(__always)
    func checkSize(_ count: Int, _ range: SourceRange) throws {
        if count > limits.maxElements || count < 0 { throw sizeError(count, range) }
    }

    @inline(never)
    func sizeError(_ count: Int, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.resourceError, "allocation limit: one array, vector or matrix may hold at most \(limits.maxElements) elements, this needs \(count)", at: range)
    }

    /// Checks that writing `values` out as text stays within the print limit.
    func checkPrintable(_ values: [Value], _ range: SourceRange) throws {
        var total = 0
        var bytes = 0
        for value in values {
            total += ValueFormatter.elementCount(value, upTo: limits.maxPrintedElements + 1 - total)
            if total > limits.maxPrintedElements {
                throw Diagnostic(.resourceError, "output limit: one print, String(x) or interpolation writes at most \(limits.maxPrintedElements) elements; show(x) displays a summary of a large matrix", at: range)
            }
            // Strings count by their bytes: a few long strings can be as large as many numbers.
            bytes += ValueFormatter.estimatedLength(value, upTo: limits.maxStringLength + 1 - bytes)
            if bytes > limits.maxStringLength {
                throw Diagnostic(.resourceError, "string length limit: this output would be longer than \(limits.maxStringLength) bytes", at: range)
            }
        }
    }

    /// Checks the string-length limit.
    @inline(__always)
    func checkString(_ text: String, _ range: SourceRange) throws {
        if text.utf8.count > limits.maxStringLength {
            throw Diagnostic(.resourceError, "string length limit: a string may hold at most \(limits.maxStringLength) bytes", at: range)
        }
    }
}

/// What a statement tells the statements around it.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

/// The collector of a builder block's expression values (the `Network { … }` block).
final class BuilderCollector {
    /// Each collected value with the range of the statement that gave it, for messages.
    var values: [(value: Value, range: SourceRange)] = []
}

/// One active function call: its slots in the arena, its closure (for captures) and the runtime.
struct Frame {
    let slots: UnsafeMutablePointer<Value>
    let function: FunctionValue?
    unowned(unsafe) let runtime: Runtime
    let collector: BuilderCollector?
}
