/// A place that can be assigned or mutated in place: a variable, an element, a property.
///
/// `modify` hands the stored value to `body` as `inout`, so `a.append(x)` and `w[0][1] = 0.5`
/// change storage in place when it is uniquely referenced (no copy per append).
class LValue {
    let range: SourceRange

    init(range: SourceRange) {
        self.range = range
    }

    /// The current value.
    func get(_ frame: Frame) throws -> Value {
        var result = Value.void
        try modify(frame, mutating: false) { result = $0 }
        return result
    }

    /// Gives `body` the stored value to change in place.
    ///
    /// - Parameter mutating: whether the change goes inside the value (`a[0] = 1`, `a.append`),
    ///   which a `let` forbids unless the value is a reference (a library object).
    func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        throw Diagnostic(.typeError, "cannot assign to this expression", at: range)
    }

    /// The annotation of the stored value (`var a: [Double]`), when there is one.
    func declaredType(_ frame: Frame) -> TypeSpec? { nil }

    static func letError(_ name: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.typeError, "cannot assign to '\(name)': it is a 'let' constant; declare it with 'var'", at: range)
    }

    /// Changing an element of a `let` array or matrix (`a[0] = 1`, `a.append(1)`) assigns to the
    /// constant, as in Swift, so it gets the same message.
    static func letMutationError(_ name: String, at range: SourceRange) -> Diagnostic {
        letError(name, at: range)
    }
}

extension LValue {
    /// Changes a captured variable in its box, after the checks a local and a capture share.
    static func modify(_ box: Box, _ binding: LocalBinding, mutating: Bool, at range: SourceRange,
                       _ body: (inout Value) throws -> Void) throws {
        if case .uninitialized = box.value { throw Names.usedBeforeDeclaration(binding.name, at: range) }
        if binding.isLet, mutating, !box.value.isReference { throw LValue.letMutationError(binding.name, at: range) }
        try body(&box.value)
    }
}

/// A local variable.
final class LocalLValue: LValue {
    let binding: LocalBinding

    init(_ binding: LocalBinding, range: SourceRange) {
        self.binding = binding
        super.init(range: range)
    }

    override func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        let slot = frame.slots + binding.slot
        if case .box(let box) = slot.pointee {
            try LValue.modify(box, binding, mutating: mutating, at: range, body)
        } else {
            if binding.isLet, mutating, !slot.pointee.isReference { throw LValue.letMutationError(binding.name, at: range) }
            try body(&slot.pointee)
        }
    }

    override func declaredType(_ frame: Frame) -> TypeSpec? { binding.type }
}

/// A variable captured by the running closure.
final class CaptureLValue: LValue {
    let index: Int
    let binding: LocalBinding

    init(index: Int, binding: LocalBinding, range: SourceRange) {
        self.index = index
        self.binding = binding
        super.init(range: range)
    }

    override func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        guard let function = frame.function, index < function.captures.count else {
            throw Names.usedBeforeDeclaration(binding.name, at: range)
        }
        try LValue.modify(function.captures[index], binding, mutating: mutating, at: range, body)
    }

    override func declaredType(_ frame: Frame) -> TypeSpec? { binding.type }
}

/// A global variable; its `let`-ness and annotation are checked at run time, since a later
/// cell may redeclare it.
final class GlobalLValue: LValue {
    let index: Int
    let name: String

    init(index: Int, name: String, range: SourceRange) {
        self.index = index
        self.name = name
        super.init(range: range)
    }

    override func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        let runtime = frame.runtime
        let slot = runtime.globals + index
        if case .uninitialized = slot.pointee { throw Names.neverInitialized(name, at: range) }
        if runtime.globalIsLet[index] {
            if !mutating { throw LValue.letError(name, at: range) }
            if !slot.pointee.isReference { throw LValue.letMutationError(name, at: range) }
        }
        try body(&slot.pointee)
    }

    override func declaredType(_ frame: Frame) -> TypeSpec? {
        let types = frame.runtime.globalTypes
        return index < types.count ? types[index] : nil
    }
}

/// `base[index]` as a place.
final class SubscriptLValue: LValue {
    let base: LValue
    let index: Node
    /// The base when it is itself an element (`w[k]` in `w[k][j]`), to skip the checks of a replaced element
    /// there; `base` keeps it alive.
    private unowned(unsafe) let elementBase: SubscriptLValue?
    /// Whether the variable indexed into may have an annotation (locals are known when compiling).
    private let mayBeAnnotated: Bool

    init(base: LValue, index: Node, range: SourceRange) {
        self.base = base
        self.index = index
        self.elementBase = base as? SubscriptLValue
        var root = base
        while let element = root as? SubscriptLValue { root = element.base }
        if let local = root as? LocalLValue {
            mayBeAnnotated = local.binding.type != nil
        } else if let capture = root as? CaptureLValue {
            mayBeAnnotated = capture.binding.type != nil
        } else {
            mayBeAnnotated = root is GlobalLValue
        }
        super.init(range: range)
    }

    /// Changes the element; when `mutating` (an assignment), as a replaced element (see `replace`).
    override func modify(_ frame: Frame, mutating: Bool, _ body: (inout Value) throws -> Void) throws {
        if mutating {
            try modifyElement(frame) { element in try replace(&element, frame, body) }
        } else {
            try modifyElement(frame, body)
        }
    }

    /// Changes the element in place without the checks of a replaced element (for `a[i].append(x)`,
    /// which must not look at the whole row on each call).
    func modifyInPlace(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        try modifyElement(frame, body)
    }

    /// Hands the element to `body`; the enclosing elements on the way to it are changed in place
    /// with no checks (only the element assigned is replaced).
    private func modifyElement(_ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        let indexValue = try index.eval(frame)
        let range = self.range
        if let inner = elementBase {
            try inner.modifyElement(frame) { container in
                try Subscripts.modify(&container, indexValue, at: range, body)
            }
        } else {
            try base.modify(frame, mutating: true) { container in
                try Subscripts.modify(&container, indexValue, at: range, body)
            }
        }
    }

    /// Replaces an element through `body`. An element replaced by one of the same scalar kind
    /// needs nothing more (an annotated array holds converted values); otherwise an Int (or an
    /// array of Ints) replacing a Double becomes a Double, and the annotation converts it.
    @inline(__always)
    private func replace(_ element: inout Value, _ frame: Frame, _ body: (inout Value) throws -> Void) throws {
        let kind = element.scalarKind
        let wasDouble = kind == 2 || (kind == 0 && Coerce.isDoubleLike(element))
        try body(&element)
        if kind != 0, kind == element.scalarKind { return }
        if wasDouble { element = Coerce.withIntsAsDoubles(element) }
        if mayBeAnnotated, let type = declaredType(frame) { element = try type.convert(element, at: range) }
    }

    /// The element type of the annotated array this indexes into.
    override func declaredType(_ frame: Frame) -> TypeSpec? {
        guard case .array(let element)? = base.declaredType(frame) else { return nil }
        if case .any = element { return nil }
        return element
    }
}
