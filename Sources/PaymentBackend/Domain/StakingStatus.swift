/// Where a staking operation stands. Transitions are explicit; anything else is refused by the store.
///
/// ```
/// scheduled ─► signing ─► signed ─► broadcast ─► confirmed
///     ▲           │          │  └──────────┴─► failed (the chain executed and refused it)
///     │           │          └──────────┴── (expired and proven absent on chain: a new attempt)
///     └───────────┘ (node trouble or a crash before anything was signed)
/// signing ─► failed (the chain would refuse it now: java-tron's message, nothing signed)
/// signed|broadcast ─► failed (expired and absent, out of attempts: nothing can land)
/// scheduled ─► failed (after a restore: a later run may have executed it; see `RESTORE_UNCERTAIN`)
/// ```
public enum StakingStatus: String, Sendable, CaseIterable, Codable {
    case scheduled, signing, signed, broadcast, confirmed, failed

    /// No further transition is possible.
    public var isTerminal: Bool { self == .confirmed || self == .failed }

    /// A transaction for this operation may exist (or may still land) on chain.
    public var mayBeOnChain: Bool { self == .signed || self == .broadcast }

    /// Whether `self → next` is a legal transition.
    public func canTransition(to next: StakingStatus) -> Bool {
        switch (self, next) {
        case (.scheduled, .signing), (.scheduled, .failed): true
        case (.signing, .signed), (.signing, .scheduled), (.signing, .failed): true
        case (.signed, .broadcast), (.signed, .confirmed), (.signed, .failed), (.signed, .scheduled): true
        case (.broadcast, .broadcast), (.broadcast, .confirmed), (.broadcast, .failed), (.broadcast, .scheduled): true
        default: false
        }
    }

    /// The statuses from which `next` may be reached.
    public static func predecessors(of next: StakingStatus) -> [StakingStatus] {
        allCases.filter { $0.canTransition(to: next) }
    }
}
