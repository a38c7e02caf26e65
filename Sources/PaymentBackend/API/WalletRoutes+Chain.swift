import Hummingbird
import LucidAssertion
import LucidJSON
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
        func days(_ tenths: Int64?) -> String? { tenths.map { "\($0 / 10).\($0 % 10)" } }
        return Self.json(
            WalletReport(
                address: w.address.base58, usdtContract: w.contract.base58,
                retiredAddresses: engine.configuration.retiredAddresses.map(\.base58), trxBalance: w.trx.decimalString,
                usdtBalance: w.usdt.decimalString, energyAvailable: w.energyAvailable,
                bandwidthAvailable: w.bandwidthAvailable, paidLast7DaysUSDT: w.paidLast7Days.decimalString,
                feesLast7DaysTRX: w.feesLast7Days.decimalString,
                runwayDays: .init(usdt: days(w.usdtRunwayTenths), trx: days(w.trxRunwayTenths))
            ).json)
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
        func block(_ b: BlockInfo) -> NetworkReport.Block {
            NetworkReport.Block(number: b.number, id: b.id.hex, time: Timestamp.format(b.timestamp))
        }
        return Self.json(
            NetworkReport(
                network: network, headBlock: block(head), solidBlock: block(solid),
                energyPriceSun: parameters.energyFee,
                nodeLatencyMs: latency.nanoseconds / 1_000_000, circuitBreaker: await engine.breaker.state.name
            ).json)
    }
}
