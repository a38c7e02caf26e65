import NIOCore

/// The life of one pooled connection as a value: each event (a request enqueued, the connection
/// up, an answer parsed, a failure) moves it and returns the one action `PooledConnection`
/// performs, as NIO's `HTTPServerPipelineHandler` does. Moves that cannot happen (a request on a
/// connection that takes no more, connecting twice) are preconditions.
struct PooledConnectionState<Waiter> {
    /// Where the connection is in its life.
    enum Phase {
        /// Connecting: requests are held, in order, until the connection is up.
        case connecting(held: [ByteBuffer])
        /// Up: requests are written as they come.
        case open
        /// Failed, closed, or told `Connection: close`: it carries nothing more.
        case closed
    }

    /// What to do with an enqueued request.
    enum EnqueueAction {
        case write(ByteBuffer)
        case hold
    }

    /// What to do when the connection is up.
    enum ConnectedAction {
        /// Write what was held and flush.
        case writeAndFlush([ByteBuffer])
        /// It failed while connecting: close it.
        case close
    }

    /// What to do with a parsed answer.
    enum AnswerAction {
        /// Hand the answer to `waiter`. With `settleFirst`, give the connection back to the pool
        /// first, so that whoever gets it can send on it at once; then do `next`.
        case deliver(Waiter, settleFirst: Bool, next: AfterAnswer)
        /// An answer nobody asked for: the framing is lost, nothing more is trusted.
        case fail(WireError)
    }

    /// What follows a delivered answer.
    enum AfterAnswer: Equatable {
        /// Bytes of the next answer are buffered: parse on.
        case parseMore
        /// Wait for more bytes.
        case wait
        /// The connection is done (`Connection: close`, or bytes after the last expected answer).
        case fail(WireError)
    }

    private(set) var phase: Phase = .connecting(held: [])
    /// The requests written or held, awaiting answers, oldest first.
    private(set) var waiting = CircularBuffer<Waiter>(initialCapacity: 4)
    /// Whether the newest request waiting is not idempotent: nothing is pipelined behind it
    /// (RFC 9112 §9.3.2), so a broken connection never leaves a retry-unsafe request in doubt
    /// behind another.
    private var newestIsUnsafe = false

    /// False once the connection can carry no other request.
    var reusable: Bool {
        if case .closed = phase { return false }
        return true
    }

    /// Whether another request may be enqueued now.
    var acceptsMore: Bool { reusable && (waiting.isEmpty || !newestIsUnsafe) }

    mutating func enqueue(_ bytes: ByteBuffer, idempotent: Bool, waiter: Waiter) -> EnqueueAction {
        precondition(acceptsMore, "a request on a connection that takes no more")
        newestIsUnsafe = !idempotent
        waiting.append(waiter)
        switch phase {
        case .connecting(var held):
            held.append(bytes)
            phase = .connecting(held: held)
            return .hold
        case .open:
            return .write(bytes)
        case .closed:
            preconditionFailure("unreachable: acceptsMore is false when closed")
        }
    }

    mutating func connected() -> ConnectedAction {
        switch phase {
        case .connecting(let held):
            phase = .open
            return .writeAndFlush(held)
        case .closed:
            return .close
        case .open:
            preconditionFailure("a connection came up twice")
        }
    }

    /// The answer to the oldest request was parsed; `moreBuffered`: bytes follow it.
    mutating func answered(keepAlive: Bool, moreBuffered: Bool) -> AnswerAction {
        guard let waiter = waiting.popFirst() else { return .fail(.invalid("an answer nobody asked for")) }
        // After `Connection: close` the server answers nothing more; bytes after the last answer
        // expected were not asked for.
        if !keepAlive || (moreBuffered && waiting.isEmpty) { phase = .closed }
        let next: AfterAnswer =
            !reusable
            ? .fail(moreBuffered ? .invalid("an answer nobody asked for") : .closed)
            : moreBuffered ? .parseMore : .wait
        return .deliver(waiter, settleFirst: reusable && waiting.isEmpty, next: next)
    }

    /// The connection failed or is being closed: it takes nothing more, and every waiter returned
    /// fails (none the second time).
    mutating func fail() -> CircularBuffer<Waiter> {
        phase = .closed
        let failed = waiting
        waiting.removeAll()
        return failed
    }
}
