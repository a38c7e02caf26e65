import Foundation
import HTTPWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// The wallet connection pool's pipelining, against a real socket server that records what arrives
/// on each connection and in each read: every answer reaches the request it answers, requests of
/// one tick share a write, nothing rides behind a POST, and a connection that closes or stalls
/// fails only the requests it carried.
@Suite struct UpstreamPipeliningTests {
    /// Answers each request with its own path as the body; `/close` answers with `Connection:
    /// close` and closes, `/stall` is never answered.
    final class Recorder: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let log: Log
        let connection: Int
        var pending = ""

        init(log: Log, connection: Int) {
            self.log = log
            self.connection = connection
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            pending += String(buffer: unwrapInboundIn(data))
            var lines: [String] = []
            while let end = pending.range(of: "\r\n\r\n") {
                let head = pending[..<end.lowerBound]
                pending = String(pending[end.upperBound...])
                lines.append(String(head.prefix { $0 != "\r" }))
            }
            log.record(connection: connection, requestLines: lines)
            var out = ByteBuffer()
            for line in lines {
                let path = line.split(separator: " ")[1]
                if path == "/stall" { return context.flush() }
                let close = path == "/close"
                out.writeString(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(path.utf8.count)\r\n"
                        + (close ? "Connection: close\r\n" : "") + "\r\n\(path)")
                if close {
                    let channel = context.channel
                    context.writeAndFlush(NIOAny(out)).whenComplete { _ in channel.close(promise: nil) }
                    return
                }
            }
            context.writeAndFlush(NIOAny(out), promise: nil)
        }
    }

    /// What the server saw: per connection, the request lines of each read.
    final class Log: Sendable {
        private let reads = NIOLockedValueBox<[Int: [[String]]]>([:])
        func record(connection: Int, requestLines: [String]) {
            guard !requestLines.isEmpty else { return }
            reads.withLockedValue { $0[connection, default: []].append(requestLines) }
        }
        var perConnection: [Int: [[String]]] { reads.withLockedValue { $0 } }
    }

    struct Server {
        let channel: any Channel
        let log: Log
        var port: Int { channel.localAddress!.port! }
    }

    static func startServer(group: MultiThreadedEventLoopGroup) async throws -> Server {
        let log = Log()
        let counter = NIOLockedValueBox(0)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                let n = counter.withLockedValue { v in
                    v += 1
                    return v
                }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Recorder(log: log, connection: n))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return Server(channel: channel, log: log)
    }

    /// Sends every request from one tick of the pool's loop; returns each answer's body or error.
    static func sendInOneTick(
        _ pool: ConnectionPool, _ requests: [(method: String, path: String)], port: Int
    ) async -> [Result<String, WireError>] {
        let results = NIOLockedValueBox([Result<String, WireError>?](repeating: nil, count: requests.count))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            pool.loop.execute {
                var left = requests.count
                for (i, r) in requests.enumerated() {
                    let request = WireRequest(
                        method: r.method, uri: r.path, host: "127.0.0.1:\(port)", headerLines: "", body: nil)
                    pool.send(request, idempotent: r.method == "GET") { result in
                        results.withLockedValue { $0[i] = result.map { String(buffer: $0.body) } }
                        left -= 1
                        if left == 0 { done.resume() }
                    }
                }
            }
        }
        return results.withLockedValue { $0.map { $0! } }
    }

    static func pool(
        group: MultiThreadedEventLoopGroup, port: Int, depth: Int, timeout: TimeAmount = .seconds(5),
        maxConnections: Int = .max
    ) -> ConnectionPool {
        var settings = ConnectionPool.Settings(host: "127.0.0.1", port: port)
        settings.pipelineDepth = depth
        settings.maxConnections = maxConnections
        settings.requestTimeout = timeout
        return ConnectionPool(loop: group.next(), settings: settings)
    }

    /// Runs `body` with a fresh recording server and a pool in front of it, then tears both down.
    static func withPool(
        depth: Int, timeout: TimeAmount = .seconds(5), maxConnections: Int = .max,
        _ body: (ConnectionPool, Server) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await startServer(group: group)
        let pool = pool(group: group, port: server.port, depth: depth, timeout: timeout, maxConnections: maxConnections)
        let outcome: Result<Void, any Error>
        do { outcome = .success(try await body(pool, server)) } catch { outcome = .failure(error) }
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
        try outcome.get()
    }

    @Test func everyAnswerReachesItsOwnRequestAndOneTickSharesWrites() async throws {
        try await Self.withPool(depth: 8) { pool, server in
            let paths = (0..<40).map { "/api/v1/payouts/po_\($0)" }
            let results = await Self.sendInOneTick(pool, paths.map { ("GET", $0) }, port: server.port)
            #expect(results.map { try? $0.get() } == paths.map { Optional($0) })
            let seen = server.log.perConnection
            // 40 requests of one tick, at most 8 per connection: 5 connections, each request once.
            #expect(seen.count == 5)
            #expect(seen.values.flatMap { $0.flatMap { $0 } }.count == 40)
            #expect(seen.values.allSatisfy { $0.flatMap { $0 }.count <= 8 })
            // Pipelined requests went out together: some read carried more than one request.
            #expect(seen.values.contains { $0.contains { $0.count > 1 } })

            // A later tick reuses the idle connections, again in order.
            let again = await Self.sendInOneTick(pool, paths.prefix(8).map { ("GET", $0) }, port: server.port)
            #expect(again.map { try? $0.get() } == paths.prefix(8).map { Optional($0) })
            #expect(server.log.perConnection.count == 5)
        }
    }

    /// TCP_NODELAY is a TCP-level option: set at the socket level, its number (1) is SO_DEBUG's, and
    /// the pool once set that instead. Its connections must have Nagle off and nothing else on.
    @Test func connectionsHaveNagleOffAndNoSocketDebugging() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await Self.startServer(group: group)
        let channels = NIOLockedValueBox<[any Channel]>([])
        var settings = ConnectionPool.Settings(host: "127.0.0.1", port: server.port)
        settings.prepare = { channel in channels.withLockedValue { $0.append(channel) } }
        let pool = ConnectionPool(loop: group.next(), settings: settings)
        let results = await Self.sendInOneTick(pool, [("GET", "/a")], port: server.port)
        #expect(results.map { try? $0.get() } == ["/a"])
        let opened = channels.withLockedValue { $0 }
        #expect(opened.count == 1)
        for channel in opened {
            #expect(try await channel.getOption(.tcpOption(.tcp_nodelay)) != 0)
            #expect(try await channel.getOption(.socket(SocketOptionLevel(SOL_SOCKET), SO_DEBUG)) == 0)
        }
        pool.close()
        try await server.channel.close()
        try await group.shutdownGracefully()
    }

    @Test func nothingIsPipelinedBehindAPost() async throws {
        try await Self.withPool(depth: 8) { pool, server in
            let requests = [("GET", "/a"), ("POST", "/b"), ("GET", "/c"), ("POST", "/d"), ("GET", "/e")]
            let results = await Self.sendInOneTick(pool, requests, port: server.port)
            #expect(results.map { try? $0.get() } == ["/a", "/b", "/c", "/d", "/e"])
            for lines in server.log.perConnection.values.map({ $0.flatMap { $0 } }) {
                if let post = lines.firstIndex(where: { $0.hasPrefix("POST") }) {
                    #expect(post == lines.count - 1, "a request rode behind a POST: \(lines)")
                }
            }
            #expect(server.log.perConnection.count == 3)
        }
    }

    @Test func depthOneSendsOneRequestPerConnectionAtATime() async throws {
        try await Self.withPool(depth: 1) { pool, server in
            let paths = (0..<6).map { "/p\($0)" }
            let results = await Self.sendInOneTick(pool, paths.map { ("GET", $0) }, port: server.port)
            #expect(results.map { try? $0.get() } == paths.map { Optional($0) })
            #expect(server.log.perConnection.count == 6)
        }
    }

    @Test(arguments: [1, 8])
    func requestsWaitingForTheLastConnectionTakeItInTurn(depth: Int) async throws {
        try await Self.withPool(depth: depth, maxConnections: 1) { pool, server in
            // POSTs one behind another on the single connection, then GETs that may share it.
            let requests = [("POST", "/1"), ("POST", "/2"), ("POST", "/3"), ("GET", "/4"), ("GET", "/5")]
            let results = await Self.sendInOneTick(pool, requests, port: server.port)
            #expect(results.map { try? $0.get() } == requests.map { Optional($0.1) })
            #expect(server.log.perConnection.count == 1)
        }
    }

    @Test func aConnectionThatClosesFailsOnlyTheRequestsBehindItsLastAnswer() async throws {
        try await Self.withPool(depth: 8) { pool, server in
            let results = await Self.sendInOneTick(
                pool, [("GET", "/one"), ("GET", "/close"), ("GET", "/three"), ("GET", "/four")], port: server.port)
            #expect((try? results[0].get()) == "/one")
            #expect((try? results[1].get()) == "/close")
            // Sent, never answered: failed, never given another request's answer.
            #expect(results[2] == .failure(.closed))
            #expect(results[3] == .failure(.closed))
            // The pool goes on with a new connection.
            let next = await Self.sendInOneTick(pool, [("GET", "/five")], port: server.port)
            #expect((try? next[0].get()) == "/five")
        }
    }

    @Test func aStalledAnswerTimesOutItsPipelineOnly() async throws {
        try await Self.withPool(depth: 8, timeout: .milliseconds(300)) { pool, server in
            let results = await Self.sendInOneTick(pool, [("GET", "/stall"), ("GET", "/behind")], port: server.port)
            #expect(results[0] == .failure(.timeout))
            #expect(results[1] == .failure(.timeout))
            let next = await Self.sendInOneTick(pool, [("GET", "/after")], port: server.port)
            #expect((try? next[0].get()) == "/after")
        }
    }
}
