import Foundation
import HTTPWire
import LucidAssertion
import LucidJSON
import NIOCore
import NIOHTTP1

/// A complete response on its way to the client.
public struct GatewayResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer
    /// The `Content-Type` (kept apart from `headers`, which most responses then do not need).
    public var contentType: String?
    /// Close the connection after this response (refused framing: the next bytes cannot be trusted).
    public var closeConnection = false
    // Set by `GatewayCore.finish`, written by `encode`.
    var requestID = ""
    var noStore = true
    var rate: RateLimitDecision?
    var allowedOrigin: String?
    /// `Referrer-Policy: same-origin` instead of `no-referrer`: for the gateway's own pages with
    /// forms, so that a browser's form POST carries the page's origin rather than `Origin: null`
    /// (Fetch §3.2.5: under `no-referrer` a form's origin is serialized as null).
    public var sameOriginReferrer = false

    /// Security headers every response carries.
    private static let fixedHeaders: StaticString =
        "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nVary: Origin\r\n"

    /// Appends the whole response as HTTP/1.1 bytes to `out` (a connection's reused buffer), so it
    /// goes out in one write, one system call.
    func encode(keepAlive: Bool, into out: inout ByteBuffer) {
        out.reserveCapacity(minimumWritableBytes: 640 + body.readableBytes)
        out.writeHead(estimate: 640) { w in
            w.append("HTTP/1.1 ")
            w.append(decimal: Int(status.code))
            w.append(" ")
            w.append(status.reasonPhrase)
            w.append("\r\n")
            if let contentType {
                w.append("Content-Type: ")
                w.append(contentType)
                w.append("\r\n")
            }
            var hasOrigin = false
            for (name, value) in headers {
                if name.utf8.count == 27 && name == "Access-Control-Allow-Origin" { hasOrigin = true }
                w.append(name)
                w.append(": ")
                w.append(value)
                w.append("\r\n")
            }
            w.append("X-Request-Id: ")
            w.append(requestID)
            w.append("\r\n")
            w.append(Self.fixedHeaders)
            w.append(sameOriginReferrer ? "Referrer-Policy: same-origin\r\n" : "Referrer-Policy: no-referrer\r\n")
            if noStore { w.append("Cache-Control: no-store\r\n") }
            if let rate {
                w.append("RateLimit-Policy: ")
                w.append(rate.policy.header)
                w.append("\r\nRateLimit: ")
                rate.writeHeader(to: &w)
                w.append("\r\n")
            }
            if let allowedOrigin, !hasOrigin {
                w.append("Access-Control-Allow-Origin: ")
                w.append(allowedOrigin)
                w.append("\r\nAccess-Control-Expose-Headers: ")
                w.append(CORSPolicy.exposedHeaders)
                w.append("\r\n")
            }
            // No Content-Length on 204 and 304 (RFC 9110 §8.6).
            if status != .noContent && status != .notModified {
                w.append("Content-Length: ")
                w.append(decimal: body.readableBytes)
                w.append("\r\n")
            }
            w.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n")
        }
        out.writeImmutableBuffer(body)
    }

    public init(
        status: HTTPResponseStatus, headers: HTTPHeaders = [:], contentType: String? = nil,
        body: ByteBuffer = ByteBuffer()
    ) {
        self.status = status
        self.headers = headers
        self.contentType = contentType
        self.body = body
    }

    static func json(_ text: String, status: HTTPResponseStatus = .ok) -> GatewayResponse {
        GatewayResponse(
            status: status, contentType: "application/json", body: ByteBuffer(string: text))
    }

    static func bytes(_ bytes: [UInt8], contentType: String) -> GatewayResponse {
        GatewayResponse(status: .ok, contentType: contentType, body: ByteBuffer(bytes: bytes))
    }

    /// RFC 9457 problem details for `error`, with the request id and, where they apply,
    /// `Allow`, `WWW-Authenticate`, `Retry-After` and the rate-limit headers.
    static func problem(_ error: GatewayError, requestID: String) -> GatewayResponse {
        let problem = ProblemDetails(
            code: error.code, title: error.title, status: error.status, detail: error.detail, requestID: requestID)
        var r = GatewayResponse(
            status: HTTPResponseStatus(statusCode: error.status),
            contentType: ProblemDetails.mediaType, body: ByteBuffer(bytes: problem.json()))
        switch error {
        case .methodNotAllowed(let allow): r.headers.add(name: "Allow", value: allow.joined(separator: ", "))
        case .unauthenticated(let reason):
            r.headers.add(
                name: "WWW-Authenticate",
                value: reason == .missing
                    ? "Bearer" : #"Bearer error="invalid_token", error_description="\#(reason.code)""#)
        case .rateLimited(let d):
            r.headers.add(name: "Retry-After", value: String(d.retryAfterSeconds))
            r.rate = d
        default: break
        }
        return r
    }
}
