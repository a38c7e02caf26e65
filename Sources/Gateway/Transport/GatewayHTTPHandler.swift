import HTTPWire
import NIOCore
import Synchronization

/// One client connection: parses its bytes with the strict `RequestParser`, collects each request
/// (refusing bodies over the limit as soon as the limit is crossed), hands it to `GatewayCore`, and
/// writes the answer as one buffer. Pipelined requests are answered in order, one at a time (at most
/// 16 waiting). A parser refusal — smuggling framings, bare LF, folding, oversized heads — or a
/// 17th waiting request is answered in its turn, after every request before it, with a 400 (431)
/// problem, then the connection closes; nothing after it is read, and nothing unparsed is ever
/// forwarded.
///
/// Slow clients cannot hold the connection: a request head must arrive within the header timeout
/// (counted from the connection's start, or from the first byte after an answer), a body within
/// the body timeout, and an idle keep-alive connection closes after the idle timeout. No timeout
/// runs while the gateway owes an answer.
final class GatewayHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A request waiting for its turn to be answered.
    private enum Waiting {
        case request(GatewayCore.Exchange)
        /// Its body is over the limit: answered 413, then the connection closes.
        case tooLarge(GatewayCore.Exchange)
        /// The parser refused what came next: answered, then the connection closes.
        case refused(GatewayError)
    }

    private let core: GatewayCore
    private var client: ClientInfo
    private var parser: RequestParser
    /// Received bytes not parsed yet (part of a head, say).
    private var pending: ByteBuffer?
    private var head: RequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    private var waiting = CircularBuffer<Waiting>(initialCapacity: 4)
    private var responding = false
    private var closing = false
    /// Set once the parser refused: nothing more is read from this connection.
    private var refused = false
    /// The last answer's buffer, reused for the next one: once the socket has taken it, nothing
    /// else holds it, and clearing it keeps its memory (a buffer still held is copied on write
    /// instead). Only small ones are kept, so an idle connection holds a few KiB at most.
    private var reusable: ByteBuffer?
    private static let maxWaiting = 16
    private static let maxReusedBytes = 8192

    /// What the client timeout is waiting for.
    private enum Awaiting {
        /// Nothing owed to this connection, no bytes of a next request yet.
        case idle
        /// The rest of a request head.
        case head
        /// The rest of a body.
        case body
        /// Nothing from the client: an answer is owed.
        case answer
    }

    private var awaiting = Awaiting.head
    /// When what is awaited is late (nil while an answer is owed).
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    /// When the client last made progress (monotonic nanoseconds), for the connection cap.
    let lastActive = Atomic<Int64>(0)
    /// Whether an answer is owed (such a connection is never closed for the cap).
    let owesAnswer = Atomic<Bool>(false)

    init(core: GatewayCore, client: ClientInfo) {
        self.core = core
        self.client = client
        self.parser = RequestParser(maxHeadBytes: core.config.maxHeaderBytes)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let info = event as? ClientInfo {
            client.key = info.key  // the listener's door stays
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        lastActive.store(RateLimiter.monotonicNanos(), ordering: .relaxed)
        core.connections.opened(self, context: context)
        arm(.head, context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        core.connections.closed(self)
    }

    /// Starts the timeout for what is awaited now (none while an answer is owed). The deadline is
    /// only recorded here; one scheduled check per connection follows it (re-scheduled when it
    /// finds the deadline moved), so a request costs a clock read, not a timer.
    private func arm(_ what: Awaiting, context: ChannelHandlerContext) {
        awaiting = what
        owesAnswer.store(what == .answer, ordering: .relaxed)
        let ms: Int
        switch what {
        case .answer:
            deadline = nil
            return
        case .idle: ms = core.config.clientIdleTimeoutMs
        case .head: ms = core.config.clientHeaderTimeoutMs
        case .body: ms = core.config.clientBodyTimeoutMs
        }
        let due = NIODeadline.now() + .milliseconds(Int64(ms))
        deadline = due
        if timer == nil { schedule(at: due, context: context) }
    }

    private func schedule(at due: NIODeadline, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(deadline: due) {
            let (handler, context) = bound.value
            handler.timer = nil
            guard !handler.closing, let due = handler.deadline else { return }
            if due > .now() { return handler.schedule(at: due, context: context) }
            handler.timedOut(handler.awaiting, context: context)
        }
    }

    private func timedOut(_ what: Awaiting, context: ChannelHandlerContext) {
        guard what != .answer else { return }
        core.metrics.clientTimeout(what == .idle ? "idle" : what == .head ? "header" : "body")
        guard what != .idle else { return close(context: context) }
        // 408, then close: the client may still read why.
        write(core.refusal(.requestTimeout), keepAlive: false, context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, !refused else { return }
        lastActive.store(RateLimiter.monotonicNanos(), ordering: .relaxed)
        if awaiting == .idle { arm(.head, context: context) }
        var buffer = unwrapInboundIn(data)
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&buffer)
            buffer = earlier
        }
        do {
            while !closing, !refused, let event = try parser.next(&buffer) { received(event, context: context) }
        } catch {
            refuse(GatewayError(error), context: context)
            return
        }
        if !closing, buffer.readableBytes > 0 { pending = buffer }
    }

    private func received(_ event: RequestParser.Event, context: ChannelHandlerContext) {
        switch event {
        case .head(let h):
            head = h
            body = nil
            tooLarge = false
            if awaiting != .answer { arm(.body, context: context) }
            if let length = h.contentLength, length > core.config.bodyLimit {
                tooLarge = true
                refuseEarly(context: context)
            }
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > core.config.bodyLimit {
                tooLarge = true
                body = nil
                refuseEarly(context: context)
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let h = head else { return }
            head = nil
            let exchange = GatewayCore.Exchange(head: h, body: body, client: client, started: .now())
            body = nil
            guard waiting.count < Self.maxWaiting else {
                return refuse(
                    .badRequest(
                        code: "PIPELINE_LIMIT",
                        detail: "at most \(Self.maxWaiting) requests may wait on one connection; this one was not read"),
                    context: context)
            }
            waiting.append(tooLarge ? .tooLarge(exchange) : .request(exchange))
            arm(.answer, context: context)
            if !responding { next(context: context) }
        }
    }

    /// Stops reading and answers `error` in its turn, after every request already taken.
    private func refuse(_ error: GatewayError, context: ChannelHandlerContext) {
        refused = true
        waiting.append(.refused(error))
        arm(.answer, context: context)
        if !responding { next(context: context) }
    }

    private func close(context: ChannelHandlerContext) {
        closing = true
        context.close(promise: nil)
    }

    /// A body over the limit is refused at once (413, then close) when nothing is answered before
    /// it, without reading the rest; behind pipelined requests it is refused in turn.
    private func refuseEarly(context: ChannelHandlerContext) {
        guard !responding, waiting.isEmpty, let h = head else { return }
        let exchange = GatewayCore.Exchange(head: h, body: nil, client: client, started: .now())
        waiting.append(.tooLarge(exchange))
        head = nil
        arm(.answer, context: context)
        next(context: context)
    }

    /// Answers the oldest waiting request.
    private func next(context: ChannelHandlerContext) {
        guard !closing, let item = waiting.popFirst() else { return }
        switch item {
        case .refused(let error):
            write(core.refusal(error), keepAlive: false, context: context)
        case .tooLarge(let exchange):
            let trail = GatewayCore.Trail(requestID: RequestID.make(), internalID: RequestID.make())
            let r = core.finish(
                .problem(.bodyTooLarge(limit: core.config.bodyLimit), requestID: trail.requestID), exchange, trail)
            write(r, keepAlive: false, context: context)
        case .request(let exchange):
            responding = true
            let keepAlive = exchange.head.keepAlive
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            core.handle(exchange, on: context.eventLoop) { r in
                let (handler, context) = bound.value
                handler.responding = false
                handler.write(r, keepAlive: keepAlive && !r.closeConnection, context: context)
                handler.next(context: context)
                handler.answered(context: context)
            }
        }
    }

    /// After an answer: with nothing more owed, the next request's head (if some of it came) or
    /// the idle timeout.
    private func answered(context: ChannelHandlerContext) {
        guard !closing, !responding, waiting.isEmpty else { return }
        lastActive.store(RateLimiter.monotonicNanos(), ordering: .relaxed)
        if head != nil {
            arm(.body, context: context)
        } else {
            arm(pending == nil ? .idle : .head, context: context)
        }
    }

    private func write(_ r: GatewayResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard !closing else { return }
        var out = reusable ?? context.channel.allocator.buffer(capacity: 1024)
        reusable = nil
        out.clear()
        r.encode(keepAlive: keepAlive, into: &out)
        let bytes = wrapOutboundOut(out)
        guard !keepAlive else {
            context.writeAndFlush(bytes, promise: nil)
            if out.capacity <= Self.maxReusedBytes { reusable = out }
            return
        }
        closing = true
        waiting.removeAll()
        // Lingering close: stop writing, keep discarding what the client still sends for up to
        // 2 s, then close — closing with unread input would reset the connection and could
        // destroy the answer before the client reads it.
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(bytes).whenComplete { _ in
            ctx.value.close(mode: .output, promise: nil)
            ctx.value.eventLoop.scheduleTask(in: .seconds(2)) { ctx.value.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
