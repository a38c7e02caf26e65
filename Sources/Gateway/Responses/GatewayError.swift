import HTTPWire

/// Every way the gateway refuses a request, each with its HTTP status and a stable code. Details
/// name the problem for the caller; they never carry a token, a secret or the policy's text.
public enum GatewayError: Error, Sendable, Equatable {
    // Framing and request target.
    case badRequest(code: String, detail: String)
    case headersTooLarge
    case bodyTooLarge(limit: Int)
    case misdirected(host: String)
    case notFound
    case methodNotAllowed(allow: [String])
    case unsupportedMediaType(String)
    /// The client did not send its request head or body in time.
    case requestTimeout
    // Who is calling.
    case unauthenticated(reason: TokenRefusal)
    // What they may do, and from where.
    case forbidden(code: String, detail: String)
    case rateLimited(RateLimitDecision)
    // Upstream.
    case upstreamUnavailable(String)
    case upstreamTimeout
    case upstreamBadResponse(String)
    case internalFailure
    /// A refusal by the request screen; the connection is closed after answering.
    indirect case screened(GatewayError)

    public var status: Int {
        switch self {
        case .badRequest: 400
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .misdirected: 421
        case .notFound: 404
        case .methodNotAllowed: 405
        case .unsupportedMediaType: 415
        case .requestTimeout: 408
        case .unauthenticated: 401
        case .forbidden: 403
        case .rateLimited: 429
        case .upstreamUnavailable: 503
        case .upstreamTimeout: 504
        case .upstreamBadResponse: 502
        case .internalFailure: 500
        case .screened(let e): e.status
        }
    }

    public var code: String {
        switch self {
        case .badRequest(let code, _): code
        case .headersTooLarge: "HEADERS_TOO_LARGE"
        case .bodyTooLarge: "BODY_TOO_LARGE"
        case .misdirected: "MISDIRECTED_REQUEST"
        case .notFound: "NOT_FOUND"
        case .methodNotAllowed: "METHOD_NOT_ALLOWED"
        case .unsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE"
        case .requestTimeout: "REQUEST_TIMEOUT"
        case .unauthenticated(let r): r.code
        case .forbidden(let code, _): code
        case .rateLimited: "RATE_LIMITED"
        case .upstreamUnavailable: "UPSTREAM_UNAVAILABLE"
        case .upstreamTimeout: "UPSTREAM_TIMEOUT"
        case .upstreamBadResponse: "UPSTREAM_BAD_RESPONSE"
        case .internalFailure: "INTERNAL"
        case .screened(let e): e.code
        }
    }

    public var title: String {
        switch self {
        case .badRequest: "Bad request"
        case .headersTooLarge: "Request header fields too large"
        case .bodyTooLarge: "Content too large"
        case .misdirected: "Misdirected request"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .unsupportedMediaType: "Unsupported media type"
        case .requestTimeout: "Request timeout"
        case .unauthenticated: "Unauthorized"
        case .forbidden: "Forbidden"
        case .rateLimited: "Too many requests"
        case .upstreamUnavailable: "Service unavailable"
        case .upstreamTimeout: "Gateway timeout"
        case .upstreamBadResponse: "Bad gateway"
        case .internalFailure: "Internal error"
        case .screened(let e): e.title
        }
    }

    public var detail: String {
        switch self {
        case .badRequest(_, let d): d
        case .headersTooLarge: "the request's header block is larger than the gateway accepts"
        case .bodyTooLarge(let limit): "the body exceeds \(limit) bytes"
        case .misdirected(let host): "this server does not serve host \(host.prefix(64))"
        case .notFound: "no operation matches this path"
        case .methodNotAllowed(let allow): "this path allows \(allow.joined(separator: ", "))"
        case .unsupportedMediaType(let d): d
        case .requestTimeout: "the request did not arrive in time; the connection is closed"
        case .unauthenticated(let r): r.detail
        case .forbidden(_, let d): d
        case .rateLimited(let d): "the \(d.policy.name) limit is exhausted; retry in \(d.retryAfterSeconds) s"
        case .upstreamUnavailable(let d): "the wallet is not reachable (\(d))"
        case .upstreamTimeout: "the wallet did not answer in time"
        case .upstreamBadResponse(let d): "the wallet's answer was unusable (\(d))"
        case .internalFailure: "the gateway could not complete the request"
        case .screened(let e): e.detail
        }
    }
}

