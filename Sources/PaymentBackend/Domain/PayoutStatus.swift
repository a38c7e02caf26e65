/// Where a payout stands. Transitions are explicit; anything else is a bug the store refuses.
///
/// ```
/// scheduled ─► signing ─► signed ─► broadcast ─► confirmed
///     │  ▲        │          │  └──────────┴─► failed (REVERT, OUT_OF_ENERGY …)
///     │  └────────┴──────────┴── (expired and proven absent on chain: a new attempt)
///     ├► held (limits, breaker, paused, funds) ─► scheduled | rejected | failed
///     ├► cancelled (only before signing)
///     ├► rejected (KYC no longer valid at execution)
///     └► failed (PAYOUT_TIMEOUT: unpaid past its deadline, nothing signed that could still land)
/// ```
public enum PayoutStatus: String, Sendable, CaseIterable, Codable {
    case scheduled, held, signing, signed, broadcast, confirmed, failed, cancelled, rejected

    /// No further transition is possible.
    public var isTerminal: Bool { [.confirmed, .failed, .cancelled, .rejected].contains(self) }

    /// A transaction for this payout may exist (or may still land) on chain.
    public var mayBeOnChain: Bool { [.signed, .broadcast].contains(self) }

    /// Whether a cancel is still allowed: only before a transaction is signed.
    public var isCancellable: Bool { [.scheduled, .held].contains(self) }

    /// The statuses from which `next` may be reached.
    public static func predecessors(of next: PayoutStatus) -> [PayoutStatus] {
        allCases.filter { $0.canTransition(to: next) }
    }

    /// Whether `self → next` is a legal transition.
    public func canTransition(to next: PayoutStatus) -> Bool {
        switch (self, next) {
        case (.scheduled, .signing), (.scheduled, .held), (.scheduled, .cancelled), (.scheduled, .rejected): true
        case (.held, .scheduled), (.held, .signing), (.held, .held), (.held, .cancelled), (.held, .rejected): true
        // Past its deadline with no transaction that could still land.
        case (.scheduled, .failed), (.held, .failed): true
        // Before anything is signed, a preflight may send it back (funds, breaker, crash recovery).
        case (.signing, .signed), (.signing, .scheduled), (.signing, .held), (.signing, .rejected): true
        case (.signed, .broadcast), (.signed, .confirmed), (.signed, .failed), (.signed, .scheduled): true
        case (.broadcast, .confirmed), (.broadcast, .failed), (.broadcast, .scheduled): true
        // Re-sending the same signed bytes refreshes the broadcast time.
        case (.broadcast, .broadcast): true
        default: false
        }
    }
}
