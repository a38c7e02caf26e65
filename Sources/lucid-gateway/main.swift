import Foundation
import Gateway
import Logging

// lucid-gateway: configuration from the environment (see GatewayConfiguration), then serve until
// SIGINT/SIGTERM.
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let logger = Logger(label: "lucid-gateway")
let config: GatewayConfiguration
do {
    config = try GatewayConfiguration.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("lucid-gateway: \(error)\n".utf8))
    exit(2)
}
let server: GatewayServer
do {
    server = try await GatewayServer.start(config, logger: logger)
} catch {
    FileHandle.standardError.write(Data("lucid-gateway: cannot start: \(error)\n".utf8))
    exit(2)
}
let ready =
    #"{"event":"ready","port":\#(server.port),"proxy_port":\#(server.proxyProtocolPort.map(String.init) ?? "null"),"admin_proxy_port":\#(server.adminProxyPort.map(String.init) ?? "null"),"metrics_port":\#(server.metricsPort.map(String.init) ?? "null")}"#
FileHandle.standardError.write(Data((ready + "\n").utf8))
nonisolated(unsafe) var signalSources: [any DispatchSourceSignal] = []
for sig in [SIGINT, SIGTERM] {
    signal(sig, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: sig, queue: .main)
    source.setEventHandler {
        Task {
            await server.shutdown()
            exit(0)
        }
    }
    source.resume()
    signalSources.append(source)
}
// SIGHUP: reload the plane ACL and roles (strict); a broken file keeps the running policy.
signal(SIGHUP, SIG_IGN)
let hup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .main)
hup.setEventHandler {
    if let problem = server.reloadPolicy() {
        logger.error("policy reload refused; keeping the running policy", metadata: ["problems": "\(problem)"])
    } else {
        logger.notice("policy reloaded")
    }
}
hup.resume()
signalSources.append(hup)
try await server.waitUntilClosed()
