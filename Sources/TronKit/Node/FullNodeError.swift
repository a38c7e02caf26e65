/// Errors from talking to a TRON full node, each with a stable code.
public enum FullNodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection (direct or through the SOCKS proxy) failed.
    case transport(endpoint: String, reason: String)
    /// No answer within the call's deadline.
    case timeout(endpoint: String)
    /// The node answered with a non-200 status.
    case httpStatus(endpoint: String, status: Int)
    /// The answer was not the JSON shape java-tron produces.
    case invalidResponse(endpoint: String, reason: String)
    /// The node reported a servlet error (`{"Error": …}`).
    case nodeError(endpoint: String, message: String)
    /// The node refused a broadcast.
    case rejected(BroadcastRejection)

    public var code: String {
        switch self {
        case .transport: "NODE_TRANSPORT"
        case .timeout: "NODE_TIMEOUT"
        case .httpStatus: "NODE_HTTP_STATUS"
        case .invalidResponse: "NODE_INVALID_RESPONSE"
        case .nodeError: "NODE_ERROR"
        case .rejected(let r): "BROADCAST_\(r.code.rawValue)"
        }
    }

    public var description: String {
        switch self {
        case .transport(let e, let r): "\(code): \(e): \(r)"
        case .timeout(let e): "\(code): \(e): no answer before the deadline"
        case .httpStatus(let e, let s): "\(code): \(e): HTTP \(s)"
        case .invalidResponse(let e, let r): "\(code): \(e): \(r)"
        case .nodeError(let e, let m): "\(code): \(e): \(m)"
        case .rejected(let r): "\(code): \(r.message)"
        }
    }
}
