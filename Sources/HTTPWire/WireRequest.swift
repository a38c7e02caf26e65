import NIOCore

/// An HTTP/1.1 request already encoded as bytes, written to a connection as one buffer: the hot
/// paths (the gateway's proxy, the wallet's node calls) run no generic HTTP encoder.
///
///     let request = WireRequest(method: "POST", uri: "/wallet/broadcasthex", host: "127.0.0.1:8090",
///                               headerLines: "Content-Type: application/json\r\n", body: body)
public struct WireRequest: Sendable {
    public var bytes: ByteBuffer

    /// Encodes a request: `headerLines` are complete `Name: value\r\n` lines; `Host` and
    /// `Content-Length` are added here.
    public init(method: String, uri: String, host: String, headerLines: String, body: ByteBuffer?) {
        self.init(method: method, uri: uri, host: host, body: body, headerCapacity: headerLines.utf8.count) {
            $0.append(headerLines)
        }
    }

    /// Encodes a request whose header lines `writeHeaders` writes (about `headerCapacity` bytes of
    /// them); `Host` and `Content-Length` are added here.
    public init(
        method: String, uri: String, host: String, body: ByteBuffer?, headerCapacity: Int,
        writeHeaders: (inout HeadWriter) -> Void
    ) {
        let length = body?.readableBytes ?? 0
        let head = method.utf8.count + uri.utf8.count + host.utf8.count + headerCapacity + 64
        var out = ByteBufferAllocator().buffer(capacity: head + length)
        out.writeHead(estimate: head) { w in
            w.append(method)
            w.append(" ")
            w.append(uri)
            w.append(" HTTP/1.1\r\nHost: ")
            w.append(host)
            w.append("\r\n")
            writeHeaders(&w)
            w.append("Content-Length: ")
            w.append(decimal: length)
            w.append("\r\n\r\n")
        }
        if let body { out.writeImmutableBuffer(body) }
        bytes = out
    }

    /// The `Host` header value for `host` and `port`: an IPv6 literal in brackets, and the port left
    /// out when it is the scheme's `defaultPort`.
    ///
    ///     WireRequest.hostHeader(host: "::1", port: 8081)                       // "[::1]:8081"
    ///     WireRequest.hostHeader(host: "api.trongrid.io", port: 443, defaultPort: 443)  // "api.trongrid.io"
    public static func hostHeader(host: String, port: Int, defaultPort: Int? = nil) -> String {
        let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return port == defaultPort ? name : "\(name):\(port)"
    }
}
