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

    public var description: String { "AssertionKey(kid: \(kid), secret: <redacted>)" }
}
