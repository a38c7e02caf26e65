import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A raw HTTP/1.1 exchange over a TCP socket, for requests no well-behaved client would send
/// (smuggling framings, odd Host headers, PROXY protocol prefixes).
public struct RawHTTPResponse: Sendable {
    public let status: Int
    public let headers: [(String, String)]
    public let body: String
    /// Whether the server closed the connection after answering.
    public let closed: Bool

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Sends `bytes` to 127.0.0.1:`port` and reads one response (a deadline of `timeoutSeconds` per
/// receive: generous, since a loaded CI machine may be slow to answer). The blocking socket calls
/// run on a thread of their own, never on a Swift concurrency thread that in-process servers need.
public func rawHTTP(port: Int, _ bytes: [UInt8], timeoutSeconds: Int = 30) async throws -> RawHTTPResponse {
    try await onOwnThread { try blockingRawHTTP(port: port, bytes, timeoutSeconds: timeoutSeconds) }
}

/// Sends `bytes` and reads until the server closes the connection (or `timeoutSeconds` pass
/// without a byte): everything it answered, as text — for pipelined requests.
public func rawHTTPUntilClosed(port: Int, _ bytes: [UInt8], timeoutSeconds: Int = 30) async throws -> String {
    try await onOwnThread {
        let fd = try connectAndSend(port: port, bytes, timeoutSeconds: timeoutSeconds)
        defer { close(fd) }
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data += buffer[0..<n]
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A connected socket (receive deadline `timeoutSeconds`) that `bytes` were sent on.
func connectAndSend(port: Int, _ bytes: [UInt8], timeoutSeconds: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PollTimeout(what: "a socket") }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else {
        close(fd)
        throw PollTimeout(what: "a connection to port \(port)")
    }
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }  // the server may refuse early and close
        sent += n
    }
    return fd
}

private func blockingRawHTTP(port: Int, _ bytes: [UInt8], timeoutSeconds: Int) throws -> RawHTTPResponse {
    let fd = try connectAndSend(port: port, bytes, timeoutSeconds: timeoutSeconds)
    defer { close(fd) }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    var closed = false
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n == 0 {
            closed = true
            break
        }
        if n < 0 { break }
        data += buffer[0..<n]
        if let parsed = parse(data), parsed.complete { break }
    }
    if !closed {
        // Did the server close right after the response?
        var one: UInt8 = 0
        var short = timeval(tv_sec: 0, tv_usec: 300_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &short, socklen_t(MemoryLayout<timeval>.size))
        closed = recv(fd, &one, 1, 0) == 0
    }
    guard let r = parse(data) else { throw PollTimeout(what: "an HTTP response (got \(data.count) bytes)") }
    return RawHTTPResponse(status: r.status, headers: r.headers, body: r.body, closed: closed)
}

/// Builds a request text with CRLF line ends (`\n` in `text` become CRLF unless `raw`).
public func rawRequest(_ text: String, raw: Bool = false) -> [UInt8] {
    Array((raw ? text : text.replacingOccurrences(of: "\n", with: "\r\n")).utf8)
}

private func parse(_ data: [UInt8]) -> (status: Int, headers: [(String, String)], body: String, complete: Bool)? {
    guard
        let end = data.indices.first(where: { i in
            i + 3 < data.count && data[i] == 13 && data[i + 1] == 10 && data[i + 2] == 13 && data[i + 3] == 10
        })
    else { return nil }
    let head = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
    let statusParts = head[0].split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
    var headers: [(String, String)] = []
    for line in head.dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    let body = Array(data[(end + 4)...])
    let length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
    return (status, headers, String(decoding: body.prefix(length), as: UTF8.self), body.count >= length)
}
