import Foundation
import LucidAssertion
import PaymentBackend
import TestSupport
import TronDevnet
import TronKit

/// An in-process devnet, a SQLite store in a temp dir, the service and the engine, with a movable clock.
struct WalletHarness {
    let devnet: DevnetServer
    let node: FullNodeClient
    let store: SQLitePayoutStore
    let service: PayoutService
    let engine: PayoutEngine
    let clock: OffsetWalletClock
    let hotKey: PrivateKey
    let admin: Int
    let dir: URL

    static let service = Principal(
        issuer: "lucid-gateway", subject: "svc-payouts", role: "service",
        permissions: ["payment:create", "payment:read", "payment:list"],
        scope: .all, requestID: "r")
    static let adminPrincipal = Principal(
        issuer: "lucid-gateway", subject: "root", role: "admin",
        permissions: [
            "payment:create", "payment:read", "payment:list", "payment:admin", "payment:stats", "kyc:read", "kyc:write",
        ],
        scope: .all, requestID: "r")

    static func with(
        usdt: String = "100000", trx: String = "100000", configure: (inout EngineConfiguration) -> Void = { _ in },
        _ body: (WalletHarness) async throws -> Void
    ) async throws {
        let hot = PrivateKey.random()
        var config = DevnetConfiguration()
        config.blockInterval = .milliseconds(20)
        config.solidityLag = 3
        config.genesis.accounts = [
            .init(address: hot.address, trx: try Sun(parsing: trx), usdt: try MicroUSDT(parsing: usdt))
        ]
        let devnet = try DevnetServer(configuration: config)
        let ports = try await devnet.start()
        var nodeConfig = FullNodeConfiguration(fullNodeURL: "http://127.0.0.1:\(ports.api)")
        // Generous: under a fully parallel test run the in-process devnet can be starved of CPU.
        nodeConfig.callTimeout = .seconds(10)
        let node = FullNodeClient(configuration: nodeConfig)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wallet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLitePayoutStore(path: dir.appendingPathComponent("wallet.sqlite").path)
        var engineConfig = EngineConfiguration()
        engineConfig.rebroadcastAfterMs = 200
        engineConfig.confirmationPollMs = 20
        engineConfig.chainRefreshMs = 0
        engineConfig.retryDelayMs = 1_000
        engineConfig.breaker = CircuitBreaker(failureThreshold: 3, openDurationMs: 5_000, successThreshold: 2)
        configure(&engineConfig)
        let clock = OffsetWalletClock()
        let engine = PayoutEngine(store: store, node: node, hotKey: hot, configuration: engineConfig, clock: clock)
        let h = WalletHarness(
            devnet: devnet, node: node, store: store,
            service: PayoutService(store: store, limits: engineConfig.limits, clock: clock), engine: engine,
            clock: clock,
            hotKey: hot, admin: ports.admin, dir: dir)
        do { try await body(h) } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }

    func stop() async {
        try? await node.shutdown()
        await devnet.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    func request(_ to: TronAddress, _ amount: String, route: RouterType = .v0, batch: BatchType = .immediate) throws
        -> PayoutRequest
    {
        try PayoutRequest.parse(
            .object([
                ("recipient_address", .string(to.base58)), ("amount_usdt", .string(amount)),
                ("router_type", .string(route.rawValue)),
                ("batch_type", .string(batch.rawValue)), ("reason", .string("test")),
            ]))
    }

    /// Runs engine passes until `predicate` holds for payout `id` (deadline-bounded; generous, since a
    /// fully parallel run on two cores can slow the in-process devnet and engine many times over).
    @discardableResult
    func runUntil(_ id: String, timeout: Duration = .seconds(90), _ predicate: @escaping (Payout) -> Bool) async throws
        -> Payout
    {
        try await poll("payout \(id) to reach the expected state", timeout: timeout) { () async throws -> Payout? in
            await engine.runOnce()
            guard let p = try await store.payout(id: id), predicate(p) else { return nil }
            return p
        }
    }

    func adminPost(_ path: String, _ body: String) async throws {
        _ = try await httpPost("http://127.0.0.1:\(admin)\(path)", body)
    }

    /// Every USDT transfer on the devnet whose memo is `memo`.
    func ledger(_ memo: String) async -> [LedgerEntry] { await devnet.chain.ledgerEntries(memo: memo) }
}
