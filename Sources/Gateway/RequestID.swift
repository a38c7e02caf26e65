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
        var bytes = [UInt8](repeating: 0, count: 15)
        withUnsafeBytes(of: UInt64(bitPattern: Int64(a.finalize()))) { for i in 0..<8 { bytes[i] = $0[i] } }
        withUnsafeBytes(of: UInt64(bitPattern: Int64(b.finalize()))) { for i in 0..<7 { bytes[8 + i] = $0[i] } }
        return "req_" + Base64URL.encode(bytes)
    }

    private static let counter = Atomic<UInt64>(0)
    private static let key: (UInt64, UInt64) = {
        var g = SystemRandomNumberGenerator()
        return (g.next(), g.next())
    }()
}
