import TronKit

/// Aggregates behind `GET /api/v1/stats`: counts and volume by status, payouts created today, and
/// held payouts by reason.
public struct PayoutStatistics: Sendable {
    public var byStatus: [PayoutStatus: (count: Int, volume: MicroUSDT)] = [:]
    public var sinceCount = 0
    public var sinceConfirmed = 0
    public var sinceVolume = MicroUSDT(0)
    public var heldByReason: [String: Int] = [:]
}
