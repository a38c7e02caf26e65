/// Why a request got no answer.
public enum WireError: Error, Sendable, Equatable {
    /// No connection could be made (refused, unreachable, connect timeout); the reason names the error.
    case connect(String)
    /// No full answer before the request's deadline.
    case timeout
    /// The connection closed before a full answer.
    case closed
    /// The connection failed with an error (a proxy refusal, a TLS failure, a reset).
    case failed(String)
    /// The answer was not valid HTTP/1.1 (or was too large).
    case invalid(String)
}
