import HTTPWire
import NIOCore

/// The state of one client connection and every move it can make, as a value: each event returns
/// the one action the connection handler performs (after the manner of SwiftNIO's
/// `HTTPServerPipelineHandler`). No I/O happens here, so each rule is tested on its own
/// (`ClientConnectionStateTests`).
///
/// Requests are answered in order, one at a time, at most `maxWaiting` waiting. A parser refusal or
/// a request past the limit is answered in its turn, after every request before it, and then the
/// connection closes; nothing after it is read. A body over the limit is refused at once when
/// nothing is owed before it, otherwise in its turn.
struct ClientConnectionState {
    /// Whether the connection still reads and writes.
    enum Phase: Equatable {
        /// Reading requests.
        case open
        /// The parser (or the pipeline limit) refused: nothing more is read, answers still owed are
        /// written, the refusal last.
        case refused
        /// A closing answer was written, or the peer went away: nothing more is read or written.
        case closing
    }

    /// What the client timeout waits for.
    enum Awaiting: Equatable {
        /// Nothing owed to this connection, no bytes of a next request yet.
        case idle
        /// The rest of a request head.
        case head
        /// The rest of a body.
        case body
        /// Nothing from the client: an answer is owed (no timeout runs).
        case answer
    }

    /// A request waiting for its turn to be answered.
    enum Queued {
        case request(RequestHead, body: ByteBuffer?, started: NIODeadline)
        /// Its body is over the limit: answered 413, then the connection closes.
        case tooLarge(RequestHead, started: NIODeadline)
        /// The parser refused what came next: answered, then the connection closes.
        case refused(GatewayError)
    }

    /// What the handler does next.
    enum Action {
        case none
        /// (Re)start the client timeout for what is awaited.
        case arm(Awaiting)
        /// Answer this item now (no timeout runs meanwhile); a `.request` is forwarded and
        /// `answerWritten` follows, the others are closing answers.
        case answer(Queued)
    }

    /// What a timeout means in the current state.
    enum Timeout: Equatable {
        case ignore
        /// An idle keep-alive connection: close it.
        case closeIdle
        /// A late head or body: answer 408, then close.
        case refuse(Awaiting)
    }

    /// The request being received.
    private enum Input {
        case betweenRequests
        case receiving(RequestHead, body: ByteBuffer?)
        /// Over the body limit, to be answered in its turn once it ends.
        case overLimit(RequestHead)
        /// Over the body limit and already answered: the rest is ignored.
        case overLimitAnswered
    }

    static let maxWaiting = 16

    let bodyLimit: Int
    private(set) var phase = Phase.open
    private(set) var awaiting = Awaiting.head
    private(set) var responding = false
    private var input = Input.betweenRequests
    private var queue = CircularBuffer<Queued>(initialCapacity: 4)

    init(bodyLimit: Int) { self.bodyLimit = bodyLimit }

    /// Whether a request head has arrived whose request has not ended.
    var isReceiving: Bool {
        if case .betweenRequests = input { false } else { true }
    }

    /// Bytes arrived: nil when they are to be ignored (refused or closing); otherwise the action
    /// (a first byte after an idle wait starts the head timeout).
    mutating func readBegins() -> Action? {
        guard phase == .open else { return nil }
        guard awaiting == .idle else { return Action.none }
        awaiting = .head
        return .arm(.head)
    }

    mutating func head(_ head: RequestHead, now: NIODeadline) -> Action {
        input = .receiving(head, body: nil)
        var action = Action.none
        if awaiting != .answer {
            awaiting = .body
            action = .arm(.body)
        }
        if let length = head.contentLength, length > bodyLimit { return overLimit(head, now: now) ?? action }
        return action
    }

    mutating func body(_ chunk: inout ByteBuffer, now: NIODeadline) -> Action {
        guard case .receiving(let head, var body) = input else { return .none }
        input = .betweenRequests  // the body is held once, not copied on write
        if (body?.readableBytes ?? 0) + chunk.readableBytes > bodyLimit {
            return overLimit(head, now: now) ?? .none
        }
        if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        input = .receiving(head, body: body)
        return .none
    }

    mutating func end(now: NIODeadline) -> Action {
        let item: Queued
        switch input {
        case .betweenRequests, .overLimitAnswered:
            input = .betweenRequests
            return .none
        case .receiving(let head, let body): item = .request(head, body: body, started: now)
        case .overLimit(let head): item = .tooLarge(head, started: now)
        }
        input = .betweenRequests
        guard queue.count < Self.maxWaiting else {
            return refuse(
                .badRequest(
                    code: "PIPELINE_LIMIT",
                    detail: "at most \(Self.maxWaiting) requests may wait on one connection; this one was not read"))
        }
        queue.append(item)
        return owe()
    }

    /// Stops reading and answers `error` in its turn, after every request already taken.
    mutating func refuse(_ error: GatewayError) -> Action {
        phase = .refused
        queue.append(.refused(error))
        return owe()
    }

    /// A forwarded request's answer was written (`keepAlive`: the connection stays open):
    /// the next waiting request, or the timeout for what comes next (`pendingBytes`: part of the
    /// next request has arrived).
    mutating func answerWritten(keepAlive: Bool, pendingBytes: Bool) -> Action {
        responding = false
        if !keepAlive { closing() }
        guard phase != .closing else { return .none }
        if let item = startNext() { return .answer(item) }
        if isReceiving {
            awaiting = .body
        } else {
            awaiting = pendingBytes ? .head : .idle
        }
        return .arm(awaiting)
    }

    /// A closing answer was written or the peer went away: nothing more happens.
    mutating func closing() {
        phase = .closing
        queue.removeAll()
    }

    mutating func timedOut() -> Timeout {
        switch awaiting {
        case .answer: return .ignore
        case .idle:
            closing()
            return .closeIdle
        case .head, .body: return .refuse(awaiting)
        }
    }

    /// Over the limit: answered now when nothing is owed before it (413, then close), else in
    /// its turn once it ends. Nil when it waits.
    private mutating func overLimit(_ head: RequestHead, now: NIODeadline) -> Action? {
        guard !responding, queue.isEmpty else {
            input = .overLimit(head)
            return nil
        }
        input = .overLimitAnswered
        queue.append(.tooLarge(head, started: now))
        return owe()
    }

    /// An answer is owed: no timeout runs; the oldest item is answered unless one is being answered.
    private mutating func owe() -> Action {
        awaiting = .answer
        if let item = startNext() { return .answer(item) }
        return .arm(.answer)
    }

    private mutating func startNext() -> Queued? {
        guard !responding, phase != .closing, let item = queue.popFirst() else { return nil }
        if case .request = item { responding = true }
        return item
    }
}