/// Why a bearer token was refused; each maps to a stable `code` and a metric label.
public enum TokenRefusal: String, Error, Sendable, Equatable, CaseIterable {
    case missing, malformed, tooLarge, algorithmNotAllowed, unknownKey, headerKeyRefused, criticalHeader
    case badSignature, expired, notYetValid, issuedInFuture, lifetimeTooLong, missingExpiry
    case untrustedIssuer, wrongAudience, notAnAccessToken, unknownRole, invalidClaims
    case duplicateMember, roleNotGrantable

    public var code: String {
        switch self {
        case .missing: "TOKEN_MISSING"
        case .malformed: "TOKEN_MALFORMED"
        case .tooLarge: "TOKEN_TOO_LARGE"
        case .algorithmNotAllowed: "TOKEN_ALGORITHM_NOT_ALLOWED"
        case .unknownKey: "TOKEN_UNKNOWN_KEY"
        case .headerKeyRefused: "TOKEN_HEADER_KEY_REFUSED"
        case .criticalHeader: "TOKEN_CRITICAL_HEADER"
        case .badSignature: "TOKEN_BAD_SIGNATURE"
        case .expired: "TOKEN_EXPIRED"
        case .notYetValid: "TOKEN_NOT_YET_VALID"
        case .issuedInFuture: "TOKEN_ISSUED_IN_FUTURE"
        case .lifetimeTooLong: "TOKEN_LIFETIME_TOO_LONG"
        case .missingExpiry: "TOKEN_NO_EXPIRY"
        case .untrustedIssuer: "TOKEN_UNTRUSTED_ISSUER"
        case .wrongAudience: "TOKEN_WRONG_AUDIENCE"
        case .notAnAccessToken: "TOKEN_NOT_ACCESS_TOKEN"
        case .unknownRole: "TOKEN_UNKNOWN_ROLE"
        case .invalidClaims: "TOKEN_INVALID_CLAIMS"
        case .duplicateMember: "TOKEN_DUPLICATE_MEMBER"
        case .roleNotGrantable: "TOKEN_ROLE_NOT_GRANTABLE"
        }
    }

    public var detail: String {
        switch self {
        case .missing: "an Authorization: Bearer token is required"
        case .malformed: "the bearer token is not a compact JWS in canonical base64url"
        case .tooLarge: "the bearer token is too large"
        case .algorithmNotAllowed: "the token's algorithm is not the one pinned to its key"
        case .unknownKey: "the token's kid names no trusted key"
        case .headerKeyRefused: "keys supplied in the token header (jku, jwk, x5u, x5c) are refused"
        case .criticalHeader: "the token has critical header extensions this gateway does not understand"
        case .badSignature: "the token's signature does not verify"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .issuedInFuture: "the token was issued in the future"
        case .lifetimeTooLong: "the token lives longer than this gateway allows"
        case .missingExpiry: "the token has no exp claim"
        case .untrustedIssuer: "the token's issuer is not trusted"
        case .wrongAudience: "the token is not meant for this gateway"
        case .notAnAccessToken: "refresh and ID tokens are not accepted as access tokens"
        case .unknownRole: "the token's role is not known"
        case .invalidClaims: "the token's claims are missing or of the wrong type"
        case .duplicateMember: "the token's header or claims name a member twice"
        case .roleNotGrantable: "the token's issuer may not grant its role"
        }
    }
}

extension GatewayError {
    /// The answer to a request the parser refused (the connection closes after it).
    init(_ refusal: RequestRefusal) {
        switch refusal {
        case .headTooLarge: self = .headersTooLarge
        case .malformed(let why):
            self = .badRequest(code: "MALFORMED_HTTP", detail: "the request is not valid HTTP/1.1: \(why)")
        case .version: self = .badRequest(code: "HTTP_VERSION", detail: "only HTTP/1.0 and HTTP/1.1 are spoken here")
        case .headerName:
            self = .badRequest(
                code: "HEADER_NAME",
                detail: "header names must be tokens without underscores, followed directly by a colon")
        case .headerValue(let why):
            self = .badRequest(
                code: "HEADER_VALUE", detail: "header values must not contain control characters or folding (\(why))")
        case .framing(let why): self = .badRequest(code: "FRAMING", detail: why)
        case .host: self = .badRequest(code: "HOST", detail: "exactly one Host header is required")
        case .target(let why): self = .badRequest(code: "PATH", detail: why)
        }
    }
}
