/// What to do next with a signed transaction that may be on chain — the one exactly-once rule that
/// payouts and staking operations share.
enum AttemptStep: Equatable {
    /// The solid chain has its receipt: record the outcome.
    case finalize
    /// Expired, and the solid chain (which covers every block that could hold it) has it not:
    /// nothing for this attempt can land any more, so a new one (or giving up) is safe.
    case expired
    /// Not sent yet, or sent long enough ago: send the same signed bytes again.
    case resend
    /// It may still land: wait.
    case wait
}

extension Payout.ChainAttempt {
    /// The next step for this attempt, given whether its solid receipt was `found`, whether it was
    /// `sent` at least once, and the solid head's time.
    func nextStep(found: Bool, sent: Bool, solidTime: Int64, now: Int64, rebroadcastAfterMs: Int64) -> AttemptStep {
        if found { return .finalize }
        if solidTime >= expiration { return .expired }
        if !sent || now - (broadcastAt ?? 0) >= rebroadcastAfterMs { return .resend }
        return .wait
    }
}
