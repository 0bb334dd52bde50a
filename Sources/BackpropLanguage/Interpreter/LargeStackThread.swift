#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a fresh thread with a large stack, so deep (but limited) recursion in the
/// parser and evaluator cannot overflow the small stack of the caller's thread.
enum LargeStackThread {
    /// The stack size of evaluation threads.
    static let stackSize = 512 << 20

    private final class Job: @unchecked Sendable {
        let work: (Int) -> Void
        init(_ work: @escaping (Int) -> Void) { self.work = work }
    }

    /// Runs `work` on a new thread with a `stackSize` stack and waits for it; `work` gets the stack size.
    ///
    /// Falls back to the calling thread if a thread cannot be created.
    static func run(_ work: @escaping (_ stackSize: Int) -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        let job = Unmanaged.passRetained(Job(work))
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            let job = Unmanaged<Job>.fromOpaque(context).takeRetainedValue()
            job.work(LargeStackThread.stackSize)
            return nil
        }, job.toOpaque())
        if status != 0 {
            // The caller's thread: assume the usual 8 MiB main-thread stack.
            job.takeRetainedValue().work(8 << 20)
            return
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
    }

    /// An address near the top of the current stack, to measure how much stack is left.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
