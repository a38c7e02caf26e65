import HTTPWire
import NIOCore

/// One client connection: parses its bytes with the strict `RequestParser`, collects each request
/// (refusing bodies over the limit as soon as the limit is crossed), hands it to `GatewayCore`, and
/// writes the answer as one buffer. Pipelined requests are answered in order, one at a time (at most
/// 16 waiting). A parser refusal — smuggling framings, bare LF, folding, oversized heads — is
/// answered in its turn with a 400 (431) problem, then the connection closes; nothing after it is
/// read, and nothing unparsed is ever forwarded.
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

    init(core: GatewayCore, client: ClientInfo) {
        self.core = core
        self.client = client
        self.parser = RequestParser(maxHeadBytes: core.config.maxHeaderBytes)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let info = event as? ClientInfo {
            client = info
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing, !refused else { return }
        var buffer = unwrapInboundIn(data)
        if var earlier = pending {
            pending = nil
            earlier.writeBuffer(&buffer)
            buffer = earlier
        }
        do {
            while !closing, let event = try parser.next(&buffer) { received(event, context: context) }
        } catch {
            refused = true
            guard waiting.count < Self.maxWaiting else { return close(context: context) }
            waiting.append(.refused(GatewayError(error)))
            if !responding { next(context: context) }
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
            guard waiting.count < Self.maxWaiting else { return close(context: context) }
            waiting.append(tooLarge ? .tooLarge(exchange) : .request(exchange))
            if !responding { next(context: context) }
        }
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
            }
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
