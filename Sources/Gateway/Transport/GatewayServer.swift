import AsyncHTTPClient
import Foundation
import HTTPWire
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Policy

/// The running gateway: its listeners (plain HTTP, the PROXY-protocol listeners for tor's public
/// and admin onions, and the loopback metrics listener), the event loops, and the wallet connection pools.
///
/// ```swift
/// let server = try await GatewayServer.start(config, logger: logger)
/// try await server.waitUntilClosed()
/// ```
public final class GatewayServer: Sendable {
    public let core: GatewayCore
    let group: MultiThreadedEventLoopGroup
    let channels: [any Channel]
    /// The bound port of the plain listener (useful when configured as 0).
    public let port: Int
    public let proxyProtocolPort: Int?
    /// The bound port of the admin door, when configured.
    public let adminProxyPort: Int?
    public let metricsPort: Int?
    let jwksClient: HTTPClient

    init(
        core: GatewayCore, group: MultiThreadedEventLoopGroup, channels: [any Channel], port: Int, proxyPort: Int?,
        adminProxyPort: Int?, metricsPort: Int?, jwksClient: HTTPClient
    ) {
        self.adminProxyPort = adminProxyPort
        self.jwksClient = jwksClient
        self.core = core
        self.group = group
        self.channels = channels
        self.port = port
        self.proxyProtocolPort = proxyPort
        self.metricsPort = metricsPort
    }

    /// Loads the spec and policy (failing fast), then binds every listener.
    public static func start(_ config: GatewayConfiguration, logger: Logger) async throws -> GatewayServer {
        raiseDescriptorLimit(logger: logger)
        let spec = try APISpec.load(path: config.specPath)
        let policy = PolicyHolder(try PolicyLoader.load(files: config.policyFiles, strict: true))
        let issuer = try TokenIssuer(pem: config.signingKeyPEM, issuer: config.issuer, audience: config.audience)
        var issuers = config.trustedIssuers
        if let i = issuers.firstIndex(where: { $0.issuer == issuer.issuer }) {
            issuers[i].jwks.append(issuer.jwks)
        } else {
            issuers.append(issuer.trusted)
        }
        // JWKS through Tor when the gateway has a SocksPort (AsyncHTTPClient hands the proxy names).
        var fetchConfig = HTTPClient.Configuration()
        if let proxy = config.socksProxy { fetchConfig.proxy = .socksServer(host: proxy.host, port: proxy.port) }
        let jwksClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: fetchConfig)
        let verifier: AccessTokenVerifier
        do {
            verifier = try await AccessTokenVerifier(
                issuers: issuers, roles: policy.current.roles.names, limits: config.tokenLimits, logger: logger,
                client: jwksClient)
        } catch {
            try? await jwksClient.shutdown()
            throw error
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: config.threads)
        var settings = ConnectionPool.Settings(host: config.walletHost, port: config.walletPort)
        settings.connectTimeout = .milliseconds(Int64(config.connectTimeoutMs))
        settings.requestTimeout = .milliseconds(Int64(config.upstreamTimeoutMs))
        settings.idleTimeout = .milliseconds(Int64(config.idleTimeoutMs))
        settings.pipelineDepth = config.upstreamPipeline
        let core = GatewayCore(
            config: config, spec: spec, policy: policy, verifier: verifier, issuer: issuer,
            upstream: UpstreamPool(group: group, settings: settings), metrics: GatewayMetrics(), logger: logger)

