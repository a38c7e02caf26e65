import BigInt
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
        let address = engine.hotAddress
        let contract = engine.configuration.usdtContract
        let account = try await nodeRead("getaccount") { () async throws(FullNodeError) in
            try await node.getAccount(address)
        }
        let resources = try await nodeRead("getaccountresource") { () async throws(FullNodeError) in
            try await node.getAccountResource(address)
        }
        let call = try await nodeRead("balanceOf") { () async throws(FullNodeError) in
            try await node.triggerConstantContract(owner: .zero, contract: contract, data: TRC20.balanceOfCall(address))
        }
        let raw = (try? ABIWord.decodeUInt256((call.constantResult.first ?? [])[...])) ?? 0
        let usdt = MicroUSDT(raw > BigUInt(Int64.max) ? Int64.max : Int64(raw))
        let trx = account?.balance ?? Sun(0)

        let now = service.clock.nowMs()
        let week = try await service.store.statistics(
            windows: ["7d": now - 7 * PayoutWindow.dayMs], days: 1, now: now
        ).windows["7d"]
        let paid7d = week?.tally(.confirmed).volume.value ?? 0
        let fees7d = week?.feesSun ?? 0
        return Self.json(
            .object([
                ("address", .string(address.base58)), ("usdt_contract", .string(contract.base58)),
                ("trx_balance", .string(trx.decimalString)), ("usdt_balance", .string(usdt.decimalString)),
                ("energy_available", .int(resources.energyAvailable)),
                ("bandwidth_available", .int(resources.bandwidthAvailable)),
                ("paid_last_7d_usdt", .string(MicroUSDT(paid7d).decimalString)),
                ("fees_last_7d_trx", .string(Sun(fees7d).decimalString)),
                (
                    "runway_days",
                    .object([
                        ("usdt", Self.runway(balance: usdt.value, spentIn7Days: paid7d)),
                        ("trx", Self.runway(balance: trx.value, spentIn7Days: fees7d)),
                    ])
                ),
            ]))
    }

    /// Days (one decimal, rounded down) a balance lasts at the 7-day rate; null when nothing was spent.
    static func runway(balance: Int64, spentIn7Days spent: Int64) -> JSONValue {
        guard spent > 0 else { return .null }
        let (product, overflow) = balance.multipliedReportingOverflow(by: 70)
        let tenths = overflow ? Int64.max / spent : product / spent
        return .string("\(tenths / 10).\(tenths % 10)")
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
