import NIOCore
import NIOHTTP1
import NIOPosix

/// A request to the wallet, fully buffered.
struct UpstreamRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: ByteBuffer?
}

/// The wallet's answer, fully buffered.
struct UpstreamResponse: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
}

/// Why the upstream could not answer; each maps to a 502/503/504 problem.
enum UpstreamError: Error, Sendable {
    case connect(String)
    case timeout
    case closed
    case tooLarge

    var gatewayError: GatewayError {
        switch self {
        case .connect(let d): .upstreamUnavailable(d)
        case .timeout: .upstreamTimeout
        case .closed: .upstreamBadResponse("the connection closed before a full answer")
        case .tooLarge: .upstreamBadResponse("the answer is too large")
        }
    }
}

/// Keep-alive HTTP/1.1 connections to the wallet, one pool per event loop: a request is sent on a
/// connection owned by the loop that accepted it, so the proxy path takes no lock and no thread
/// hop. Connect, request and idle timeouts are enforced here.
final class UpstreamPool: Sendable {
    /// Timeouts and sizes.
    struct Settings: Sendable {
        var host: String
        var port: Int
        var connectTimeout: TimeAmount = .seconds(1)
        var requestTimeout: TimeAmount = .seconds(15)
        var idleTimeout: TimeAmount = .seconds(30)
        var maxIdlePerLoop = 64
        var maxResponseBytes = 8 * 1024 * 1024
    }

    let settings: Settings
    private let pools: [ObjectIdentifier: LoopPool]

    init(group: MultiThreadedEventLoopGroup, settings: Settings) {
        self.settings = settings
        var pools: [ObjectIdentifier: LoopPool] = [:]
        for loop in group.makeIterator() { pools[ObjectIdentifier(loop)] = LoopPool(loop: loop, settings: settings) }
        self.pools = pools
    }

    /// Sends `request` from `loop` (which must be one of the group's loops).
    func execute(_ request: UpstreamRequest, on loop: any EventLoop) -> EventLoopFuture<UpstreamResponse> {
        guard let pool = pools[ObjectIdentifier(loop)] else {
            return loop.makeFailedFuture(UpstreamError.connect("no pool for this event loop"))
        }
        if loop.inEventLoop { return pool.execute(request) }
        return loop.flatSubmit { pool.execute(request) }
    }
}

/// The connections of one event loop; only ever touched on that loop.
private final class LoopPool: @unchecked Sendable {
    let loop: any EventLoop
    let settings: UpstreamPool.Settings
    private var idle: [(channel: any Channel, handler: UpstreamHandler, since: NIODeadline)] = []

    init(loop: any EventLoop, settings: UpstreamPool.Settings) {
        self.loop = loop
        self.settings = settings
    }

    func execute(_ request: UpstreamRequest) -> EventLoopFuture<UpstreamResponse> {
        loop.preconditionInEventLoop()
        let now = NIODeadline.now()
        while let c = idle.popLast() {
            if c.channel.isActive && now - c.since < settings.idleTimeout {
                return send(request, on: c.channel, handler: c.handler)
            }
            c.channel.close(promise: nil)
        }
        let handler = UpstreamHandler(maxBytes: settings.maxResponseBytes)
        return ClientBootstrap(group: loop)
            .connectTimeout(settings.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            .connect(host: settings.host, port: settings.port)
            .flatMapError { error in self.loop.makeFailedFuture(UpstreamError.connect("\(type(of: error))")) }
            .flatMap { channel in self.send(request, on: channel, handler: handler) }
    }

    private func send(_ request: UpstreamRequest, on channel: any Channel, handler: UpstreamHandler)
        -> EventLoopFuture<UpstreamResponse>
    {
        let promise = loop.makePromise(of: UpstreamResponse.self)
        handler.pending = promise
        var head = HTTPRequestHead(
            version: .http1_1, method: request.method, uri: request.uri, headers: request.headers)
        head.headers.replaceOrAdd(name: "Host", value: "\(settings.host):\(settings.port)")
        head.headers.replaceOrAdd(name: "Content-Length", value: String(request.body?.readableBytes ?? 0))
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if let body = request.body, body.readableBytes > 0 {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timeout = loop.scheduleTask(in: settings.requestTimeout) {
            handler.fail(UpstreamError.timeout)
            channel.close(promise: nil)
        }
        return promise.futureResult.always { result in
            timeout.cancel()
            guard case .success(let response) = result else {
                channel.close(promise: nil)
                return
            }
            if response.head.isKeepAlive && channel.isActive && self.idle.count < self.settings.maxIdlePerLoop {
                self.idle.append((channel, handler, .now()))
            } else {
                channel.close(promise: nil)
            }
        }
    }
}

/// Collects one response at a time from an upstream connection.
private final class UpstreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    var pending: EventLoopPromise<UpstreamResponse>?
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func fail(_ error: UpstreamError) {
        let p = pending
        pending = nil
        head = nil
        body.clear()
        p?.fail(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.clear()
        case .body(var b):
            guard body.readableBytes + b.readableBytes <= maxBytes else {
                fail(.tooLarge)
                context.close(promise: nil)
                return
            }
            body.writeBuffer(&b)
        case .end:
            guard let h = head, let p = pending else { return }
            pending = nil
            head = nil
            let out = body
            body = ByteBuffer()
            p.succeed(UpstreamResponse(head: h, body: out))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.closed)
        context.close(promise: nil)
    }
}
