import TronKit

/// Every error the wallet plane reports, with a stable code and the HTTP status it maps to.
/// Messages never carry secrets or internal state.
public enum WalletError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One or more request fields are invalid: (JSON pointer, detail) pairs.
    case validation([FieldError])
    /// The request body is not JSON or too large.
    case malformedBody(String)
    /// The body's JSON names a member twice.
    case duplicateMember(String)
    /// The body is not declared `application/json`.
    case unsupportedMediaType
    /// The internal assertion is missing, invalid, expired, replayed or does not match the request.
    case unauthenticated(String)
    /// The assertion is valid but does not grant this.
    case forbidden(String)
    case notFound(String)
    /// The Idempotency-Key was used with a different body.
    case idempotencyMismatch
    /// The Idempotency-Key header is missing or malformed.
    case idempotencyKeyRequired
    /// A state change that the payout's state forbids (e.g. cancel after signing).
    case conflict(code: String, detail: String)
    /// The store failed; details are logged, not returned.
    case storage(String)
    /// Start-up configuration was invalid; names the variable.
    case configuration(String)
    /// The TRON node could not answer a read (wallet or network info); names the call, not internals.
    case nodeUnavailable(String)
    /// The TRON network would refuse the operation; carries java-tron's own message.
    case chainRefused(String)

    /// A field-level validation problem.
    public struct FieldError: Sendable, Equatable {
        public var pointer: String
        public var detail: String

        public init(_ pointer: String, _ detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public var code: String {
        switch self {
        case .validation: "VALIDATION_FAILED"
        case .malformedBody: "MALFORMED_BODY"
        case .duplicateMember: "JSON_DUPLICATE_MEMBER"
        case .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"
        case .unauthenticated: "ASSERTION_INVALID"
        case .forbidden: "FORBIDDEN"
        case .notFound: "NOT_FOUND"
        case .idempotencyMismatch: "IDEMPOTENCY_KEY_REUSED"
        case .idempotencyKeyRequired: "IDEMPOTENCY_KEY_REQUIRED"
        case .conflict(let code, _): code
        case .storage: "STORAGE_UNAVAILABLE"
        case .configuration: "CONFIGURATION_INVALID"
        case .nodeUnavailable: "TRON_NODE_UNAVAILABLE"
        case .chainRefused: "CHAIN_REFUSED"
        }
    }

    public var status: Int {
        switch self {
        case .validation, .idempotencyMismatch: 422
        case .malformedBody, .duplicateMember, .idempotencyKeyRequired: 400
        case .unsupportedMediaType: 415
        case .unauthenticated: 401
        case .forbidden: 403
        case .notFound: 404
        // Well-formed, but the chain's state refuses it now (it may pass later, as a withdrawal
        // once the delay has passed): a conflict with the current state, like a late cancel.
        case .conflict, .chainRefused: 409
        case .storage, .nodeUnavailable: 503
        case .configuration: 500
        }
    }

    public var title: String {
        switch self {
        case .validation: "The request has invalid fields"
        case .malformedBody: "The request body could not be read"
        case .duplicateMember: "The request body names a member twice"
        case .unsupportedMediaType: "Unsupported media type"
        case .unauthenticated: "Not authenticated"
        case .forbidden: "Not allowed"
        case .notFound: "Not found"
        case .idempotencyMismatch: "Idempotency-Key reused with a different request"
        case .idempotencyKeyRequired: "Idempotency-Key required"
        case .conflict: "Conflict with the payout's state"
        case .storage: "Storage unavailable"
        case .configuration: "Invalid configuration"
        case .nodeUnavailable: "TRON node unavailable"
        case .chainRefused: "The TRON network would refuse this operation"
        }
    }

    public var detail: String {
        switch self {
        case .validation(let errors): errors.map { "\($0.pointer): \($0.detail)" }.joined(separator: "; ")
        case .unsupportedMediaType: "Send the body as application/json."
        case .malformedBody(let s), .duplicateMember(let s), .unauthenticated(let s), .forbidden(let s),
            .notFound(let s), .configuration(let s),
            .nodeUnavailable(let s), .chainRefused(let s):
            s
        case .idempotencyMismatch: "This Idempotency-Key was already used with a different request body."
        case .idempotencyKeyRequired: "Send a unique Idempotency-Key header (1-255 printable ASCII characters)."
        case .conflict(_, let d): d
        case .storage: "The payout store is temporarily unavailable; retry with the same Idempotency-Key."
        }
    }

    public var description: String { "\(code): \(detail)" }
}
