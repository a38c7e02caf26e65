import LucidAssertion

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

    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 15)
        for i in 0..<15 { bytes[i] = UInt8.random(in: 0...255, using: &g) }
        return "req_" + Base64URL.encode(bytes)
    }
}
