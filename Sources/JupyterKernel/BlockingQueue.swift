#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A first-in first-out queue that a consumer thread can wait on (a pthread mutex and condition).
public final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    // Guarded by `mutex`; the pthread objects live at fixed addresses, as POSIX requires.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var items: [Element] = []
    private var head = 0

    /// Creates an empty queue.
    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if canImport(Glibc)
        // Timed waits measure a monotonic clock, so a change of the wall clock cannot stall them.
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Adds an element at the back and wakes a waiting consumer.
    public func push(_ element: Element) {
        pthread_mutex_lock(mutex)
        items.append(element)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Removes the front element, waiting for one; with a timeout, nil when none came in time.
    public func pop(timeoutMilliseconds: Int? = nil) -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let timeoutMilliseconds {
            let deadline = Self.deadline(afterMilliseconds: timeoutMilliseconds)
            while head == items.count {
                var when = deadline
                if pthread_cond_timedwait(condition, mutex, &when) == ETIMEDOUT, head == items.count { return nil }
            }
        } else {
            while head == items.count { pthread_cond_wait(condition, mutex) }
        }
        return takeFront()
    }

    /// Removes the front element if there is one, without waiting.
    public func tryPop() -> Element? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return head == items.count ? nil : takeFront()
    }

    /// Removes every element.
    public func removeAll() {
        pthread_mutex_lock(mutex)
        items.removeAll()
        head = 0
        pthread_mutex_unlock(mutex)
    }

    /// How many elements are waiting.
    public var count: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return items.count - head
    }

    /// Takes the front element; the caller holds the mutex and knows one is there.
    private func takeFront() -> Element {
        let element = items[head]
        head += 1
        // Compact now and then instead of shifting the array on every pop.
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return element
    }

    private static func deadline(afterMilliseconds milliseconds: Int) -> timespec {
        var now = timespec()
        #if canImport(Glibc)
        clock_gettime(CLOCK_MONOTONIC, &now)
        #else
        clock_gettime(CLOCK_REALTIME, &now)
        #endif
        let clamped = max(0, min(milliseconds, 1 << 40))
        let nanoseconds = Int(now.tv_nsec) + (clamped % 1000) * 1_000_000
        now.tv_sec += clamped / 1000 + nanoseconds / 1_000_000_000
        now.tv_nsec = nanoseconds % 1_000_000_000
        return now
    }
}
