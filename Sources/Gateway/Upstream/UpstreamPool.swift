import HTTPWire
import NIOCore
import NIOPosix

/// Keep-alive HTTP/1.1 connections to the wallet, one `ConnectionPool` per event loop: a request is
/// sent on a connection owned by the loop that accepted it, so the proxy path takes no lock and no
/// thread hop. Requests are written as one buffer (`WireRequest`) and answers parsed by a small
/// strict parser.
final class UpstreamPool: Sendable {
    /// The `Host` header value for the wallet.
    let hostHeader: String
    private let pools: [ObjectIdentifier: ConnectionPool]

    init(group: MultiThreadedEventLoopGroup, settings: ConnectionPool.Settings) {
        hostHeader = WireRequest.hostHeader(host: settings.host, port: settings.port)
        var pools: [ObjectIdentifier: ConnectionPool] = [:]
        for loop in group.makeIterator() {
            pools[ObjectIdentifier(loop)] = ConnectionPool(loop: loop, settings: settings)
        }
        self.pools = pools
    }

    /// The outcome of one request, delivered on the loop that sent it.
    typealias Completion = @Sendable (Result<WireResponse, WireError>) -> Void

    /// Sends `request` from `loop` (one of the group's loops) and calls `done` once, on that loop.
    /// Only an `idempotent` request may have others pipelined behind it.
    func send(_ request: WireRequest, idempotent: Bool, on loop: any EventLoop, done: @escaping Completion) {
        guard let pool = pools[ObjectIdentifier(loop)] else { return done(.failure(.connect("no pool for this loop"))) }
        if loop.inEventLoop {
            pool.send(request, idempotent: idempotent, done: done)
        } else {
            loop.execute { pool.send(request, idempotent: idempotent, done: done) }
        }
    }

    /// `send` for async code (the local operations; the proxy's hot path uses `send`).
    func execute(_ request: WireRequest, on loop: any EventLoop) async -> Result<WireResponse, WireError> {
        await withCheckedContinuation { continuation in
            send(request, idempotent: false, on: loop) { continuation.resume(returning: $0) }
        }
    }
}

extension WireError {
    /// The 502/503/504 problem the gateway answers with; connection details stay out of it.
    var gatewayError: GatewayError {
        switch self {
        case .connect: .upstreamUnavailable("no connection")
        case .timeout: .upstreamTimeout
        case .closed, .failed: .upstreamBadResponse("the connection closed before a full answer")
        case .invalid(let d): .upstreamBadResponse(d)
        }
    }
}
