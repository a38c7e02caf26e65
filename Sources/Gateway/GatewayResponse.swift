import Foundation
import LucidAssertion
import NIOCore
import NIOHTTP1

/// A complete response on its way to the client.
public struct GatewayResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer
    /// Close the connection after this response (refused framing: the next bytes cannot be trusted).
    public var closeConnection = false

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ text: String, status: HTTPResponseStatus = .ok) -> GatewayResponse {
        GatewayResponse(
            status: status, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: text))
    }

    static func bytes(_ bytes: [UInt8], contentType: String) -> GatewayResponse {
        GatewayResponse(status: .ok, headers: ["Content-Type": contentType], body: ByteBuffer(bytes: bytes))
    }

    /// RFC 9457 problem details for `error`, with the request id and, where they apply,
    /// `Allow`, `WWW-Authenticate`, `Retry-After` and the rate-limit headers.
    static func problem(_ error: GatewayError, requestID: String) -> GatewayResponse {
        var text = #"{"type":"urn:lucid:problem:\#(error.code.lowercased())","title":"#
        JSONText.appendQuoted(error.title, to: &text)
        text += #","status":\#(error.status),"detail":"#
        JSONText.appendQuoted(error.detail, to: &text)
        text += #","code":"\#(error.code)","request_id":"#
        JSONText.appendQuoted(requestID, to: &text)
        text += "}"
        var r = GatewayResponse(
            status: HTTPResponseStatus(statusCode: error.status),
            headers: ["Content-Type": "application/problem+json"], body: ByteBuffer(string: text))
        switch error {
        case .methodNotAllowed(let allow): r.headers.add(name: "Allow", value: allow.joined(separator: ", "))
        case .unauthenticated(let reason):
            r.headers.add(
                name: "WWW-Authenticate",
                value: reason == .missing
                    ? "Bearer" : #"Bearer error="invalid_token", error_description="\#(reason.code)""#)
        case .rateLimited(let d):
            r.headers.add(name: "Retry-After", value: String(d.retryAfterSeconds))
            r.headers.add(name: "RateLimit-Policy", value: d.policy.header)
            r.headers.add(name: "RateLimit", value: d.header)
        default: break
        }
        return r
    }
}
