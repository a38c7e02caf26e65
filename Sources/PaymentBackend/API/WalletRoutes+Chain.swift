import Hummingbird
import LucidAssertion
import TronKit

extension WalletRoutes {
    /// Runs a node read for an admin endpoint; a failure is a 503 naming the call, never the node's URL.
    func nodeRead<T>(_ what: String, _ body: () async throws(FullNodeError) -> T) async throws -> T {
        do { return try await body() } catch {
            logger.warning("node read failed", metadata: ["call": "\(what)", "error": "\(error)"])
            throw WalletError.nodeUnavailable("the TRON node did not answer (\(what)); retry shortly")
        }
    }

    /// `GET /api/v1/wallet`: the hot wallet's address, TRX and USDT balances, energy and bandwidth,
    /// and days of runway at the last 7 days' rate (USDT paid and TRX burnt per day).
    func walletInfo(_ who: Principal) async throws -> Response {
        try who.require("payment:admin")
        let w: HotWalletSnapshot
        do {
            w = try await HotWalletSnapshot.take(
                address: engine.hotAddress, contract: engine.configuration.usdtContract, node: node,
                store: service.store, now: service.clock.nowMs())
        } catch let e as FullNodeError {
            logger.warning("node read failed", metadata: ["call": "wallet snapshot", "error": "\(e)"])
            throw WalletError.nodeUnavailable("the TRON node did not answer (wallet balances); retry shortly")
        }
        metrics.wallet(w)
        func days(_ tenths: Int64?) -> JSONValue { tenths.map { .string("\($0 / 10).\($0 % 10)") } ?? .null }
        return Self.json(
            .object([
                ("address", .string(w.address.base58)), ("usdt_contract", .string(w.contract.base58)),
                ("retired_addresses", .array(engine.configuration.retiredAddresses.map { .string($0.base58) })),
                ("trx_balance", .string(w.trx.decimalString)), ("usdt_balance", .string(w.usdt.decimalString)),
                ("energy_available", .int(w.energyAvailable)), ("bandwidth_available", .int(w.bandwidthAvailable)),
                ("paid_last_7d_usdt", .string(w.paidLast7Days.decimalString)),
                ("fees_last_7d_trx", .string(w.feesLast7Days.decimalString)),
                ("runway_days", .object([("usdt", days(w.usdtRunwayTenths)), ("trx", days(w.trxRunwayTenths))])),
            ]))
    }

    /// `GET /api/v1/network`: head and solid blocks, the solidity lag, the energy price and how long
    /// the node took to answer (through the configured path, e.g. Tor).
    func networkInfo(_ who: Principal) async throws -> Response {
        try who.require("payment:stats")
        let started = ContinuousClock.now
        let head = try await nodeRead("getnowblock") { () async throws(FullNodeError) in
            try await node.getNowBlock()
        }
        let latency = ContinuousClock.now - started
        let solid = try await nodeRead("walletsolidity/getnowblock") { () async throws(FullNodeError) in
            try await node.getNowBlock(solid: true)
        }
        let parameters = try await nodeRead("getchainparameters") { () async throws(FullNodeError) in
            try await node.getChainParameters()
        }
        func block(_ b: BlockInfo) -> JSONValue {
            .object([
                ("number", .int(b.number)), ("id", .string(b.id.hex)), ("time", .string(Timestamp.format(b.timestamp))),
            ])
        }
        return Self.json(
            .object([
                ("network", .string(network)), ("head_block", block(head)), ("solid_block", block(solid)),
                ("solid_lag_blocks", .int(max(0, head.number - solid.number))),
                ("energy_price_sun", parameters.energyFee.map { .int($0) } ?? .null),
                ("node_latency_ms", .int(latency.nanoseconds / 1_000_000)),
                ("circuit_breaker", .string(await engine.breaker.state.name)),
            ]))
    }
}
