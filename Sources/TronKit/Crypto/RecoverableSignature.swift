/// A 65-byte secp256k1 signature `r‖s‖v` as TRON transactions carry it.
///
/// `v` is the recovery id; TRON wallets write 0/1 and java-tron also accepts 27/28.
public struct RecoverableSignature: Hashable, Sendable {
    /// The 32-byte r and 32-byte s, concatenated.
    public let compact: [UInt8]
    /// The recovery id, 0 or 1 (normalised from 27/28).
    public let recoveryID: UInt8

    /// Builds from 64 compact bytes and a recovery id 0...3.
    public init(compact: [UInt8], recoveryID: UInt8) throws(TronKitError) {
        guard compact.count == 64 else { throw .invalidSignature("compact signature must be 64 bytes") }
        guard recoveryID <= 3 else { throw .invalidSignature("recovery id \(recoveryID) out of range") }
        self.compact = compact
        self.recoveryID = recoveryID
    }

    /// Parses 65 bytes `r‖s‖v` with v ∈ {0, 1, 2, 3, 27, 28, 29, 30}.
    public init(bytes: [UInt8]) throws(TronKitError) {
        guard bytes.count == 65 else { throw .invalidSignature("Signature size is \(bytes.count)") }
        var v = bytes[64]
        if v >= 27 { v -= 27 }
        guard v <= 3 else { throw .invalidSignature("recovery byte \(bytes[64]) is not 0/1 or 27/28") }
        try self.init(compact: Array(bytes.prefix(64)), recoveryID: v)
    }

    /// `r‖s‖v` with v = 0/1, the form wallet-cli, tronpy and java-tron write.
    public var bytes: [UInt8] { compact + [recoveryID] }

    /// `r‖s‖v` with v = 27/28, the Ethereum-style form java-tron also accepts.
    public var bytesV27: [UInt8] { compact + [recoveryID + 27] }

    /// Recovers the address that produced this signature over `digest`.
    public func recoverAddress(digest: [UInt8]) throws(TronKitError) -> TronAddress {
        try TronAddress(publicKey: Secp256k1.recover(signature: self, digest: digest))
    }
}
