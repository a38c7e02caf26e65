import Hummingbird
import LucidAssertion
import TronKit

/// RFC 9457 `application/problem+json` responses with a stable `code` and, for validation, the
/// JSON pointer of each bad field. Never a stack trace, never a secret.
enum Problem {
    static func response(_ error: WalletError, requestID: String?) -> Response {
        var m: [(String, JSONValue)] = [
            ("type", .string("urn:lucid:problem:\(error.code.lowercased())")), ("title", .string(error.title)),
            ("status", .int(error.status)), ("detail", .string(error.detail)), ("code", .string(error.code)),
            ("request_id", requestID.map { .string($0) } ?? .null),
        ]
        if case .validation(let errors) = error {
            m.append(
                (
                    "errors",
                    .array(errors.map { .object([("pointer", .string($0.pointer)), ("detail", .string($0.detail))]) })
                ))
        }
        return Response(
            status: .init(code: error.status),
            headers: [.contentType: "application/problem+json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: JSONValue.object(m).bytes)))
    }

    /// Maps any error to a problem; unexpected ones become a 503 without internals.
    static func wallet(_ error: any Error) -> WalletError {
        switch error {
        case let e as WalletError: e
        case let e as AssertionError: .unauthenticated(e.description)
        case let e as TronKitError: .validation([.init("/", e.reason)])
        default: .storage(String(describing: type(of: error)))
        }
    }
}
