#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A POSIX thread running one closure, for the channel loops (no Foundation in the kernel).
final class NativeThread: @unchecked Sendable {
    // Written once by `start` on the creating thread, read by `join` on the same thread.
    #if canImport(Glibc)
        private var thread = pthread_t()
    #else
        private var thread: pthread_t?
    #endif
    private var started = false

    private final class Job: @unchecked Sendable {
        let work: @Sendable () -> Void
        init(_ work: @escaping @Sendable () -> Void) { self.work = work }
    }

    /// Stack for a channel thread: the receiver's callbacks run on it, so give it the usual
    /// main-thread size whatever `ulimit -s` says.
    static let stackSize = 8 << 20

    /// Starts `work` on a new thread that has SIGINT blocked.
    ///
    /// The kernel interrupts cells with SIGINT; keeping it off the transport threads means the
    /// handler runs on a thread that cares and the socket loops are not woken with EINTR for it.
    ///
    /// - Returns: false if the system refused to create a thread.
    func start(_ work: @escaping @Sendable () -> Void) -> Bool {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, NativeThread.stackSize)
        var blocked = sigset_t()
        var previous = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        // A new thread inherits its creator's mask: block around the create, then restore ours.
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let job = Unmanaged.passRetained(Job(work))
        let status = pthread_create(
            &thread, &attributes,
            { context in
                guard let context else { return nil }
                Unmanaged<Job>.fromOpaque(context).takeRetainedValue().work()
                return nil
            }, job.toOpaque())
        if status != 0 {
            job.release()
            return false
        }
        started = true
        return true
    }

    /// Waits for the thread to finish (returns at once if it never started).
    func join() {
        guard started else { return }
        started = false
        #if canImport(Glibc)
            pthread_join(thread, nil)
        #else
            if let thread { pthread_join(thread, nil) }
        #endif
    }

    /// Lets the thread finish on its own; its resources are freed when it ends.
    func detach() {
        guard started else { return }
        started = false
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            if let thread { pthread_detach(thread) }
        #endif
    }

    /// A number that tells the calling thread apart from every other running thread.
    static func currentID() -> UInt {
        #if canImport(Glibc)
            return UInt(pthread_self())
        #else
            return UInt(bitPattern: pthread_self())
        #endif
    }
}
