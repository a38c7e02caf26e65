import NIOCore
import NIOPosix

/// Keep-alive HTTP/1.1 connections to one server, owned by one event loop: requests go out as one
/// buffer and answers are parsed by a small strict parser, on that loop, without locks. Connect,
/// request and idle timeouts are enforced here (request deadlines by one sweep every 100 ms, not a
/// timer per request). At most `maxConnections` are open; further requests wait their turn.
///
/// With `pipelineDepth` above 1, requests sent during one event-loop tick share a connection (up to
/// that many, in order, nothing behind a request that is not idempotent) and go out in one write —
/// as soon as the connection is full, else at the end of the tick: one system call and one wake-up
/// of the server for the lot, instead of one each. A connection that already carries requests from
/// an earlier tick takes no more, so a slow answer delays only the requests that arrived with it.
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
        /// How many requests of one tick may share a connection (1: no pipelining).
        public var pipelineDepth = 1
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
    private typealias Waiting = (request: WireRequest, idempotent: Bool, deadline: NIODeadline, done: Completion)

    public let loop: any EventLoop
    public let settings: Settings
    private var idle: [PooledConnection] = []
    /// Connections with requests in flight (connecting ones included).
    private var busy: [ObjectIdentifier: PooledConnection] = [:]
    private var waiting = CircularBuffer<Waiting>()
    /// The connection taking this tick's requests, and how many it took.
    private var filling: (connection: PooledConnection, count: Int)?
    /// Connections written to during this tick, flushed at its end.
    private var unflushed: [PooledConnection] = []
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
            for c in self.idle { c.fail(.closed) }
            self.idle = []
            for c in Array(self.busy.values) { c.fail(.closed) }
            while let w = self.waiting.popFirst() { w.done(.failure(.closed)) }
        }
    }

    /// Sends `request` and calls `done` once, on the pool's loop. Call it on that loop. Only requests
    /// marked `idempotent` (GET, HEAD, …) may have others pipelined behind them.
    public func send(
        _ request: WireRequest, idempotent: Bool = false, deadline: NIODeadline? = nil, done: @escaping Completion
    ) {
        loop.preconditionInEventLoop()
        let deadline = deadline ?? .now() + settings.requestTimeout
        guard !closed else { return done(.failure(.closed)) }
        if let f = filling, f.count < settings.pipelineDepth, f.connection.acceptsMore {
            f.connection.enqueue(request, idempotent: idempotent, deadline: deadline, done: done)
            guard f.count + 1 == settings.pipelineDepth else {
                filling = (f.connection, f.count + 1)
                return
            }
            // A full pipeline goes out now, while the rest of the tick is still being read: the
            // wallet starts on it sooner (the end of the tick finds nothing left to flush on it).
            filling = nil
            return f.connection.flush()
        }
        guard let c = takeIdle() ?? connect() else {
            waiting.append((request, idempotent, deadline, done))
            return
        }
        if settings.pipelineDepth > 1 { filling = (c, 1) }
        write(request, idempotent: idempotent, deadline: deadline, on: c, done: done)
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
            // Answers come in order: a connection whose oldest request is overdue has failed them all.
            for c in Array(self.busy.values) where (c.inFlight.first?.deadline ?? .distantFuture) < now {
                c.fail(.timeout)
            }
            self.idle.removeAll { c in
                guard now - c.idleSince > self.settings.idleTimeout || !c.isActive else { return false }
                c.fail(.closed)
                return true
            }
            while let w = self.waiting.first, w.deadline < now {
                self.waiting.removeFirst()
                w.done(.failure(.timeout))
            }
        }
    }

    private func takeIdle() -> PooledConnection? {
        while let c = idle.popLast() {
            if c.isActive && c.reusable {
                busy[ObjectIdentifier(c)] = c
                return c
            }
            c.fail(.closed)
        }
        return nil
    }

    /// A new connection, counted as busy while it connects; nil at `maxConnections`.
    private func connect() -> PooledConnection? {
        guard busy.count < settings.maxConnections else { return nil }
        let c = PooledConnection(maxBytes: settings.maxResponseBytes)
        c.settled = { [weak self] c in self?.settled(c) }
        busy[ObjectIdentifier(c)] = c
        let prepare = settings.prepare
        ClientBootstrap(group: loop)
            .connectTimeout(settings.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try prepare?(channel)
                    try channel.pipeline.syncOperations.addHandler(c)
                }
            }
            .connect(host: settings.host, port: settings.port)
            .assumeIsolated()  // completes on this loop: the callbacks need not be Sendable
            .whenComplete { result in
                switch result {
                case .success(let channel): c.connected(channel)
                case .failure(let error): c.fail(.connect("\(error)"))
                }
            }
        return c
    }

    private func write(
        _ request: WireRequest, idempotent: Bool, deadline: NIODeadline, on c: PooledConnection,
        done: @escaping Completion
    ) {
        c.enqueue(request, idempotent: idempotent, deadline: deadline, done: done)
        guard settings.pipelineDepth > 1 else { return c.flush() }
        if unflushed.isEmpty { loop.execute { self.flushTick() } }
        unflushed.append(c)
    }

    /// The end of a tick: every connection written to goes out, and the next tick starts afresh.
    private func flushTick() {
        filling = nil
        for c in unflushed { c.flush() }
        unflushed.removeAll(keepingCapacity: true)
    }

    /// A connection's answers are all in, or it failed: it goes back to idle, takes waiting
    /// requests, or is dropped.
    private func settled(_ c: PooledConnection) {
        guard c.inFlight.isEmpty else { return }
        if filling?.connection === c { filling = nil }
        guard busy.removeValue(forKey: ObjectIdentifier(c)) != nil else { return }
        guard c.reusable, c.isActive, !closed else {
            admitWaiting()
            return
        }
        if !waiting.isEmpty {
            busy[ObjectIdentifier(c)] = c
            takeWaiting(on: c)
        } else if idle.count < settings.maxIdle {
            c.idleSince = .now()
            idle.append(c)
        } else {
            c.fail(.closed)
        }
    }

    /// A connection slot came free: waiting requests get a new connection.
    private func admitWaiting() {
        guard !closed, !waiting.isEmpty, let c = connect() else { return }
        takeWaiting(on: c)
    }

    /// The oldest waiting requests go out on `c` (a busy connection with nothing in flight), as many
    /// as one tick's pipeline may carry.
    private func takeWaiting(on c: PooledConnection) {
        var taken = 0
        while taken < settings.pipelineDepth, c.acceptsMore, let w = waiting.popFirst() {
            write(w.request, idempotent: w.idempotent, deadline: w.deadline, on: c, done: w.done)
            taken += 1
        }
    }
}
