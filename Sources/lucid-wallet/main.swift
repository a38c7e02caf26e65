import Foundation
import Logging
import PaymentBackend

// lucid-wallet: the wallet plane. Configuration comes from the environment (see WalletConfiguration).
var logger = Logger(label: "lucid-wallet")
logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
do {
    let config = try WalletConfiguration.fromEnvironment()
    try await WalletApp.run(config, logger: logger) { port in
        FileHandle.standardError.write(Data(#"{"event":"ready","port":\#(port)}"#.utf8 + [0x0a]))
    }
} catch let e as WalletError {
    FileHandle.standardError.write(Data("lucid-wallet: \(e.detail)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("lucid-wallet: \(error)\n".utf8))
    exit(1)
}
