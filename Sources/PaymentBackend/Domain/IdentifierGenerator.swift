/// Unguessable prefixed ids: `po_` / `ba_` + 26 characters of Crockford base32 over 128 random bits.
public enum IdentifierGenerator {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    public static func make(prefix: String) -> String {
        var rng = SystemRandomNumberGenerator()
        let bits = (UInt64.random(in: .min ... .max, using: &rng), UInt64.random(in: .min ... .max, using: &rng))
        var out = [UInt8]()
        for i in 0..<26 {
            let shift = i * 5
            let value: UInt64 =
                shift < 64
                ? (bits.0 >> UInt64(shift)) | (shift > 59 ? bits.1 << UInt64(64 - shift) : 0)
                : bits.1 >> UInt64(shift - 64)
            out.append(alphabet[Int(value & 31)])
        }
        return prefix + "_" + String(decoding: out, as: UTF8.self)
    }

    /// Whether `id` has the shape of an id with `prefix` (cheap check before any lookup).
    public static func isWellFormed(_ id: String, prefix: String) -> Bool {
        let utf8 = Array(id.utf8)
        guard utf8.count == prefix.utf8.count + 27, id.hasPrefix(prefix + "_") else { return false }
        return utf8.suffix(26).allSatisfy { alphabet.contains($0) }
    }
}
