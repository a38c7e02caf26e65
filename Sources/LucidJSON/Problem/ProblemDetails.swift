/// An RFC 9457 problem, the one error body both processes answer with
/// (`application/problem+json`): a stable `code`, its `type` URN, title, status, detail, the
/// request id and, for validation, the JSON pointer of each bad field. Never a stack trace, never
/// a secret.
///
/// ```swift
/// ProblemDetails(code: "NOT_FOUND", title: "Not Found", status: 404, detail: "no such payout",
///                requestID: "req_1").json()
/// ```
public struct ProblemDetails: Sendable, Equatable {
    /// One bad field of a request body.
    public struct FieldError: Sendable, Equatable {
        public let pointer: String
        public let detail: String

        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    public static let mediaType = "application/problem+json"

    public let code: String
    public let title: String
    public let status: Int
    public let detail: String
    public let requestID: String?
    public let errors: [FieldError]

    public init(
        code: String, title: String, status: Int, detail: String, requestID: String?, errors: [FieldError] = []
    ) {
        self.code = code
        self.title = title
        self.status = status
        self.detail = detail
        self.requestID = requestID
        self.errors = errors
    }

    /// `urn:lucid:problem:` and the code in lower case.
    public var type: String { "urn:lucid:problem:" + code.lowercased() }

    /// The body: members in the order above; `errors` only when there are some.
    public func json() -> [UInt8] {
        var out = #"{"type":"# + Self.quoted(type) + #","title":"# + Self.quoted(title)
        out += #","status":\#(status),"detail":"# + Self.quoted(detail) + #","code":"# + Self.quoted(code)
        out += #","request_id":"# + (requestID.map(Self.quoted) ?? "null")
        if !errors.isEmpty {
            out += #","errors":["#
            out += errors.map {
                #"{"pointer":"# + Self.quoted($0.pointer) + #","detail":"# + Self.quoted($0.detail) + "}"
            }
            .joined(separator: ",")
            out += "]"
        }
        return Array((out + "}").utf8)
    }

    static func quoted(_ s: String) -> String { JSONText.quoted(s) }
}
