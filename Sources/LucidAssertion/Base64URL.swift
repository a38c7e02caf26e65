import Foundation

/// base64url without padding (RFC 7515 §2).
///
///     Base64URL.encode(Array("hi".utf8))   // "aGk"
public enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: encodeBytes(bytes), as: UTF8.self)
    }

    public static func encodeBytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        encode(bytes, into: &out)
        return out
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func encode(_ bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ encode(UnsafeRawBufferPointer($0), into: &out) }) {
            return done
        }
        Array(bytes).withUnsafeBytes { encode($0, into: &out) }
    }

    /// Appends the encoding of raw bytes to `out`.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: encodedLength(bytes.count)))
        out.withUnsafeMutableBufferPointer { _ = encode(bytes, to: $0.baseAddress! + start) }
    }

    /// The length of the encoding of `count` bytes.
    public static func encodedLength(_ count: Int) -> Int { count / 3 * 4 + [0, 2, 3][count % 3] }

    /// Writes the encoding of `bytes` at `dst`, which has room for `encodedLength(bytes.count)`
    /// bytes, and returns that length (the one loop every overload ends in).
    public static func encode(_ bytes: UnsafeRawBufferPointer, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        let n = bytes.count
        alphabet.withUnsafeBufferPointer { table in
            var i = 0
            var o = 0
            while i + 3 <= n {
                let a = bytes[i]
                let b = bytes[i + 1]
                let c = bytes[i + 2]
                dst[o] = table[Int(a >> 2)]
                dst[o + 1] = table[Int((a & 0x03) << 4 | b >> 4)]
                dst[o + 2] = table[Int((b & 0x0f) << 2 | c >> 6)]
                dst[o + 3] = table[Int(c & 0x3f)]
                i += 3
                o += 4
            }
            if n - i == 1 {
                let a = bytes[i]
                dst[o] = table[Int(a >> 2)]
                dst[o + 1] = table[Int((a & 0x03) << 4)]
            } else if n - i == 2 {
                let a = bytes[i]
                let b = bytes[i + 1]
                dst[o] = table[Int(a >> 2)]
                dst[o + 1] = table[Int((a & 0x03) << 4 | b >> 4)]
                dst[o + 2] = table[Int((b & 0x0f) << 2)]
            }
        }
        return encodedLength(n)
    }

    /// The bytes of canonical base64url text, or nil: no `=` padding, no character outside the
    /// alphabet, no length that leaves a lone character, and the unused low bits of the last
    /// character zero — so exactly one text decodes to given bytes (RFC 7515 §2, RFC 4648 §3.5).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let n = text.utf8.count
        guard n % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(n * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in text.utf8 {
            guard let v = value(c) else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        return acc == 0 ? out : nil
    }

    /// The 6-bit value of one base64url character.
    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"): 62
        case UInt8(ascii: "_"): 63
        default: nil
        }
    }
}
