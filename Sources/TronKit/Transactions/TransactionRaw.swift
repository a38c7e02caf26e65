/// `Transaction.raw`: everything a signature covers. Its canonical bytes hash to the txID.
public struct TransactionRaw: ProtobufMessage, Equatable {
    /// Bytes 6..<8 of the reference block id (the low 16 bits of its height).
    public var refBlockBytes: [UInt8]
    /// Unused by java-tron; kept for round-trips.
    public var refBlockNum: Int64 = 0
    /// Bytes 8..<16 of the reference block id.
    public var refBlockHash: [UInt8]
    /// Milliseconds since the epoch after which the transaction can no longer be included.
    public var expiration: Int64
    /// Free-form data; wallets use it as a memo (the payout engine stores the payout id here).
    public var data: [UInt8] = []
    public var contracts: [TransactionContract]
    public var scripts: [UInt8] = []
    /// Creation time in milliseconds (part of the txID).
    public var timestamp: Int64
    /// Most TRX (sun) the transaction may burn for energy.
    public var feeLimit: Int64 = 0

    public init(
        refBlockBytes: [UInt8], refBlockHash: [UInt8], expiration: Int64, data: [UInt8] = [],
        contracts: [TransactionContract], timestamp: Int64, feeLimit: Int64 = 0
    ) {
        self.refBlockBytes = refBlockBytes
        self.refBlockHash = refBlockHash
        self.expiration = expiration
        self.data = data
        self.contracts = contracts
        self.timestamp = timestamp
        self.feeLimit = feeLimit
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        self.init(refBlockBytes: [], refBlockHash: [], expiration: 0, contracts: [], timestamp: 0)
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: refBlockBytes = try v.requireBytes("ref_block_bytes")
            case 3: refBlockNum = try v.requireInt64("ref_block_num")
            case 4: refBlockHash = try v.requireBytes("ref_block_hash")
            case 8: expiration = try v.requireInt64("expiration")
            case 10: data = try v.requireBytes("data")
            case 11: contracts.append(try TransactionContract(protobuf: try v.requireBytes("contract")))
            case 12: scripts = try v.requireBytes("scripts")
            case 14: timestamp = try v.requireInt64("timestamp")
            case 18: feeLimit = try v.requireInt64("fee_limit")
            default: break
            }
        }
    }

    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.bytes(1, refBlockBytes)
        w.int64(3, refBlockNum)
        w.bytes(4, refBlockHash)
        w.int64(8, expiration)
        w.bytes(10, data)
        for c in contracts { w.element(11, c.protobuf) }
        w.bytes(12, scripts)
        w.int64(14, timestamp)
        w.int64(18, feeLimit)
        return w.bytes
    }

    /// The txID of these fields: SHA-256 of the canonical serialization.
    public var txID: [UInt8] { SHA256Digest.hash(protobuf) }

    /// The memo as UTF-8 text, when `data` is valid UTF-8.
    public var memo: String? { data.isEmpty ? nil : String(validating: data, as: UTF8.self) }

    /// The single contract java-tron supports, or an error when there are none or several.
    public func singleContract() throws(TronKitError) -> TransactionContract {
        guard contracts.count == 1, let c = contracts.first else {
            throw .invalidTransaction("a transaction carries exactly one contract, found \(contracts.count)")
        }
        return c
    }
}
