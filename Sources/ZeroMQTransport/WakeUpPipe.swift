import JupyterKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A nonblocking pipe one thread writes a byte into to wake another that polls its read end.
///
/// libzmq's `zmq_poll` accepts plain file descriptors next to sockets, so a pipe lets a channel
/// thread sleep in one infinite poll yet wake at once when another thread queues a message; no
/// timeouts on the hot path. A pipe rather than an eventfd keeps one code path on Linux and macOS.
/// The descriptors are closed only when the last owner lets go, so a late writer never hits a
/// reused descriptor number.
final class WakeUpPipe: Sendable {
    /// The end to poll and read.
    let readDescriptor: Int32
    /// The end to write.
    private let writeDescriptor: Int32

    /// Opens the pipe, both ends nonblocking and close-on-exec (the kernel starts subprocesses).
    init() throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw KernelError("cannot create a wake-up pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes the read end readable; never blocks (a full pipe already wakes the reader).
    func signal() {
        var byte: UInt8 = 1
        while write(writeDescriptor, &byte, 1) < 0 && errno == EINTR {}
    }

    /// Reads everything written so far, so the next poll sleeps again.
    ///
    /// - Returns: how many signals were read.
    @discardableResult
    func drain() -> Int {
        var total = 0
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let capacity = MemoryLayout.size(ofValue: buffer)
        while true {
            let count = read(readDescriptor, &buffer, capacity)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return total }
            total += count
            if count < capacity { return total }
        }
    }

    /// Waits until the pipe is readable or `milliseconds` have passed (a negative wait is forever).
    ///
    /// - Returns: whether it is readable.
    func wait(milliseconds: Int) -> Bool {
        var item = pollfd(fd: readDescriptor, events: Int16(POLLIN), revents: 0)
        let deadline = MonotonicClock.milliseconds() + milliseconds
        while true {
            let timeout = milliseconds < 0 ? -1 : max(0, deadline - MonotonicClock.milliseconds())
            let count = poll(&item, 1, Int32(clamping: timeout))
            if count < 0 && errno == EINTR { continue }
            return count > 0
        }
    }
}
