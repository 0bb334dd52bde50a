import Synchronization

/// The inputs of this kernel process's cells that had `store_history`, for history_request.
///
/// Everything is one session, numbered 1 (a restarted kernel starts a new, empty history);
/// outputs are not kept, so `output: true` requests get `null` outputs.
public final class History: Sendable {
    /// One stored cell.
    public struct Entry: Sendable, Equatable {
        /// The execution count the cell ran with.
        public var line: Int
        /// The cell's code.
        public var input: String
    }

    /// The session number entries are reported with.
    public static let session = 1

    private let entries = Mutex<[Entry]>([])

    /// Creates an empty history.
    public init() {}

    /// Stores a cell's input.
    public func append(line: Int, input: String) {
        entries.withLock { $0.append(Entry(line: line, input: input)) }
    }

    /// All stored entries, oldest first.
    public var all: [Entry] { entries.withLock { $0 } }

    /// The last `n` entries.
    public func tail(_ n: Int) -> [Entry] {
        let all = self.all
        return Array(all.suffix(max(0, n)))
    }

    /// Entries with `start <= line < stop` (a `stop` of nil or below 1 means to the end), for
    /// the given session (0 and 1 both mean this one; others have nothing).
    public func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        guard session == 0 || session == History.session else { return [] }
        let end: Int = if let stop, stop >= 1 { stop } else { Int.max }
        return all.filter { $0.line >= start && $0.line < end }
    }

    /// Entries whose input matches a glob pattern (`*` any run, `?` one character), the last `n`
    /// of them (all when nil); with `unique`, only the latest of equal inputs.
    ///
    /// The search runs on the shell thread, so its work is bounded: after ``searchBudget`` steps
    /// of matching it stops and returns what it found (a hostile pattern such as `*a*a*…b` over
    /// long cells would otherwise stall every request behind it).
    public func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        let glob = Array(pattern.unicodeScalars)
        var budget = Self.searchBudget
        var found: [Entry] = []
        for entry in all {
            guard budget > 0 else { break }
            if Self.matches(Array(entry.input.unicodeScalars), glob, budget: &budget) { found.append(entry) }
        }
        if unique {
            var seen = Set<String>()
            found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let n, n >= 0 { found = Array(found.suffix(n)) }
        return found
    }

    /// How many matching steps one search may take (about 50 ms).
    static let searchBudget = 20_000_000

    /// Glob matching without recursion: the classic greedy star backtracking; every step spends
    /// one unit of `budget`, and an exhausted budget means no match.
    static func matches(_ text: [Unicode.Scalar], _ pattern: [Unicode.Scalar], budget: inout Int) -> Bool {
        var t = 0
        var p = 0
        var star = -1
        var mark = 0
        while t < text.count {
            budget -= 1
            if budget <= 0 { return false }
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
