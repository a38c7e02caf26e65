import CSecp256k1
import Foundation

/// A secp256k1 private key that cannot leak by accident.
///
/// It is a class so there is exactly one copy of the secret bytes, which are zeroed when the key
/// is released. Printing, string interpolation, `dump` and reflection show only `PrivateKey(<redacted>)`,
/// and it deliberately conforms to neither `Codable` nor `Equatable`.
///
/// ```swift
/// let key = try PrivateKey(hex: "0000…0001")
/// print(key)            // PrivateKey(<redacted>)
/// key.address.base58    // "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC"
/// ```
public final class PrivateKey: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    // Immutable after init; only deinit writes (zeroing), when no other reference exists.
    private let secret: UnsafeMutablePointer<UInt8>

    /// The 65-byte uncompressed public key (`04`‖x‖y).
    public let publicKey: [UInt8]

    /// The TRON address of this key.
    public let address: TronAddress

    /// Wraps 32 secret bytes; throws when they are not a valid secp256k1 scalar.
    public init(bytes: [UInt8]) throws(TronKitError) {
        guard bytes.count == 32 else { throw .invalidPrivateKey("a private key is 32 bytes, got \(bytes.count)") }
        let ctx = Secp256k1.context
        guard secp256k1_ec_seckey_verify(ctx, bytes) == 1 else {
            throw .invalidPrivateKey("not a valid secp256k1 private key (zero or not below the curve order)")
        }
        secret = .allocate(capacity: 32)
        secret.initialize(from: bytes, count: 32)
        var pub = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_create(ctx, &pub, secret) == 1 else {
            secret.update(repeating: 0, count: 32)
            secret.deallocate()
            throw .invalidPrivateKey("public key derivation failed")
        }
        publicKey = Secp256k1.serialize(pub)
        address = try TronAddress(publicKey: publicKey)
    }

    /// Parses 64 hex digits (surrounding whitespace and a trailing newline are ignored).
    public convenience init(hex: String) throws(TronKitError) {
        let trimmed = hex.trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes: [UInt8]
        do { bytes = try Hex.decode(trimmed) } catch {
            throw .invalidPrivateKey("a private key is 64 hex digits")
        }
        try self.init(bytes: bytes)
    }

    /// Makes a fresh random key from the system's CSPRNG.
    public static func random() -> PrivateKey {
        var rng = SystemRandomNumberGenerator()
        while true {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
            if let key = try? PrivateKey(bytes: bytes) { return key }
        }
    }

    deinit {
        secret.update(repeating: 0, count: 32)
        secret.deallocate()
    }

    /// Signs a 32-byte digest (RFC 6979 nonce, low-s), returning r‖s‖v with v the recovery id 0/1.
    public func sign(digest: [UInt8]) throws(TronKitError) -> RecoverableSignature {
        try Secp256k1.sign(digest: digest, secret: UnsafePointer(secret))
    }

    /// Runs `body` with the raw secret bytes; for exporting into a keystore, never for logging.
    public func withUnsafeSecretBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: secret, count: 32))
    }

    public var description: String { "PrivateKey(<redacted>)" }
    public var debugDescription: String { "PrivateKey(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
