import Crypto
import Foundation

/// An x25519 key pair for Tor v3 onion client authorization, and the two files tor reads: the
/// public half for the service's `authorized_clients/NAME.auth`, the private half (with the onion
/// address) for the admin's `ClientOnionAuthDir/NAME.auth_private`.
///
/// ```swift
/// let key = OnionClientKey()
/// try key.authLine                                   // descriptor:x25519:<base32 public key>
/// try key.authPrivateLine(onion: "abc…xyz.onion")    // abc…xyz:descriptor:x25519:<base32 private key>
/// ```
public struct OnionClientKey: Sendable {
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    public init() { privateKey = Curve25519.KeyAgreement.PrivateKey() }

    /// The line of the service side's `.auth` file.
    public var authLine: String { "descriptor:x25519:" + Self.base32(Array(privateKey.publicKey.rawRepresentation)) }

    /// The public key as tor prints it (base32), to tell clients apart.
    public var publicKeyBase32: String { Self.base32(Array(privateKey.publicKey.rawRepresentation)) }

    /// The line of the client side's `.auth_private` file for `onion` (a v3 address, with or
    /// without `.onion`), or nil when `onion` is not a valid v3 address.
    public func authPrivateLine(onion: String) -> String? {
        guard let address = Self.v3Address(onion) else { return nil }
        return "\(address):descriptor:x25519:" + Self.base32(Array(privateKey.rawRepresentation))
    }

    /// The 56-character address of a v3 onion name (lower case, without `.onion`), or nil unless
    /// it decodes to a 32-byte key, version 3 and a matching checksum (rend-spec-v3 §6).
    public static func v3Address(_ name: String) -> String? {
        let address = name.hasSuffix(".onion") ? String(name.dropLast(6)) : name
        guard address.utf8.count == 56, let bytes = base32Decode(address), bytes.count == 35, bytes[34] == 3 else {
            return nil
        }
        var hash = SHA3_256()
        hash.update(data: Array(".onion checksum".utf8) + bytes[0..<32] + [3])
        let checksum = Array(hash.finalize())
        guard checksum[0] == bytes[32], checksum[1] == bytes[33] else { return nil }
        return address
    }

    // RFC 4648 base32 without padding, upper case out, lower case in (as tor writes each). By
    // hand: no package available here offers it, and it is a dozen lines.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func base32(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for b in bytes {
            buffer = buffer << 8 | UInt32(b)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case base32 without padding; nil for any other character or leftover bits that are
    /// not zero (one spelling per key).
    static func base32Decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            let value: UInt8
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = c - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = c - UInt8(ascii: "2") + 26
            default: return nil
            }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(buffer >> UInt32(bits) & 0xff))
            }
        }
        guard buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}
