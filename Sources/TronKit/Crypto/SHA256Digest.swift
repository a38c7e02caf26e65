import Crypto

/// SHA-256 as TRON uses it: txIDs, block ids and Base58Check checksums.
public enum SHA256Digest {
    /// The 32-byte SHA-256 of `bytes`.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        let digest =
            if let array = bytes as? [UInt8] { SHA256.hash(data: array) } else { SHA256.hash(data: Array(bytes)) }
        return digest.withUnsafeBytes { Array($0) }
    }

    /// SHA-256 applied twice, as Base58Check does.
    public static func doubleHash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        hash(hash(bytes))
    }
}
