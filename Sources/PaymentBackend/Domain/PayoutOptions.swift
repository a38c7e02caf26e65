/// The payout route: v0 (no KYC, small amounts) or kyc (needs an active KYC record, larger amounts).
public enum RouterType: String, Sendable, CaseIterable, Codable { case v0, kyc }

/// Execution priority within a window: higher first, then older first.
public enum PayoutPriority: String, Sendable, CaseIterable, Codable {
    case low, normal, high, urgent

    /// Sort rank; larger runs first.
    public var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }
}

/// When a payout may run: at once, or at the next hourly / daily / weekly UTC window.
public enum BatchType: String, Sendable, CaseIterable, Codable { case immediate, hourly, daily, weekly }
