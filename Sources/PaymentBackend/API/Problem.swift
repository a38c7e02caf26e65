import HTTPWire
import Hummingbird
import LucidAssertion
import LucidJSON
import TronKit

/// The wallet's errors as `ProblemDetails` responses (the type both processes answer with).
enum Problem {
    static func response(_ error: WalletError, requestID: String?) -> Response {
        var errors: [ProblemDetails.FieldError] = []
        if case .validation(let fields) = error {
            errors = fields.map { ProblemDetails.FieldError(pointer: $0.pointer, detail: $0.detail) }
        }
        let problem = ProblemDetails(
            code: error.code, title: error.title, status: error.status, detail: error.detail, requestID: requestID,
            errors: errors)
        return Response(
            status: .init(code: error.status),
            headers: [.contentType: ProblemDetails.mediaType, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: problem.json())))
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
