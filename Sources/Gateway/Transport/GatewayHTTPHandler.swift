import HTTPWire
import NIOCore
import Synchronization

/// One client connection: parses its bytes with the strict `RequestParser`, feeds each event to its
/// `ClientConnectionState` and performs the action that comes back — arm a timeout, forward a
/// request to `GatewayCore`, or write a closing answer — writing each answer as one buffer. The
/// state decides; this class does the I/O. A parser refusal (smuggling framings, bare LF, folding,
/// oversized heads) or a 17th waiting request is answered in its turn with a 400 (431) problem, then
/// the connection closes; nothing unparsed is ever forwarded.
///
/// Slow clients cannot hold the connection: a request head must arrive within the header timeout
/// (counted from the connection's start, or from the first byte after an answer), a body within
/// the body timeout, and an idle keep-alive connection closes after the idle timeout. No timeout
/// runs while the gateway owes an answer.
final class GatewayHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    typealias Awaiting = ClientConnectionState.Awaiting

    private let core: GatewayCore
    private var client: ClientInfo
    private var parser: RequestParser
    private var state: ClientConnectionState
    /// Received bytes not parsed yet (part of a head, say).
    private var pending: ByteBuffer?
    /// The last answer's buffer, reused for the next one: once the socket has taken it, nothing
    /// else holds it, and clearing it keeps its memory (a buffer still held is copied on write
    /// instead). Only small ones are kept, so an idle connection holds a few KiB at most.
    private var reusable: ByteBuffer?
    private static let maxReusedBytes = 8192

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
        self.state = ClientConnectionState(bodyLimit: core.config.bodyLimit)
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

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let begin = state.readBegins() else { return }
        lastActive.store(RateLimiter.monotonicNanos(), ordering: .relaxed)
        perform(begin, context: context)
        var buffer = unwrapInboundIn(data)
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&buffer)
            buffer = earlier
        }
        do {
            while state.phase == .open, let event = try parser.next(&buffer) {
                switch event {
                case .head(let h): perform(state.head(h, now: .now()), context: context)
                case .body(var chunk): perform(state.body(&chunk, now: .now()), context: context)
                case .end: perform(state.end(now: .now()), context: context)
                }
            }
        } catch {
            return perform(state.refuse(GatewayError(error)), context: context)
        }
        if state.phase != .closing, buffer.readableBytes > 0 { pending = buffer }
    }

    /// Carries out what the state decided.
    private func perform(_ action: ClientConnectionState.Action, context: ChannelHandlerContext) {
        switch action {
        case .none: break
        case .arm(let what): arm(what, context: context)
        case .answer(let item):
            arm(.answer, context: context)
            answer(item, context: context)
        }
    }

    /// Answers one item: a request is forwarded, the others are closing answers.
    private func answer(_ item: ClientConnectionState.Queued, context: ChannelHandlerContext) {
        switch item {
        case .refused(let error):
            write(core.refusal(error), keepAlive: false, context: context)
        case .tooLarge(let head, let started):
            let exchange = GatewayCore.Exchange(head: head, body: nil, client: client, started: started)
            let trail = GatewayCore.Trail(requestID: RequestID.make(), internalID: RequestID.make())
            let r = core.finish(
                .problem(.bodyTooLarge(limit: core.config.bodyLimit), requestID: trail.requestID), exchange, trail)
            write(r, keepAlive: false, context: context)
        case .request(let head, let body, let started):
            let exchange = GatewayCore.Exchange(head: head, body: body, client: client, started: started)
            let keepAlive = head.keepAlive
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            core.handle(exchange, on: context.eventLoop) { r in
                let (handler, context) = bound.value
                let stays = keepAlive && !r.closeConnection
                handler.write(r, keepAlive: stays, context: context)
                handler.lastActive.store(RateLimiter.monotonicNanos(), ordering: .relaxed)
                handler.perform(
                    handler.state.answerWritten(keepAlive: stays, pendingBytes: handler.pending != nil),
                    context: context)
            }
        }
    }

    /// Starts the timeout for what is awaited now (none while an answer is owed). The deadline is
    /// only recorded here; one scheduled check per connection follows it (re-scheduled when it
    /// finds the deadline moved), so a request costs a clock read, not a timer.
    private func arm(_ what: Awaiting, context: ChannelHandlerContext) {
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
            guard handler.state.phase != .closing, let due = handler.deadline else { return }
            if due > .now() { return handler.schedule(at: due, context: context) }
            handler.timedOut(context: context)
        }
    }

    private func timedOut(context: ChannelHandlerContext) {
        switch state.timedOut() {
        case .ignore: break
        case .closeIdle:
            core.metrics.clientTimeout("idle")
            context.close(promise: nil)
        case .refuse(let what):
            core.metrics.clientTimeout(what == .head ? "header" : "body")
            // 408, then close: the client may still read why.
            write(core.refusal(.requestTimeout), keepAlive: false, context: context)
        }
    }

    private func write(_ r: GatewayResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard state.phase != .closing else { return }
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
        state.closing()
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
        state.closing()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
