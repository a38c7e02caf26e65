/// A signed `Transaction`: `raw_data` plus one 65-byte signature per signer.
///
/// When decoded from bytes, the raw part's original bytes are kept, so the txID is the hash of what
/// was actually signed even if it was not canonical.
public struct Transaction: ProtobufMessage, Equatable {
    public var raw: TransactionRaw
    /// The exact bytes of `raw` (canonical unless decoded from non-canonical input).
    public let rawBytes: [UInt8]
    public var signatures: [[UInt8]]

    /// Wraps an unsigned or signed raw part; its canonical bytes are what gets signed.
    public init(raw: TransactionRaw, signatures: [[UInt8]] = []) {
        self.raw = raw
        self.rawBytes = raw.protobuf
        self.signatures = signatures
    }

    /// Wraps raw_data bytes exactly as given (the txID is their hash), checking that they decode.
    public init(rawBytes: [UInt8], signatures: [[UInt8]] = []) throws(TronKitError) {
        raw = try TransactionRaw(protobuf: rawBytes)
        self.rawBytes = rawBytes
        self.signatures = signatures
    }

    public init(protobuf: [UInt8]) throws(TronKitError) {
        var rawBytes: [UInt8]?
        var signatures = [[UInt8]]()
        try ProtobufReader.forEachField(protobuf) { field, v throws(TronKitError) in
            switch field {
            case 1: rawBytes = try v.requireBytes("raw_data")
            case 2: signatures.append(try v.requireBytes("signature"))
            default: break  // ret (5) is filled in by nodes and not part of the transaction's identity
            }
        }
        guard let rawBytes else { throw .invalidProtobuf("missing raw_data") }
        self.raw = try TransactionRaw(protobuf: rawBytes)
        self.rawBytes = rawBytes
        self.signatures = signatures
    }

    /// The serialized transaction (raw_data and signatures; no `ret`).
    public var protobuf: [UInt8] {
        var w = ProtobufWriter()
        w.element(1, rawBytes)
        for s in signatures { w.element(2, s) }
        return w.bytes
    }

    /// SHA-256 of the raw bytes: the transaction's id and the digest every signature covers.
    public var txID: [UInt8] { SHA256Digest.hash(rawBytes) }

    /// The txID as 64 lower-case hex digits.
    public var txIDHex: String { Hex.encode(txID) }

    /// Bandwidth points the transaction consumes: its serialized size plus 64 (java-tron's
    /// `MAX_RESULT_SIZE_IN_TX`).
    public var bandwidth: Int { protobuf.count + 64 }

    /// Returns a copy with `key`'s signature appended (v = 0/1).
    public func signed(with key: PrivateKey) throws(TronKitError) -> Transaction {
        var copy = self
        copy.signatures.append(try key.sign(digest: txID).bytes)
        return copy
    }

    /// The address each signature recovers to, in order (nil for a malformed signature).
    public func signers() -> [TronAddress?] {
        let digest = txID
        return signatures.map { s in
            try? RecoverableSignature(bytes: s).recoverAddress(digest: digest)
        }
    }
}
