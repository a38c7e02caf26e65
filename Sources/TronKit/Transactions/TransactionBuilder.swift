/// Builds unsigned transactions locally, so the wallet signs only what it built itself.
///
/// TAPOS comes from a block id the caller fetched (java-tron nodes default to the solid block);
/// expiration defaults to 60 s after `timestamp`, java-tron's default lifetime.
///
/// ```swift
/// let raw = try TransactionBuilder(refBlock: solidID, timestamp: nowMs)
///     .trc20Transfer(contract: .usdtMainnet, from: hot, to: payee, amount: 1_000_000,
///                    feeLimit: 30_000_000, memo: "po_123")
/// let signed = try Transaction(raw: raw).signed(with: key)
/// ```
public struct TransactionBuilder: Sendable {
    /// java-tron's default transaction lifetime.
    public static let defaultLifetimeMs: Int64 = 60_000
    /// java-tron's maximum: expiration may be at most 24 h after the head block time.
    public static let maxLifetimeMs: Int64 = 86_400_000
    /// java-tron's fee_limit ceiling (`getMaxFeeLimit`, 15,000 TRX).
    public static let maxFeeLimit: Int64 = 15_000_000_000

    public let refBlock: BlockID
    public let timestamp: Int64
    public let expiration: Int64

    /// - Parameters:
    ///   - refBlock: the TAPOS reference block id.
    ///   - timestamp: creation time in ms.
    ///   - expiration: expiry in ms; defaults to `timestamp + 60 s`.
    public init(refBlock: BlockID, timestamp: Int64, expiration: Int64? = nil) throws(TronKitError) {
        let exp = expiration ?? timestamp + Self.defaultLifetimeMs
        guard timestamp > 0 else { throw .invalidTransaction("timestamp must be positive") }
        guard exp > timestamp else { throw .invalidTransaction("expiration must be after the timestamp") }
        guard exp - timestamp <= Self.maxLifetimeMs else {
            throw .invalidTransaction("expiration may be at most 24 h after the timestamp")
        }
        self.refBlock = refBlock
        self.timestamp = timestamp
        self.expiration = exp
    }

    /// Any supported contract payload, with an optional memo and fee limit.
    public func build<P: ContractPayload>(_ payload: P, feeLimit: Int64 = 0, memo: [UInt8] = []) throws(TronKitError)
        -> TransactionRaw
    {
        try build(contract: TransactionContract(payload), feeLimit: feeLimit, memo: memo)
    }

    /// A contract already wrapped with its type, with an optional memo and fee limit.
    public func build(contract: TransactionContract, feeLimit: Int64 = 0, memo: [UInt8] = []) throws(TronKitError)
        -> TransactionRaw
    {
        guard feeLimit >= 0, feeLimit <= Self.maxFeeLimit else {
            throw .invalidTransaction("fee_limit must be between 0 and \(Self.maxFeeLimit) sun")
        }
        guard memo.count <= 512 else { throw .invalidTransaction("memo is limited to 512 bytes") }
        return TransactionRaw(
            refBlockBytes: refBlock.refBlockBytes, refBlockHash: refBlock.refBlockHash, expiration: expiration,
            data: memo, contracts: [contract], timestamp: timestamp, feeLimit: feeLimit)
    }

    /// A TRC-20 `transfer` of `amount` token units (micro-USDT for USDT).
    public func trc20Transfer(
        contract: TronAddress, from: TronAddress, to: TronAddress, amount: UInt64, feeLimit: Int64,
        memo: String? = nil
    ) throws(TronKitError) -> TransactionRaw {
        guard amount > 0 else { throw .invalidTransaction("amount must be greater than 0") }
        guard feeLimit > 0 else { throw .invalidTransaction("a contract call needs a positive fee_limit") }
        let call = TriggerSmartContract(
            ownerAddress: from, contractAddress: contract, data: TRC20.transferCall(to: to, amount: amount))
        return try build(call, feeLimit: feeLimit, memo: Array((memo ?? "").utf8))
    }

    /// A TRX transfer of `amount` sun.
    public func trxTransfer(from: TronAddress, to: TronAddress, amount: Int64, memo: String? = nil) throws(TronKitError)
        -> TransactionRaw
    {
        guard amount > 0 else { throw .invalidTransaction("amount must be greater than 0") }
        guard from != to else { throw .invalidTransaction("cannot transfer TRX to yourself") }
        return try build(
            TransferContract(ownerAddress: from, toAddress: to, amount: amount), memo: Array((memo ?? "").utf8))
    }
}
