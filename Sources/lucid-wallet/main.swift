import Foundation
import Logging
import LucidConfiguration
import PaymentBackend

// lucid-wallet: the wallet plane. Configuration comes from the environment (see WalletConfiguration);
// the only argument is --version. Under systemd (Type=notify) it reports ready once it serves.
BuildInfo.answerVersionFlag("lucid-wallet", arguments: CommandLine.arguments)
var logger = Logger(label: "lucid-wallet")
logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
do {
    let config = try WalletConfiguration.fromEnvironment()
    try await WalletApp.run(config, logger: logger) { port in
        FileHandle.standardError.write(Data(#"{"event":"ready","port":\#(port)}"#.utf8 + [0x0a]))
        SystemdNotify.send("READY=1")
    }
} catch let e as WalletError {
    FileHandle.standardError.write(Data("lucid-wallet: \(e.detail)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("lucid-wallet: \(error)\n".utf8))
    exit(1)
}
