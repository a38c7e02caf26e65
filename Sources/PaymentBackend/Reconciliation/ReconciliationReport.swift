import TronKit

/// The ledger against the chain over the scanned blocks: totals on each side and every
/// disagreement. A report without findings states that the books match, with the totals.
public struct ReconciliationReport: Sendable, Equatable {
    /// One disagreement between the chain and the ledger.
    public struct Finding: Sendable, Equatable {
        /// What kind of disagreement.
        public enum Kind: String, Sendable, CaseIterable {
            /// A transfer from the hot wallet that no payout accounts for (or whose payout is not paid).
            case paidNotRecorded = "paid_not_recorded"
            /// A payout the ledger calls confirmed, with no such transfer on the solid chain.
            case recordedNotOnChain = "recorded_not_on_chain"
            case amountMismatch = "amount_mismatch"
            case recipientMismatch = "recipient_mismatch"
            /// More than one transfer for one payout.
            case duplicatePayment = "duplicate_payment"
        }

        public var kind: Kind
        public var payoutID: String?
        public var txid: String?
        public var blockNumber: Int64?
        public var chainAmount: MicroUSDT?
        public var ledgerAmount: MicroUSDT?
        public var detail: String
    }

    public var fromBlock: Int64
    public var throughBlock: Int64
    public var chainTransfers = 0
    public var chainTotal = MicroUSDT(0)
    public var ledgerConfirmed = 0
    public var ledgerTotal = MicroUSDT(0)
    public var findings: [Finding] = []

    public var isClean: Bool { findings.isEmpty }

    /// One sentence for people.
    public var statement: String {
        isClean
            ? "The ledger and the chain agree over blocks \(fromBlock)…\(throughBlock): \(chainTransfers) transfers, \(chainTotal.decimalString) USDT."
            : "\(findings.count) finding(s) over blocks \(fromBlock)…\(throughBlock): the chain shows \(chainTransfers) transfers (\(chainTotal.decimalString) USDT), the ledger \(ledgerConfirmed) confirmed payouts (\(ledgerTotal.decimalString) USDT)."
    }
}
