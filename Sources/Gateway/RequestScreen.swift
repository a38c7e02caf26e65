import NIOHTTP1
import Policy

/// The strict first look at a request head, before routing: framing headers that could smuggle,
/// header names and values a strict parser refuses, the Host allow-list and a canonical request
/// target. Anything odd is refused — nothing is silently normalised.
struct RequestScreen: Sendable {
    let allowedHosts: Set<String>
    let maxHeaderBytes: Int

    /// The request target split into its path and (raw) query.
    struct Target: Sendable {
        let path: Substring
        let query: Substring?
        let host: String
    }

    func check(_ head: HTTPRequestHead) throws(GatewayError) -> Target {
        guard head.version.major == 1, head.version.minor == 1 || head.version.minor == 0 else {
            throw .badRequest(code: "HTTP_VERSION", detail: "only HTTP/1.0 and HTTP/1.1 are spoken here")
        }
        var size = 0
        var contentLengths = 0
        var transferEncodings = 0
        var host: String?
        var hosts = 0
        for (name, value) in head.headers {
            size += name.utf8.count + value.utf8.count + 4
            // RFC 9110 token characters, minus '_' (ambiguous with '-' behind CGI-style proxies).
            guard
                ASCII.all(name, { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: ":") })
            else {
                throw .badRequest(code: "HEADER_NAME", detail: "header names must be tokens without underscores")
            }
            // No CR, LF, NUL or other control characters (HTAB is allowed), no DEL.
            guard ASCII.all(value, { $0 >= 0x20 ? $0 != 0x7f : $0 == 0x09 }) else {
                throw .badRequest(
                    code: "HEADER_VALUE", detail: "header values must not contain control characters or folding")
            }
            if ASCII.equalsIgnoringCase(name, "content-length") {
                contentLengths += 1
                guard !value.isEmpty, value.utf8.count <= 18, ASCII.all(value, { $0 >= 0x30 && $0 <= 0x39 }) else {
                    throw .badRequest(code: "FRAMING", detail: "Content-Length must be one decimal number")
                }
            } else if ASCII.equalsIgnoringCase(name, "transfer-encoding") {
                transferEncodings += 1
                guard ASCII.equalsIgnoringCase(value, "chunked") else {
                    throw .badRequest(code: "FRAMING", detail: "only Transfer-Encoding: chunked is accepted")
                }
            } else if ASCII.equalsIgnoringCase(name, "host") {
                host = value
                hosts += 1
            }
        }
        guard size <= maxHeaderBytes else { throw .headersTooLarge }
        guard contentLengths <= 1 else { throw .badRequest(code: "FRAMING", detail: "duplicate Content-Length") }
        guard transferEncodings <= 1 else { throw .badRequest(code: "FRAMING", detail: "duplicate Transfer-Encoding") }
        guard contentLengths == 0 || transferEncodings == 0 else {
            throw .badRequest(code: "FRAMING", detail: "Content-Length together with Transfer-Encoding")
        }
        guard hosts == 1, let host = host.map(Self.hostName) else {
            throw .badRequest(code: "HOST", detail: "exactly one Host header is required")
        }
        guard allowedHosts.contains(host) else { throw .misdirected(host: host) }

        let uri = head.uri
        guard uri.utf8.count <= 4096 else {
            throw .badRequest(code: "PATH", detail: "the request target is too long")
        }
        let path: Substring
        let query: Substring?
        if let q = uri.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = uri[..<q]
            query = uri[uri.utf8.index(after: q)...]
        } else {
            path = uri[...]
            query = nil
        }
        let pathProblem =
            path.utf8.withContiguousStorageIfAvailable { CanonicalPath.problem(bytes: $0) }
            ?? CanonicalPath.problem(String(path))
        if let problem = pathProblem {
            throw .badRequest(code: "PATH", detail: "the path is not canonical: \(problem)")
        }
        if let query, !ASCII.all(query, { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "#") }) {
            throw .badRequest(code: "QUERY", detail: "the query must be printable ASCII without a fragment")
        }
        return Target(path: path, query: query, host: host)
    }

    /// The host name of a Host header, lower-cased, without its port.
    static func hostName(_ value: String) -> String {
        // The usual cases — "localhost", "127.0.0.1", "name.onion" with a port — are already lower-case.
        let lower = value.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } ? value.lowercased() : value
        let u = lower.utf8
        if u.first == UInt8(ascii: "[") {
            guard let close = u.firstIndex(of: UInt8(ascii: "]")) else { return lower }
            return String(lower[...close])
        }
        if let colon = u.lastIndex(of: UInt8(ascii: ":")),
            u[u.index(after: colon)...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        {
            return String(lower[..<colon])
        }
        return lower
    }
}
