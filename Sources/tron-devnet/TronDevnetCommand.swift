import ArgumentParser
import Foundation
import LucidConfiguration
import LucidJSON
import TronDevnet
import TronKit

/// `tron-devnet`: a local java-tron-compatible TRON network for development and tests.
@main
struct TronDevnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tron-devnet",
        abstract: "A local TRON network speaking the java-tron HTTP API, with USDT-TRC20 at the mainnet address.",
        version: BuildInfo.line("tron-devnet"))

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port of the java-tron HTTP API (/wallet, /walletsolidity); 0 picks a free one.") var port = 8090
    @Option(help: "Port of the admin API (/admin/*); 0 picks a free one.") var adminPort = 8091
    @Option(help: "Milliseconds between blocks.") var blockMs = 3000
    @Option(help: "How many blocks the solid head lags the head.") var solidLag: Int64 = 19
    @Option(help: "Genesis file: {\"accounts\":[{\"address\",\"trx\",\"usdt\"}]}.") var genesis: String?
    @Option(help: "Fund an account at genesis: ADDRESS:TRX:USDT (repeatable).") var fund: [String] = []
    @Option(help: "Create N deterministic dev accounts (1,000,000 TRX and 1,000,000 USDT each).") var devAccounts = 0
    @Option(help: "Write dev account keys (hex, mode 0600) into this directory.") var devKeyDir: String?
    @Option(help: "Initial faults as JSON, e.g. {\"broadcast_error\":\"SERVER_BUSY\"}.") var faults: String?
    @Option(help: "Dynamic-energy penalty on USDT transfers, in basis points.") var energyPenaltyBps: Int64 = 0
    @Option(help: "Seconds an unstake waits before it can be withdrawn (mainnet: 14 days).")
    var unfreezeDelaySeconds: Int64 = 14 * 86_400
    @Option(help: "Seconds between two voting-reward withdrawals of one account (mainnet: 24 hours).")
    var rewardIntervalSeconds: Int64 = 86_400
    @Option(help: "Voting rewards per block in sun, shared by the witness's voters.") var voteRewardSun: Int64 =
        16_000_000

    func run() async throws {
        var config = DevnetConfiguration()
        config.blockInterval = .milliseconds(blockMs)
        config.solidityLag = solidLag
        config.usdtEnergyPenaltyBasisPoints = energyPenaltyBps
        config.unfreezeDelay = .seconds(unfreezeDelaySeconds)
        config.rewardWithdrawInterval = .seconds(rewardIntervalSeconds)
        config.voteRewardPerBlock = voteRewardSun
        if let genesis {
            guard let data = FileManager.default.contents(atPath: genesis) else {
                throw ValidationError("cannot read genesis file \(genesis)")
            }
            config.genesis = try Genesis(json: Array(data))
        }
        for f in fund { config.genesis.accounts.append(try Genesis.parseFunding(f)) }
        var devKeys: [PrivateKey] = []
        for i in 0..<max(0, devAccounts) {
            let key = Genesis.devKey(index: i)
            devKeys.append(key)
            config.genesis.accounts.append(
                .init(address: key.address, trx: Sun(1_000_000_000_000), usdt: MicroUSDT(1_000_000_000_000)))
        }
        if let faults { try config.faults.update(from: try JSONValue.parse(faults)) }

        let server = try DevnetServer(configuration: config, host: host, apiPort: port, adminPort: adminPort)
        let ports = try await server.start()
        var accounts: [JSONValue] = []
        for (i, key) in devKeys.enumerated() {
            var entry: [(String, JSONValue)] = [
                ("address", .string(key.address.base58)), ("hex", .string(key.address.hex)),
            ]
            if let dir = devKeyDir {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let path = (dir as NSString).appendingPathComponent("dev-account-\(i).key")
                try PrivateKeyFile.write(key, to: path)
                entry.append(("key_file", .string(path)))
            }
            accounts.append(.object(entry))
        }
        let ready: JSONValue = .object([
            ("event", .string("ready")), ("api", .string("http://\(host):\(ports.api)")),
            ("admin", .string("http://\(host):\(ports.admin)")),
            ("usdt_contract", .string(TronAddress.usdtMainnet.base58)),
            ("block_ms", .int(blockMs)), ("solid_lag", .int(solidLag)),
            ("witness", .string(await server.chain.witnessAddress.base58)), ("dev_accounts", .array(accounts)),
        ])
        FileHandle.standardOutput.write(Data((ready.serialized + "\n").utf8))

        await ShutdownSignal.wait()
        await server.stop()
    }
}

/// Waits for SIGINT or SIGTERM.
enum ShutdownSignal {
    static func wait() async {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { continuation.yield(sig) }
            source.resume()
            sources.append(source)
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
