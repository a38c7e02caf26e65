import Foundation
import LucidJSON
import TestSupport
import TronDevnet
import TronKit

/// A devnet running in-process with fast blocks, a funded key and a client pointed at it.
struct DevnetHarness {
    let server: DevnetServer
    let client: FullNodeClient
    let api: Int
    let admin: Int
    let key: PrivateKey

    static let usdt = TronAddress.usdtMainnet

    static func start(
        blockMs: Int = 20, solidityLag: Int64 = 3, configure: (inout DevnetConfiguration) -> Void = { _ in }
    )
        async throws -> DevnetHarness
    {
        let key = PrivateKey.random()
        var config = DevnetConfiguration()
        config.blockInterval = .milliseconds(blockMs)
        config.solidityLag = solidityLag
        config.genesis.accounts = [
            .init(address: key.address, trx: try Sun(parsing: "10000"), usdt: try MicroUSDT(parsing: "5000"))
        ]
        configure(&config)
        let server = try DevnetServer(configuration: config)
        let ports = try await server.start()
        var nodeConfig = FullNodeConfiguration(fullNodeURL: "http://127.0.0.1:\(ports.api)")
        nodeConfig.callTimeout = .seconds(5)
        return DevnetHarness(
            server: server, client: FullNodeClient(configuration: nodeConfig), api: ports.api, admin: ports.admin,
            key: key)
    }

    /// Runs `body` against a fresh devnet and always stops it afterwards.
    static func with(
        blockMs: Int = 20, solidityLag: Int64 = 3, configure: (inout DevnetConfiguration) -> Void = { _ in },
        _ body: (DevnetHarness) async throws -> Void
    ) async throws {
        let h = try await start(blockMs: blockMs, solidityLag: solidityLag, configure: configure)
        do {
            try await body(h)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func stop() async {
        try? await client.shutdown()
        await server.stop()
    }

    /// Builds and signs a USDT transfer referencing the solid block, as the wallet does.
    func usdtTransfer(
        to: TronAddress, micro: UInt64, feeLimit: Int64 = 30_000_000, memo: String? = nil, signer: PrivateKey? = nil,
        timestamp: Int64? = nil, expiration: Int64? = nil
    ) async throws -> Transaction {
        let solid = try await client.getNowBlock(solid: true)
        let now = timestamp ?? Int64(Date().timeIntervalSince1970 * 1000)
        let raw = try TransactionBuilder(refBlock: solid.id, timestamp: now, expiration: expiration)
            .trc20Transfer(
                contract: Self.usdt, from: key.address, to: to, amount: micro, feeLimit: feeLimit, memo: memo)
        return try Transaction(raw: raw).signed(with: signer ?? key)
    }

    /// Polls until `body` returns a value or the deadline passes (then throws).
    func poll<T>(_ what: String, timeout: Duration = .seconds(20), _ body: () async throws -> T?) async throws -> T {
        try await TestSupport.poll(what, timeout: timeout, body)
    }

    /// Waits until the solid head reaches `number`.
    func waitForSolid(_ number: Int64) async throws {
        _ = try await poll("solid head \(number)") { () async throws -> Int64? in
            let n = try await client.getNodeInfo().solidNumber
            return n >= number ? n : nil
        }
    }

    /// Posts to the devnet's admin API.
    func adminPost(_ path: String, _ body: String) async throws -> JSONValue {
        try JSONValue.parse(try await httpPost("http://127.0.0.1:\(admin)\(path)", body).body)
    }

    /// Posts raw bytes to a node endpoint and returns the JSON answer.
    func rawPost(_ path: String, _ body: String) async throws -> JSONValue {
        let reply = try await httpPost("http://127.0.0.1:\(api)\(path)", body)
        guard reply.status == 200 else { throw HarnessError.status(path) }
        return try JSONValue.parse(reply.body)
    }
}

enum HarnessError: Error {
    case status(String)
}
