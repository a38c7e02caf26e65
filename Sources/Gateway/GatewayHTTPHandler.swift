import NIOCore
import NIOHTTP1

/// One client connection: collects each request (refusing bodies over the limit as soon as the
/// limit is crossed), hands it to `GatewayCore`, and writes the answer. Parser errors — smuggling
/// framings, bare LF, folding, oversized heads — become a 400 problem and the connection closes;
/// nothing unparsed is ever forwarded.
final class GatewayHTTPHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let core: GatewayCore
    private var client: ClientInfo
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var tooLarge = false
    private var responding = false

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
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = nil
            tooLarge = false
            if let length = h.headers.first(name: "Content-Length").flatMap(Int.init), length > core.config.bodyLimit {
                tooLarge = true
            }
        case .body(var chunk):
            guard !tooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > core.config.bodyLimit {
                tooLarge = true
                body = nil
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let h = head else { return }
            head = nil
            let exchange = GatewayCore.Exchange(head: h, body: body, client: client, started: .now())
            body = nil
            if tooLarge {
                let r = core.finish(
                    .problem(.bodyTooLarge(limit: core.config.bodyLimit), requestID: RequestID.make()), exchange,
                    .init(requestID: RequestID.make(), internalID: RequestID.make()))
                write(r, keepAlive: false, context: context)
                return
            }
            responding = true
            let loop = context.eventLoop
            let requestKeepAlive = h.isKeepAlive
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            core.handle(exchange, on: loop).whenComplete { result in
                let (handler, context) = bound.value
                handler.responding = false
                switch result {
                case .success(let r):
                    handler.write(r, keepAlive: requestKeepAlive && !r.closeConnection, context: context)
                case .failure:
                    handler.write(
                        .problem(.internalFailure, requestID: RequestID.make()), keepAlive: false, context: context)
                }
            }
        }
    }

    private func write(_ r: GatewayResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var head = HTTPResponseHead(version: .http1_1, status: r.status, headers: r.headers)
        head.headers.replaceOrAdd(name: "Content-Length", value: String(r.body.readableBytes))
        if !keepAlive { head.headers.replaceOrAdd(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if r.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(r.body))), promise: nil) }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in ctx.value.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError, !responding else {
            context.close(promise: nil)
            return
        }
        let detail: String
        switch error as? HTTPParserError {
        case .headerOverflow?: detail = "the header block is too large"
        case .unexpectedContentLength?, .invalidContentLength?:
            detail = "the message framing is ambiguous (Content-Length / Transfer-Encoding)"
        default: detail = "the request is not valid HTTP/1.1"
        }
        let e: GatewayError =
            (error as? HTTPParserError) == .headerOverflow
            ? .headersTooLarge : .badRequest(code: "MALFORMED_HTTP", detail: detail)
        write(.problem(e, requestID: RequestID.make()), keepAlive: false, context: context)
    }
}
