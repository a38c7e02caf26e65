import LucidJSON
import TronKit

/// A transaction accepted into the pool (its effects already applied, as java-tron's pending
/// state does), waiting for the next block.
struct PendingTransaction: Sendable {
    let tx: Transaction
    let txid: String
    var info: TransactionInfo
    let contractRet: String
    let transfer: LedgerEntry?
}

/// One TRC-20 transfer the devnet executed, for reconciling payouts against the chain by memo.
public struct LedgerEntry: Sendable, Equatable {
    public var txid: String
    public var blockNumber: Int64 = 0
    public var from: TronAddress
    public var to: TronAddress
    /// Token units as a decimal integer string (uint256).
    public var amount: String
    public var memo: String?
    /// `SUCCESS`, `REVERT` or `OUT_OF_ENERGY`.
    public var result: String

    public var json: JSONValue {
        .object([
            ("txid", .string(txid)), ("block", .int(blockNumber)), ("from", .string(from.base58)),
            ("to", .string(to.base58)), ("amount", .string(amount)), ("memo", memo.map { .string($0) } ?? .null),
            ("result", .string(result)),
        ])
    }
}
