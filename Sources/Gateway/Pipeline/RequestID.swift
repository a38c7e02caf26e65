import LucidAssertion
import Synchronization

/// Request ids: the client's `X-Request-Id` when well-formed (8-64 of `A-Z a-z 0-9 . _ -`), else a
/// fresh one. The gateway's own id (always fresh) names the request towards the wallet, where it is
/// also the assertion's replay key.
enum RequestID {
    static func accept(_ value: String?) -> String? {
        guard let value, (8...64).contains(value.utf8.count) else { return nil }
        for b in value.utf8 {
            let ok =
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7a) || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            guard ok else { return nil }
        }
        return value
    }

    /// 120 bits: a per-process random key (from the system CSPRNG, once) and a counter, mixed by
    /// SipHash — unique per process, unguessable, and no system call per request.
    static func make() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        var a = Hasher()
        a.combine(key.0)
        a.combine(n)
        var b = Hasher()
        b.combine(key.1)
        b.combine(n)
        let hi = UInt64(bitPattern: Int64(a.finalize()))
        let lo = UInt64(bitPattern: Int64(b.finalize())) >> 8  // 120 bits in all
        return String(unsafeUninitializedCapacity: 34) { out in
            out[0] = UInt8(ascii: "r")
            out[1] = UInt8(ascii: "e")
            out[2] = UInt8(ascii: "q")
            out[3] = UInt8(ascii: "_")
            for i in 0..<16 { out[4 + i] = hexDigits[Int((hi >> UInt64(60 - 4 * i)) & 15)] }
            for i in 0..<14 { out[20 + i] = hexDigits[Int((lo >> UInt64(52 - 4 * i)) & 15)] }
            return 34
        }
    }

    private static let counter = Atomic<UInt64>(0)
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let key: (UInt64, UInt64) = {
        var g = SystemRandomNumberGenerator()
        return (g.next(), g.next())
    }()
}
