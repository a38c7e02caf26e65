/// Why a text is not one JSON value: malformed, or an object naming a member twice (one meaning
/// per input: refused, never resolved by keeping one of the two).
public enum JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not RFC 8259 JSON; the reason names the byte offset.
    case malformed(String)
    /// An object names this member twice (compared after unescaping).
    case duplicateMember(String)
    /// A member a typed model needs is absent or of the wrong type.
    case unexpected(String)

    /// A stable code for logs and problem bodies.
    public var code: String {
        switch self {
        case .malformed: "JSON_INVALID"
        case .duplicateMember: "JSON_DUPLICATE_MEMBER"
        case .unexpected: "JSON_UNEXPECTED"
        }
    }

    /// The human-readable reason.
    public var reason: String {
        switch self {
        case .malformed(let s), .unexpected(let s): s
        case .duplicateMember(let name): "an object names the member \"\(name.prefix(64))\" twice"
        }
    }

    public var description: String { "\(code): \(reason)" }
}
