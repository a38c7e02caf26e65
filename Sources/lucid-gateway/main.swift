import Foundation
import Gateway
import Logging
import LucidConfiguration

// lucid-gateway: configuration from the environment (see GatewayConfiguration), then serve until
// SIGINT/SIGTERM (GatewayService); SIGHUP reloads the policy files. The only argument is --version.
BuildInfo.answerVersionFlag("lucid-gateway", arguments: CommandLine.arguments)
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let logger = Logger(label: "lucid-gateway")
let config: GatewayConfiguration
do {
    config = try GatewayConfiguration.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("lucid-gateway: \(error)\n".utf8))
    exit(2)
}
do {
    try await GatewayService.runUntilSignalled(config, logger: logger)
} catch {
    FileHandle.standardError.write(Data("lucid-gateway: cannot start: \(error)\n".utf8))
    exit(2)
}
