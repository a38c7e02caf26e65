import NIOCore
import NIOHTTP1

/// One client connection: collects each request (refusing bodies over the limit as soon as the
/// limit is crossed), hands it to `GatewayCore`, and writes the answer as one buffer. Pipelined
/// requests are answered in order, one at a time (at most 16 waiting). Parser errors — smuggling
/// framings, bare LF, folding, oversized heads — become a 400 problem and the connection closes;
/// nothing unparsed is ever forwarded.
final class GatewayHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let core: GatewayCore
    private var client: ClientInfo
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    private var waiting: [(GatewayCore.Exchange, tooLarge: Bool)] = []
    private var responding = false
    private var closing = false
    private static let maxWaiting = 16

    init(core: GatewayCore, client: ClientInfo) {
        self.core = core
        self.client = client
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let info = event as? ClientInfo {
            client = info
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = nil
            tooLarge = false
            if let length = h.headers.first(name: "Content-Length").flatMap(Int.init), length > core.config.bodyLimit {
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
                closing = true
                context.close(promise: nil)
                return
            }
            waiting.append((exchange, tooLarge))
            if !responding { next(context: context) }
        }
    }

    /// A body over the limit is refused at once (413, then close) when nothing is answered before
    /// it, without reading the rest; behind pipelined requests it is refused in turn.
    private func refuseEarly(context: ChannelHandlerContext) {
        guard !responding, waiting.isEmpty, let h = head else { return }
        let exchange = GatewayCore.Exchange(head: h, body: nil, client: client, started: .now())
        waiting.append((exchange, true))
        head = nil
        next(context: context)
    }

    /// Answers the oldest waiting request.
    private func next(context: ChannelHandlerContext) {
        guard !closing, !waiting.isEmpty else { return }
        let (exchange, tooLarge) = waiting.removeFirst()
        let keepAlive = exchange.head.isKeepAlive && !tooLarge
        if tooLarge {
            let trail = GatewayCore.Trail(requestID: RequestID.make(), internalID: RequestID.make())
            let r = core.finish(
                .problem(.bodyTooLarge(limit: core.config.bodyLimit), requestID: trail.requestID), exchange, trail)
            write(r, keepAlive: false, context: context)
            return
        }
        responding = true
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        core.handle(exchange, on: context.eventLoop) { r in
            let (handler, context) = bound.value
            handler.responding = false
            handler.write(r, keepAlive: keepAlive && !r.closeConnection, context: context)
            handler.next(context: context)
        }
    }

    private func write(_ r: GatewayResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        guard !closing else { return }
        let bytes = wrapOutboundOut(r.encode(keepAlive: keepAlive, allocator: context.channel.allocator))
        guard !keepAlive else {
            context.writeAndFlush(bytes, promise: nil)
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
        guard let parserError = error as? HTTPParserError, !responding, !closing else {
            context.close(promise: nil)
            return
        }
        let e: GatewayError
        switch parserError {
        case .headerOverflow: e = .headersTooLarge
        case .unexpectedContentLength, .invalidContentLength:
            e = .badRequest(
                code: "MALFORMED_HTTP", detail: "the message framing is ambiguous (Content-Length / Transfer-Encoding)")
        default: e = .badRequest(code: "MALFORMED_HTTP", detail: "the request is not valid HTTP/1.1")
        }
        var r = GatewayResponse.problem(e, requestID: RequestID.make())
        r.requestID = RequestID.make()
        write(r, keepAlive: false, context: context)
    }
}
