import LucidJSON

/// A transaction as `gettransactionbyid` returns it once it is in a block.
public struct TransactionRecord: Sendable, Equatable {
    public var transaction: Transaction
    /// `ret[0].contractRet`, e.g. `SUCCESS` or `REVERT`.
    public var contractRet: String?

    /// Parses java-tron's JSON; nil for `{}` (not in a block yet, or unknown).
    public init?(json: JSONValue) throws(TronKitError) {
        if json.isEmptyObject { return nil }
        transaction = try TransactionJSON.parseTransaction(json)
        contractRet = try json.arrayField("ret").first.flatMap { r throws(TronKitError) in
            try r.stringField("contractRet")
        }
    }
}
