import LucidJSON
import Testing

/// The admin reports: what the wallet writes, the gateway reads back member for member; an answer
/// missing a member or carrying one of the wrong type is refused with the member's name.
@Suite struct ReportTests {
    static let network = NetworkReport(
        network: "devnet", headBlock: .init(number: 120, id: "00ab", time: "2026-12-05T10:00:00Z"),
        solidBlock: .init(number: 101, id: "00aa", time: "2026-12-05T09:59:00Z"), energyPriceSun: nil,
        nodeLatencyMs: 7, circuitBreaker: "closed")

    @Test func networkRoundTripAndDerivedLag() throws {
        let json = Self.network.json
        #expect(json["solid_lag_blocks"]?.int64 == 19)
        #expect(json["energy_price_sun"]?.isNull == true)
        #expect(try NetworkReport(json: json).json == json)
    }

    @Test func walletRoundTrip() throws {
        let w = WalletReport(
            address: "TA", usdtContract: "TB", retiredAddresses: ["TC"], trxBalance: "10.5", usdtBalance: "1000",
            energyAvailable: 0, bandwidthAvailable: 600, paidLast7DaysUSDT: "12.25", feesLast7DaysTRX: "3",
            runwayDays: .init(usdt: "81.6", trx: nil))
        let back = try WalletReport(json: w.json)
        #expect(back.json == w.json && back.runwayDays.trx == nil && back.usdtBalance == "1000")
    }

    @Test func reconciliationRoundTrip() throws {
        let r = ReconciliationSummary(
            isClean: false, statement: "1 finding", generatedAt: "2026-12-05T10:00:00Z", fromBlock: 1,
            throughBlock: 9, chainTransfers: 2, chainTotalUSDT: "3", ledgerConfirmed: 1, ledgerTotalUSDT: "1",
            findings: [
                .init(
                    kind: "paid_not_recorded", payoutID: nil, txid: "ab", block: 5, chainAmountUSDT: "2",
                    ledgerAmountUSDT: nil, detail: "d")
            ])
        #expect(try ReconciliationSummary(json: r.json).json == r.json)
        #expect(r.json["status"]?.string == "findings")
    }

    @Test func missingOrMistypedMembersAreNamed() throws {
        var members = try #require(Self.network.json.object)
        members.removeAll { $0.0 == "node_latency_ms" }
        #expect(throws: JSONError.unexpected("node_latency_ms is missing")) {
            try NetworkReport(json: .object(members))
        }
        members.append(("node_latency_ms", .string("7")))
        #expect(throws: JSONError.unexpected("node_latency_ms must be an integer")) {
            try NetworkReport(json: .object(members))
        }
        #expect(throws: JSONError.unexpected("status must be clean or findings")) {
            try ReconciliationSummary(json: .object([("status", .string("dirty"))]))
        }
    }
}
