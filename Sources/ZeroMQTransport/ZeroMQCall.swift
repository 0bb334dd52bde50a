import CZeroMQ
import JupyterKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small helpers around libzmq's C calls: error text, EINTR retries and the log.
enum ZeroMQCall {
    /// libzmq's explanation of an error number (it also knows its own ETERM, EFSM, …).
    static func describe(_ code: Int32) -> String {
        guard let text = zmq_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// The error of the last failed libzmq call on this thread.
    static var lastError: Int32 { zmq_errno() }

    /// An error naming what failed and libzmq's reason, for the launcher's log.
    static func failure(_ what: String, code: Int32 = zmq_errno()) -> KernelError {
        KernelError("\(what): \(describe(code))")
    }

    /// Runs a libzmq call again while a signal interrupts it: the kernel installs a SIGINT handler,
    /// and an interrupted poll or receive must not look like a dead socket.
    @inline(__always)
    static func retryingInterrupts(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || zmq_errno() != EINTR { return result }
        }
    }

    /// Writes one line to stderr, where a kernel's launcher collects the log.
    static func log(_ line: String) {
        let text = "backprop-kernel: zeromq: \(line)\n"
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }
}
