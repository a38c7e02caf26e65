/// A shared HS256 key for gateway → wallet assertions, named by its `kid`. The secret never prints.
public struct AssertionKey: Sendable, CustomStringConvertible {
    public let kid: String
    let secret: [UInt8]

    /// At least 32 secret bytes (HS256 wants a key as long as its output).
    public init(kid: String, secret: [UInt8]) throws(AssertionError) {
        guard !kid.isEmpty, kid.utf8.count <= 64 else { throw .configuration("an assertion key id is 1-64 characters") }
        guard secret.count >= 32 else { throw .configuration("an assertion key needs at least 32 bytes of secret") }
        self.kid = kid
        self.secret = secret
    }

    /// What `init(parsing:)` reads, for messages.
    public static let textForm = "kid:hex-secret, at least 32 bytes"

    /// Parses `kid:hex-secret` (the format of `LUCID_ASSERTION_KEY` and `lucidctl --key-file`).
    public init(parsing text: String) throws(AssertionError) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[1].utf8.count % 2 == 0 else { throw .configuration("expected kid:hex-secret") }
        var secret: [UInt8] = []
        var high: UInt8?
        for c in parts[1].utf8 {
            let v: UInt8
            switch c {
            case 0x30...0x39: v = c - 0x30
            case 0x61...0x66: v = c - 0x61 + 10
            case 0x41...0x46: v = c - 0x41 + 10
            default: throw .configuration("expected kid:hex-secret")
            }
            if let h = high {
                secret.append(h << 4 | v)
                high = nil
            } else {
                high = v
            }
        }
        try self.init(kid: String(parts[0]), secret: secret)
    }

    public var description: String { "AssertionKey(kid: \(kid), secret: <redacted>)" }
}
