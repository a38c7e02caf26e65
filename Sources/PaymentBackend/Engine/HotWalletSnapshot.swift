import BigInt
import TronKit

/// The hot wallet as the chain and the ledger see it now: balances, resources, the last 7 days'
/// spending and how many days the balances last at that rate. Serves `GET /api/v1/wallet` and the
/// wallet gauges (refreshed by a periodic job).
public struct HotWalletSnapshot: Sendable, Equatable {
    public var address: TronAddress
    public var contract: TronAddress
    public var trx: Sun
    public var usdt: MicroUSDT
    public var energyAvailable: Int64
    public var bandwidthAvailable: Int64
    public var paidLast7Days: MicroUSDT
    public var feesLast7Days: Sun

    /// Days (in tenths, rounded down) `balance` lasts when `spent` goes out every 7 days; nil when nothing was spent.
    public static func runwayTenths(balance: Int64, spentIn7Days spent: Int64) -> Int64? {
        guard spent > 0 else { return nil }
        let (product, overflow) = balance.multipliedReportingOverflow(by: 70)
        return overflow ? Int64.max / spent : product / spent
    }

    public var usdtRunwayTenths: Int64? { Self.runwayTenths(balance: usdt.value, spentIn7Days: paidLast7Days.value) }
    public var trxRunwayTenths: Int64? { Self.runwayTenths(balance: trx.value, spentIn7Days: feesLast7Days.value) }

    /// Reads the chain (three calls) and the ledger; node errors are thrown as they are.
    public static func take(
        address: TronAddress, contract: TronAddress, node: FullNodeClient, store: any PayoutStore, now: Int64
    ) async throws -> HotWalletSnapshot {
        let account = try await node.getAccount(address)
        let resources = try await node.getAccountResource(address)
        let call = try await node.triggerConstantContract(
            owner: .zero, contract: contract, data: TRC20.balanceOfCall(address))
        let raw = (try? ABIWord.decodeUInt256((call.constantResult.first ?? [])[...])) ?? 0
        let week = try await store.statistics(windows: ["7d": now - 7 * PayoutWindow.dayMs], days: 1, now: now)
            .windows["7d"]
        return HotWalletSnapshot(
            address: address, contract: contract, trx: account?.balance ?? Sun(0),
            usdt: MicroUSDT(raw > BigUInt(Int64.max) ? Int64.max : Int64(raw)),
            energyAvailable: resources.energyAvailable, bandwidthAvailable: resources.bandwidthAvailable,
            paidLast7Days: week?.tally(.confirmed).volume ?? MicroUSDT(0), feesLast7Days: Sun(week?.feesSun ?? 0))
    }
}
