import CZeroMQ
import JupyterKernel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One libzmq socket and the calls made on it.
///
/// libzmq sockets are not thread-safe, so a handle is confined to one owner thread at a time: the
/// thread that created it until it is handed over, then the channel thread that runs its loop (the
/// hand-over goes through `pthread_create`, a full memory barrier, as libzmq requires).
/// `@unchecked Sendable` only lets that hand-over compile.
final class SocketHandle: @unchecked Sendable {
    /// What one receive produced.
    enum Receipt {
        /// A whole multipart message.
        case message([[UInt8]])
        /// A message over the frame or byte limit, received in full and thrown away.
        case dropped(frames: Int, bytes: Int)
        /// Nothing was waiting (only with `ZMQ_DONTWAIT`) or the receive timed out.
        case nothing
        /// The context is shutting down (ETERM).
        case terminated
        /// Any other libzmq error.
        case failed(Int32)
    }

    /// The libzmq socket; nil once closed.
    private(set) var raw: UnsafeMutableRawPointer?

    /// Creates a socket of a libzmq type (`ZMQ_ROUTER`, …) in a context.
    init(context: UnsafeMutableRawPointer, type: Int32, name: String) throws {
        guard let socket = zmq_socket(context, type) else {
            throw ZeroMQCall.failure("cannot create the \(name) socket")
        }
        raw = socket
    }

    deinit { close() }

    /// Closes the socket; what is still queued is sent for up to the socket's linger time.
    func close() {
        guard let socket = raw else { return }
        raw = nil
        _ = zmq_close(socket)
    }

    /// Sets an `int` option.
    func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        try setOption(option, &value, MemoryLayout<Int32>.size)
    }

    /// Sets an `int64_t` option (`ZMQ_MAXMSGSIZE`).
    func setOption(_ option: Int32, _ value: Int64) throws {
        var value = value
        try setOption(option, &value, MemoryLayout<Int64>.size)
    }

    /// Sets a binary option (`ZMQ_ROUTING_ID`, `ZMQ_SUBSCRIBE`).
    func setOption(_ option: Int32, bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            try setOption(option, buffer.baseAddress, buffer.count)
        }
    }

    private func setOption(_ option: Int32, _ value: UnsafeRawPointer?, _ size: Int) throws {
        guard let socket = raw else { throw KernelError("the socket is closed") }
        if zmq_setsockopt(socket, option, value, size) != 0 {
            throw ZeroMQCall.failure("cannot set socket option \(option)")
        }
    }

    /// The endpoint the socket last bound to, with the port the system chose for `*` or 0.
    func lastEndpoint() -> String? {
        guard let socket = raw else { return nil }
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        let status = buffer.withUnsafeMutableBytes {
            zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, $0.baseAddress, &size)
        }
        guard status == 0 else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            pointer.baseAddress.map { String(cString: $0) }
        }
    }

    /// Binds to an endpoint.
    ///
    /// - Throws: ``KernelError`` naming the endpoint and libzmq's reason.
    func bind(_ endpoint: String) throws {
        guard let socket = raw else { throw KernelError("cannot bind to \(endpoint): the socket is closed") }
        if zmq_bind(socket, endpoint) != 0 {
            throw ZeroMQCall.failure("cannot bind to \(endpoint)")
        }
    }

    /// Connects to an endpoint (libzmq connects in the background and reconnects by itself).
    func connect(_ endpoint: String) throws {
        guard let socket = raw else {
            throw KernelError("cannot connect to \(endpoint): the socket is closed")
        }
        if zmq_connect(socket, endpoint) != 0 {
            throw ZeroMQCall.failure("cannot connect to \(endpoint)")
        }
    }

    /// Sends a multipart message, `ZMQ_SNDMORE` on all frames but the last.
    ///
    /// - Returns: 0, or the libzmq error that stopped it (EAGAIN with `ZMQ_DONTWAIT` and a full
    ///   queue, ETERM while shutting down).
    func send(_ frames: [[UInt8]], flags: Int32) -> Int32 {
        guard let socket = raw else { return ENOTSOCK }
        // libzmq has no empty multipart message; an empty frame is the nearest thing.
        if frames.isEmpty { return send([[]], flags: flags) }
        let last = frames.count - 1
        for index in frames.indices {
            let partFlags = index == last ? flags : flags | ZMQ_SNDMORE
            let status = frames[index].withUnsafeBytes { buffer in
                ZeroMQCall.retryingInterrupts {
                    zmq_send(socket, buffer.baseAddress, buffer.count, partFlags)
                }
            }
            // Only the first frame can fail without leaving half a message: libzmq queues later
            // parts as soon as the first is accepted, and the errors left (ETERM) end the socket.
            if status < 0 { return zmq_errno() }
        }
        return 0
    }

    /// Receives one whole multipart message.
    ///
    /// The parts of a message arrive together, so only the first receive can wait. A message of
    /// more than `maximumFrames` frames or `maximumBytes` bytes is still received to the end (so the
    /// next receive starts at a message boundary) and reported as `.dropped`.
    func receive(flags: Int32, maximumFrames: Int = .max, maximumBytes: Int = .max) -> Receipt {
        guard let socket = raw else { return .failed(ENOTSOCK) }
        var frames: [[UInt8]] = []
        var frameCount = 0
        var byteCount = 0
        var oversized = false
        var more = true
        while more {
            var message = zmq_msg_t()
            // zmq_msg_t keeps small messages inline, so its data pointer is only valid at this address.
            let error: Int32 = withUnsafeMutablePointer(to: &message) { message in
                zmq_msg_init(message)
                defer { zmq_msg_close(message) }
                let status = ZeroMQCall.retryingInterrupts {
                    zmq_msg_recv(message, socket, frameCount == 0 ? flags : 0)
                }
                if status < 0 { return zmq_errno() }
                let size = zmq_msg_size(message)
                frameCount += 1
                byteCount += size
                if frameCount > maximumFrames || byteCount > maximumBytes {
                    oversized = true
                    frames = []
                } else if let data = zmq_msg_data(message), size > 0 {
                    frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
                } else {
                    frames.append([])
                }
                more = zmq_msg_more(message) != 0
                return 0
            }
            if error != 0 {
                if error == EAGAIN && frameCount == 0 { return .nothing }
                if error == ETERM { return .terminated }
                return .failed(error)
            }
        }
        return oversized ? .dropped(frames: frameCount, bytes: byteCount) : .message(frames)
    }

    /// Waits until a message can be received, up to `milliseconds` (-1: forever).
    ///
    /// - Returns: whether one is waiting, or the libzmq error.
    func waitReadable(milliseconds: Int) -> Result<Bool, KernelError> {
        guard let socket = raw else { return .failure(KernelError("the socket is closed")) }
        var item = zmq_pollitem_t(socket: socket, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let deadline = milliseconds < 0 ? nil : MonotonicClock.milliseconds() + milliseconds
        while true {
            let timeout = deadline.map { max(0, $0 - MonotonicClock.milliseconds()) } ?? -1
            let count = zmq_poll(&item, 1, timeout)
            if count >= 0 { return .success(count > 0) }
            let error = zmq_errno()
            // A signal cuts the wait short; the deadline keeps the total wait what was asked.
            if error == EINTR { continue }
            return .failure(ZeroMQCall.failure("cannot wait for a message", code: error))
        }
    }
}
