/// Why an internal assertion was refused, each with a stable code. Never includes the token.
public enum AssertionError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case malformed(String)
    case unknownKey
    case badSignature
    case expired
    case lifetimeTooLong
    case wrongIssuerOrAudience
    case replayed
    /// The assertion was made for another request (method, path or body).
    case mismatch(String)
    case configuration(String)

    public var code: String {
        switch self {
        case .missing: "ASSERTION_MISSING"
        case .malformed: "ASSERTION_MALFORMED"
        case .unknownKey: "ASSERTION_UNKNOWN_KEY"
        case .badSignature: "ASSERTION_BAD_SIGNATURE"
        case .expired: "ASSERTION_EXPIRED"
        case .lifetimeTooLong: "ASSERTION_LIFETIME_TOO_LONG"
        case .wrongIssuerOrAudience: "ASSERTION_WRONG_ISSUER_OR_AUDIENCE"
        case .replayed: "ASSERTION_REPLAYED"
        case .mismatch: "ASSERTION_REQUEST_MISMATCH"
        case .configuration: "ASSERTION_CONFIGURATION"
        }
    }

    public var description: String {
        switch self {
        case .missing: "no Lucid-Assertion header"
        case .malformed(let s): "malformed assertion: \(s)"
        case .unknownKey: "the assertion's kid is not a current or previous key"
        case .badSignature: "the assertion's signature does not verify"
        case .expired: "the assertion has expired or is not yet valid"
        case .lifetimeTooLong: "the assertion lives longer than 30 seconds"
        case .wrongIssuerOrAudience: "the assertion is not from lucid-gateway to lucid-wallet"
        case .replayed: "the assertion was already used"
        case .mismatch(let s): "the assertion does not match this request (\(s))"
        case .configuration(let s): s
        }
    }
}