        var channels: [any Channel] = []
        do {
            let main = try await bind(core, group: group, host: config.host, port: config.port, proxyProtocol: false)
            channels.append(main)
            var proxyPort: Int?
            if let p = config.proxyProtocolPort {
                let c = try await bind(core, group: group, host: "127.0.0.1", port: p, proxyProtocol: true)
                channels.append(c)
                proxyPort = c.localAddress?.port
            }
            var adminProxyPort: Int?
            if let p = config.adminProxyPort {
                let c = try await bind(
                    core, group: group, host: "127.0.0.1", port: p, proxyProtocol: true, door: .admin)
                channels.append(c)
                adminProxyPort = c.localAddress?.port
            }
            var metricsPort: Int?
            if config.metricsPort != 0 {
                let c = try await bindMetrics(
                    core.metrics, group: group, host: config.metricsHost, port: config.metricsPort)
                channels.append(c)
                metricsPort = c.localAddress?.port
            }
            return GatewayServer(
                core: core, group: group, channels: channels, port: main.localAddress?.port ?? config.port,
                proxyPort: proxyPort, adminProxyPort: adminProxyPort, metricsPort: metricsPort, jwksClient: jwksClient)
        } catch {
            for c in channels { try? await c.close() }
            try? await group.shutdownGracefully()
            try? await jwksClient.shutdown()
            throw error
        }
    }

    /// Raises the soft limit on open files to the hard one (systemd's default soft limit, 1,024,
    /// would otherwise cap the clients at about a thousand) and logs both.
    static func raiseDescriptorLimit(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        let before = limit.rlim_cur
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 { limit.rlim_cur = before }
        }
        logger.notice(
            "open-file limit",
            metadata: ["soft_before": "\(before)", "soft": "\(limit.rlim_cur)", "hard": "\(limit.rlim_max)"])
    }

    private static func bind(
        _ core: GatewayCore, group: MultiThreadedEventLoopGroup, host: String, port: Int, proxyProtocol: Bool,
        door: Door = .general
    )
        async throws -> any Channel
    {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let peer = channel.remoteAddress?.ipAddress ?? "unknown"
                    let sync = channel.pipeline.syncOperations
                    if proxyProtocol { try sync.addHandler(ProxyProtocolHandler()) }
                    try sync.addHandler(
                        GatewayHTTPHandler(
                            core: core, client: ClientInfo(key: proxyProtocol ? "proxy-unknown" : peer, door: door)))
                }
            }
            .bind(host: host, port: port).get()
    }

    private static func bindMetrics(
        _ metrics: GatewayMetrics, group: MultiThreadedEventLoopGroup, host: String, port: Int
    )
        async throws -> any Channel
    {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics))
                }
            }
            .bind(host: host, port: port).get()
    }

    /// Re-reads the policy files (strict); on error the running policy stays and the problems are
    /// returned. Changed roles and rules apply to the next request.
    public func reloadPolicy() -> String? {
        core.policy.reload(files: core.config.policyFiles, strict: true).map { "\($0)" }
    }

    /// Waits until the listeners close (after `shutdown()`).
    public func waitUntilClosed() async throws {
        for c in channels { try await c.closeFuture.get() }
    }

    /// Starts closing the listeners (what `waitUntilClosed()` waits for); `shutdown()` finishes.
    public func closeListeners() {
        for c in channels { c.close(promise: nil) }
    }

    /// Closes the listeners and stops the event loops.
    public func shutdown() async {
        for c in channels { try? await c.close() }
        try? await group.shutdownGracefully()
        try? await jwksClient.shutdown()
    }
}

/// Serves `GET /metrics` (Prometheus text) and nothing else.
final class MetricsHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let metrics: GatewayMetrics
    private var head: HTTPRequestHead?

    init(metrics: GatewayMetrics) { self.metrics = metrics }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            let ok = h.method == .GET && h.uri == "/metrics"
            let body = ok ? ByteBuffer(bytes: metrics.exposition()) : ByteBuffer(string: "not found\n")
            var headers = HTTPHeaders([
                ("Content-Type", ok ? "text/plain; version=0.0.4" : "text/plain"),
                ("Content-Length", String(body.readableBytes)),
            ])
            if !h.isKeepAlive { headers.add(name: "Connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(.init(version: .http1_1, status: ok ? .ok : .notFound, headers: headers))),
                promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
