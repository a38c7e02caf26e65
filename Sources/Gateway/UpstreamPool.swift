import NIOCore
import NIOPosix

/// A request to the wallet, already encoded as HTTP/1.1 bytes: the gateway writes it itself (see
/// `GatewayCore.forward`), so the proxy path runs no generic HTTP encoder.
struct UpstreamRequest: Sendable {
    var bytes: ByteBuffer

    /// Encodes a request: `headerLines` are complete `Name: value\r\n` lines; `Host` and
    /// `Content-Length` are added here.
    init(method: String, uri: String, headerLines: String, body: ByteBuffer?, settings: UpstreamPool.Settings) {
        let length = body?.readableBytes ?? 0
        var out = ByteBuffer()
        out.reserveCapacity(method.utf8.count + uri.utf8.count + headerLines.utf8.count + 96 + length)
        out.writeString(method)
        out.writeString(" ")
        out.writeString(uri)
        out.writeString(" HTTP/1.1\r\nHost: ")
        out.writeString(settings.host)
        out.writeString(":")
        out.writeString(String(settings.port))
        out.writeString("\r\n")
        out.writeString(headerLines)
        out.writeString("Content-Length: ")
        out.writeString(String(length))
        out.writeString("\r\n\r\n")
        if let body { out.writeImmutableBuffer(body) }
        bytes = out
    }
}

/// The wallet's answer, fully buffered.
struct UpstreamResponse: Sendable {
    var status: Int
    var contentType: String?
    var body: ByteBuffer
}

/// Why the upstream could not answer; each maps to a 502/503/504 problem.
enum UpstreamError: Error, Sendable {
    case connect(String)
    case timeout
    case closed
    case invalid(String)

    var gatewayError: GatewayError {
        switch self {
        case .connect(let d): .upstreamUnavailable(d)
        case .timeout: .upstreamTimeout
        case .closed: .upstreamBadResponse("the connection closed before a full answer")
        case .invalid(let d): .upstreamBadResponse(d)
        }
    }
}

/// Keep-alive HTTP/1.1 connections to the wallet, one pool per event loop: a request is sent on a
/// connection owned by the loop that accepted it, so the proxy path takes no lock and no thread
/// hop. Requests are written as one buffer and answers parsed by a small strict parser. Connect,
/// request and idle timeouts are enforced here (request deadlines by one sweep per loop, not a
/// timer per request).
final class UpstreamPool: Sendable {
    /// Timeouts and sizes.
    struct Settings: Sendable {
        var host: String
        var port: Int
        var connectTimeout: TimeAmount = .seconds(1)
        var requestTimeout: TimeAmount = .seconds(15)
        var idleTimeout: TimeAmount = .seconds(30)
        var maxIdlePerLoop = 256
        var maxResponseBytes = 8 * 1024 * 1024
    }

    let settings: Settings
    private let pools: [ObjectIdentifier: LoopPool]

    init(group: MultiThreadedEventLoopGroup, settings: Settings) {
        self.settings = settings
        var pools: [ObjectIdentifier: LoopPool] = [:]
        for loop in group.makeIterator() {
            let pool = LoopPool(loop: loop, settings: settings)
            pools[ObjectIdentifier(loop)] = pool
            loop.execute { pool.startSweeping() }
        }
        self.pools = pools
    }

    /// The outcome of one request, delivered on the loop that sent it.
    typealias Completion = @Sendable (Result<UpstreamResponse, UpstreamError>) -> Void

    /// Sends `request` from `loop` (one of the group's loops) and calls `done` once, on that loop.
    func send(_ request: UpstreamRequest, on loop: any EventLoop, done: @escaping Completion) {
        guard let pool = pools[ObjectIdentifier(loop)] else { return done(.failure(.connect("no pool for this loop"))) }
        if loop.inEventLoop {
            pool.send(request, done: done)
        } else {
            loop.execute { pool.send(request, done: done) }
        }
    }

    /// `send` as a future (for the paths that are not hot).
    func execute(_ request: UpstreamRequest, on loop: any EventLoop) -> EventLoopFuture<UpstreamResponse> {
        let promise = loop.makePromise(of: UpstreamResponse.self)
        send(request, on: loop) { promise.completeWith($0.mapError { $0 as any Error }) }
        return promise.futureResult
    }
}

/// The connections of one event loop; only ever touched on that loop.
private final class LoopPool: @unchecked Sendable {
    let loop: any EventLoop
    let settings: UpstreamPool.Settings
    private var idle: [UpstreamConnection] = []
    private var busyConnections: [ObjectIdentifier: UpstreamConnection] = [:]

    init(loop: any EventLoop, settings: UpstreamPool.Settings) {
        self.loop = loop
        self.settings = settings
    }

    /// Fails requests past their deadline and closes connections idle for too long.
    func startSweeping() {
        loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            let now = NIODeadline.now()
            for c in self.busyConnections.values where c.deadline < now {
                c.fail(.timeout)
                c.channel.close(promise: nil)
            }
            self.idle.removeAll { c in
                guard now - c.idleSince > self.settings.idleTimeout || !c.channel.isActive else { return false }
                c.channel.close(promise: nil)
                return true
            }
        }
    }

    func send(_ request: UpstreamRequest, done: @escaping UpstreamPool.Completion) {
        while let c = idle.popLast() {
            if c.channel.isActive { return send(request, on: c, done: done) }
            c.channel.close(promise: nil)
        }
        let connection = UpstreamConnection(maxBytes: settings.maxResponseBytes)
        ClientBootstrap(group: loop)
            .connectTimeout(settings.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(connection) }
            }
            .connect(host: settings.host, port: settings.port)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    connection.channel = channel
                    self.send(request, on: connection, done: done)
                case .failure(let error):
                    done(.failure(.connect("\(type(of: error))")))
                }
            }
    }

    private func send(_ request: UpstreamRequest, on c: UpstreamConnection, done: @escaping UpstreamPool.Completion) {
        let id = ObjectIdentifier(c)
        c.deadline = .now() + settings.requestTimeout
        busyConnections[id] = c
        c.pending = { result in
            self.busyConnections[id] = nil
            if case .success = result, c.reusable, c.channel.isActive, self.idle.count < self.settings.maxIdlePerLoop {
                c.idleSince = .now()
                self.idle.append(c)
            } else {
                c.channel.close(promise: nil)
            }
            done(result)
        }
        c.channel.writeAndFlush(request.bytes, promise: nil)
    }
}

/// One upstream connection: writes raw requests, parses one response at a time.
private final class UpstreamConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    var channel: (any Channel)!
    var pending: UpstreamPool.Completion?
    var deadline = NIODeadline.distantFuture
    var idleSince = NIODeadline.now()
    var reusable = true
    private var parser: UpstreamResponseParser
    private var buffer = ByteBuffer()

    init(maxBytes: Int) { parser = UpstreamResponseParser(maxBytes: maxBytes) }

    func fail(_ error: UpstreamError) {
        reusable = false
        let p = pending
        pending = nil
        p?(.failure(error))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer.readableBytes == 0 {
            buffer = incoming
        } else {
            buffer.writeBuffer(&incoming)
        }
        switch parser.parse(&buffer) {
        case .needMore: return
        case .invalid(let why):
            fail(.invalid(why))
            context.close(promise: nil)
        case .response(let status, let type, let body, let keepAlive):
            reusable = keepAlive && buffer.readableBytes == 0
            guard let p = pending else {
                context.close(promise: nil)  // an answer nobody asked for
                return
            }
            pending = nil
            p(.success(UpstreamResponse(status: status, contentType: type, body: body)))
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
