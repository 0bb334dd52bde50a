#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CThreadStack

/// Runs work with a large stack, so deep (but limited) recursion in the parser and evaluator
/// cannot overflow the small stack of the caller's thread.
///
/// A thread that already has a large stack (the kernel's execution thread is created with
/// `stackSize`) runs the work inline: creating a thread per cell would cost more than the
/// rest of a `1 + 1` round trip.
enum LargeStackThread {
    /// The stack size of evaluation threads.
    static let stackSize = 512 << 20

    /// The stack that must remain on the calling thread for the work to run inline. A thread
    /// created with `stackSize` qualifies: its own frames use far less than the 16 MiB slack.
    static let inlineMinimum = stackSize - (16 << 20)

    private final class Job: @unchecked Sendable {
        let work: (Int) -> Void
        init(_ work: @escaping (Int) -> Void) { self.work = work }
    }

    /// Runs `work` with at least `inlineMinimum` bytes of stack and waits for it; `work` gets
    /// the bytes of stack it may use.
    ///
    /// On the calling thread when enough of its stack is left, otherwise on a new thread with a
    /// `stackSize` stack; falls back to the calling thread if a thread cannot be created.
    static func run(_ work: @escaping (_ stackSize: Int) -> Void) {
        if let remaining = remainingStack(), remaining >= inlineMinimum {
            work(remaining)
            return
        }
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
            // The caller's thread: what is left of it, or assume the usual 8 MiB main-thread stack.
            job.takeRetainedValue().work(remainingStack() ?? (8 << 20))
            return
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        if let thread { pthread_join(thread, nil) }
        #endif
    }

    /// The bytes of stack left below the caller's frame on the current thread, if the system says.
    static func remainingStack() -> Int? {
        let here = currentAddress()
        var lowest: UnsafeMutableRawPointer?
        var size = 0
        guard backprop_thread_stack(&lowest, &size) == 0, let lowest else { return nil }
        let bottom = UInt(bitPattern: lowest)
        guard here > bottom else { return nil }
        return Int(here - bottom)
    }

    /// An address near the top of the current stack, to measure how much stack is left.
    @inline(never)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
