import NIOCore
import NIOPosix

/// Keep-alive HTTP/1.1 connections to one server, owned by one event loop: requests go out as one
/// buffer and answers are parsed by a small strict parser, on that loop, without locks. Connect,
/// request and idle timeouts are enforced here (request deadlines by one sweep every 100 ms, not a
/// timer per request). At most `maxConnections` are open; further requests wait their turn.
///
///     let pool = ConnectionPool(loop: group.next(), settings: .init(host: "127.0.0.1", port: 8090))
///     let answers = await pool.sendAll(requests, width: 16)   // one hop to the loop and back
///     pool.close()
public final class ConnectionPool: @unchecked Sendable {
    /// Where to connect, timeouts and sizes.
    public struct Settings: Sendable {
        public var host: String
        public var port: Int
        public var connectTimeout: TimeAmount = .seconds(1)
        public var requestTimeout: TimeAmount = .seconds(15)
        public var idleTimeout: TimeAmount = .seconds(30)
        public var maxIdle = 256
        public var maxConnections = Int.max
        public var maxResponseBytes = 8 * 1024 * 1024
        /// Adds handlers in front of the HTTP one on each new connection (a SOCKS or TLS client); they
        /// must hold writes back until they are ready, as NIO's SOCKS and TLS handlers do.
        public var prepare: (@Sendable (any Channel) throws -> Void)?

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// The outcome of one request, delivered on the pool's loop.
    public typealias Completion = (Result<WireResponse, WireError>) -> Void

    public let loop: any EventLoop
    public let settings: Settings
    private var idle: [PooledConnection] = []
    private var busy: [ObjectIdentifier: PooledConnection] = [:]
    private var connecting = 0
    private var waiting = CircularBuffer<(request: WireRequest, deadline: NIODeadline, done: Completion)>()
    private var sweep: RepeatedTask?
    private var closed = false

    public init(loop: any EventLoop, settings: Settings) {
        self.loop = loop
        self.settings = settings
        loop.execute { self.startSweeping() }
    }

    /// Closes every connection; waiting and later requests fail with `.closed`.
    public func close() {
        loop.execute {
            self.closed = true
            self.sweep?.cancel()
            for c in self.idle { c.channel?.close(promise: nil) }
            self.idle = []
            for c in self.busy.values { c.channel?.close(promise: nil) }
            while let w = self.waiting.popFirst() { w.done(.failure(.closed)) }
        }
    }

    /// Sends `request` and calls `done` once, on the pool's loop. Call it on that loop.
    public func send(_ request: WireRequest, deadline: NIODeadline? = nil, done: @escaping Completion) {
        loop.preconditionInEventLoop()
        let deadline = deadline ?? .now() + settings.requestTimeout
        guard !closed else { return done(.failure(.closed)) }
        while let c = idle.popLast() {
            if c.isActive { return send(request, deadline: deadline, on: c, done: done) }
            c.channel?.close(promise: nil)
        }
        guard busy.count + connecting < settings.maxConnections else {
            waiting.append((request, deadline, done))
            return
        }
        connect(request, deadline: deadline, done: done)
    }

    /// Sends every request with at most `width` in flight, from one hop onto the loop; the answers
    /// come back in the order of `requests`. Each request's deadline starts when it is sent.
    public func sendAll(_ requests: [WireRequest], width: Int) async -> [WireExchange] {
        guard !requests.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            loop.execute {
                var results = [WireExchange](
                    repeating: WireExchange(result: .failure(.closed), elapsed: .zero), count: requests.count)
                var next = 0
                var finished = 0
                func start() {
                    let i = next
                    next += 1
                    let started = NIODeadline.now()
                    self.send(requests[i]) { result in
                        results[i] = WireExchange(result: result, elapsed: .now() - started)
                        finished += 1
                        if finished == requests.count { return continuation.resume(returning: results) }
                        if next < requests.count { start() }
                    }
                }
                for _ in 0..<min(max(1, width), requests.count) { start() }
            }
        }
    }

    // MARK: On the loop

    private func startSweeping() {
        sweep = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            let now = NIODeadline.now()
            for c in self.busy.values where c.deadline < now {
                c.fail(.timeout)
                c.channel?.close(promise: nil)
            }
            self.idle.removeAll { c in
                guard now - c.idleSince > self.settings.idleTimeout || !c.isActive else { return false }
                c.channel?.close(promise: nil)
                return true
            }
            while let w = self.waiting.first, w.deadline < now {
                self.waiting.removeFirst()
                w.done(.failure(.timeout))
            }
        }
    }

    private func connect(_ request: WireRequest, deadline: NIODeadline, done: @escaping Completion) {
        connecting += 1
        let connection = PooledConnection(maxBytes: settings.maxResponseBytes)
        let prepare = settings.prepare
        ClientBootstrap(group: loop)
            .connectTimeout(min(settings.connectTimeout, max(.zero, deadline - .now())))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try prepare?(channel)
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .connect(host: settings.host, port: settings.port)
            .assumeIsolated()  // completes on this loop: the callbacks need not be Sendable
            .whenComplete { result in
                self.connecting -= 1
                switch result {
                case .success(let channel):
                    connection.channel = channel
                    self.send(request, deadline: deadline, on: connection, done: done)
                case .failure(let error):
                    done(.failure(.connect("\(error)")))
                    self.admitWaiting()
                }
            }
    }

    private func send(
        _ request: WireRequest, deadline: NIODeadline, on c: PooledConnection, done: @escaping Completion
    ) {
        let id = ObjectIdentifier(c)
        c.deadline = deadline
        busy[id] = c
        c.pending = { result in
            self.busy[id] = nil
            if case .success = result, c.reusable, c.isActive, !self.closed {
                if let w = self.waiting.popFirst() {
                    self.send(w.request, deadline: w.deadline, on: c, done: w.done)
                } else if self.idle.count < self.settings.maxIdle {
                    c.idleSince = .now()
                    self.idle.append(c)
                } else {
                    c.channel?.close(promise: nil)
                }
            } else {
                c.channel?.close(promise: nil)
                self.admitWaiting()
            }
            done(result)
        }
        c.channel?.writeAndFlush(request.bytes, promise: nil)
    }

    /// A connection slot came free: the next waiting request gets a new connection.
    private func admitWaiting() {
        guard !closed, busy.count + connecting < settings.maxConnections, let w = waiting.popFirst() else { return }
        connect(w.request, deadline: w.deadline, done: w.done)
    }
}
