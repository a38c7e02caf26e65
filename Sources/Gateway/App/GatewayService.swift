import Foundation
import Logging
import LucidConfiguration
import ServiceLifecycle

/// The gateway as a swift-service-lifecycle `Service`, run the way the wallet runs: started, ready
/// (its `{"event":"ready",…}` line on stderr), serving until a graceful shutdown (SIGINT or
/// SIGTERM through the `ServiceGroup`), then closed. SIGHUP reloads the policy files; a broken file
/// keeps the running policy.
public struct GatewayService: Service {
    let config: GatewayConfiguration
    let logger: Logger

    public init(config: GatewayConfiguration, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// Runs `GatewayService` in a `ServiceGroup` that turns SIGINT and SIGTERM into a graceful
    /// shutdown.
    public static func runUntilSignalled(_ config: GatewayConfiguration, logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: [GatewayService(config: config, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    public func run() async throws {
        let server = try await GatewayServer.start(config, logger: logger)
        let reload = Self.reloadOnHangUp(server, logger: logger)
        defer { reload.cancel() }
        FileHandle.standardError.write(Data((Self.readyLine(server) + "\n").utf8))
        SystemdNotify.send("READY=1")
        // Serve until the group asks for a graceful shutdown (which closes the listeners), or a
        // listener closes on its own. (Waiting on a channel's close future ignores task
        // cancellation, so the shutdown closes the listeners rather than cancelling the wait.)
        try? await withGracefulShutdownHandler {
            try await server.waitUntilClosed()
        } onGracefulShutdown: {
            server.closeListeners()
        }
        await server.shutdown()
    }

    /// The line printed once the gateway serves: its bound ports (the wallet prints the same event).
    static func readyLine(_ server: GatewayServer) -> String {
        func port(_ p: Int?) -> String { p.map(String.init) ?? "null" }
        return #"{"event":"ready","port":\#(server.port),"proxy_port":\#(port(server.proxyProtocolPort)),"#
            + #""admin_proxy_port":\#(port(server.adminProxyPort)),"metrics_port":\#(port(server.metricsPort))}"#
    }

    private static func reloadOnHangUp(_ server: GatewayServer, logger: Logger) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler {
            if let problem = server.reloadPolicy() {
                logger.error(
                    "policy reload refused; keeping the running policy", metadata: ["problems": "\(problem)"])
            } else {
                logger.notice("policy reloaded")
            }
        }
        source.resume()
        return source
    }
}
