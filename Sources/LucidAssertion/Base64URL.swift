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

    /// nil when `text` is not base64url (padding is tolerated).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
