import TronKit

/// A USDT transfer out of the hot wallet as the solid chain recorded it: what reconciliation
/// compares with the ledger.
public struct ChainTransfer: Sendable, Equatable {
    public var txid: String
    /// The Transfer log's position in its transaction's logs (a transaction may emit several).
    public var logIndex: Int
    public var blockNumber: Int64
    public var blockTime: Int64
    public var from: TronAddress
    public var to: TronAddress
    public var amount: MicroUSDT
    /// `raw_data.data` as text: the payout id when the wallet sent it.
    public var memo: String?

    public init(
        txid: String, logIndex: Int, blockNumber: Int64, blockTime: Int64, from: TronAddress, to: TronAddress,
        amount: MicroUSDT,
        memo: String?
    ) {
        self.txid = txid
        self.logIndex = logIndex
        self.blockNumber = blockNumber
        self.blockTime = blockTime
        self.from = from
        self.to = to
        self.amount = amount
        self.memo = memo
    }
}
