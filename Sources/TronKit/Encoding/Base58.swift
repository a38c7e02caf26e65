/// Base58 with the Bitcoin alphabet, and Base58Check (payload ‖ first 4 bytes of SHA-256²).
///
/// ```swift
/// Base58.checkEncode(try Hex.decode("410000000000000000000000000000000000000000"))
/// // "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"
/// ```
public enum Base58 {
    private static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let indexes: [Int8] = {
        var t = [Int8](repeating: -1, count: 128)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        return t
    }()

    /// Encodes bytes; each leading zero byte becomes a leading `1`.
    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits = [UInt8]()  // base-58 digits, least significant first
        for byte in bytes.dropFirst(zeros) {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let chars = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: chars, as: UTF8.self)
    }

    /// Decodes Base58 text; throws on an empty string or a character outside the alphabet.
    public static func decode(_ text: String) throws(TronKitError) -> [UInt8] {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty else { throw .invalidBase58("empty string") }
        var bytes = [UInt8]()  // base-256, least significant first
        for (pos, c) in utf8.enumerated() {
            guard c < 128, indexes[Int(c)] >= 0 else {
                let ch = String(text.unicodeScalars.dropFirst(min(pos, text.unicodeScalars.count - 1)).first ?? "?")
                throw .invalidBase58("invalid base58 character '\(ch)' at position \(pos)")
            }
            var carry = Int(indexes[Int(c)])
            for i in bytes.indices {
                carry += Int(bytes[i]) * 58
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        let zeros = utf8.prefix { $0 == alphabet[0] }.count
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// Base58Check encoding: `payload ‖ SHA256(SHA256(payload))[0..<4]`.
    public static func checkEncode(_ payload: [UInt8]) -> String {
        encode(payload + SHA256Digest.doubleHash(payload).prefix(4))
    }

    /// Base58Check decoding: returns the payload after verifying the 4-byte checksum.
    public static func checkDecode(_ text: String) throws(TronKitError) -> [UInt8] {
        let raw = try decode(text)
        guard raw.count > 4 else { throw .invalidBase58("too short for a checksum (\(raw.count) bytes)") }
        let payload = Array(raw.dropLast(4))
        guard Array(raw.suffix(4)) == Array(SHA256Digest.doubleHash(payload).prefix(4)) else {
            throw .invalidBase58("bad checksum")
        }
        return payload
    }
}
