import NIOCore

/// A strict, incremental HTTP/1.1 response parser working on bytes: status line, headers (at most
/// 64 KiB), then a body framed by Content-Length or chunked encoding (without trailers). Anything
/// else — including both framings at once — is an error, and the connection is dropped.
struct ResponseParser {
    enum Outcome {
        case needMore
        case response(status: Int, contentType: String?, body: ByteBuffer, keepAlive: Bool)
        case invalid(String)
    }

    private struct Head {
        var status = 0
        var contentType: String?
        var keepAlive = true
        var length: Int?
        var chunked = false
    }

    private enum State {
        case head
        /// `body` is nil until part of it arrives separately from the rest.
        case fixed(Head, remaining: Int, body: ByteBuffer?)
        case chunked(Head, body: ByteBuffer)
    }

    private var state = State.head
    let maxBytes: Int

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    /// Consumes what it can from `buffer`.
    mutating func parse(_ buffer: inout ByteBuffer) -> Outcome {
        while true {
            switch state {
            case .head:
                guard let end = Self.find(buffer, [13, 10, 13, 10]) else {
                    return buffer.readableBytes > 65_536 ? .invalid("header block too large") : .needMore
                }
                let parsed = buffer.withUnsafeReadableBytes {
                    Self.parseHead(UnsafeRawBufferPointer(rebasing: $0[0..<end]))
                }
                buffer.moveReaderIndex(forwardBy: end + 4)
                guard let head = parsed else { return .invalid("malformed head") }
                guard !(head.chunked && head.length != nil) else { return .invalid("both framings") }
                if head.status < 200 { continue }  // 1xx: the final response follows
                if head.chunked {
                    state = .chunked(head, body: ByteBuffer())
                } else {
                    let n = head.status == 204 || head.status == 304 ? 0 : (head.length ?? -1)
                    guard n >= 0 else { return .invalid("no body framing") }
                    guard n <= maxBytes else { return .invalid("body too large") }
                    state = .fixed(head, remaining: n, body: nil)
                }
            case .fixed(let head, let remaining, let partial):
                let body: ByteBuffer
                if partial == nil && buffer.readableBytes >= remaining {
                    // The usual case, pipelined or not: the whole body is here, taken as a slice (no copy).
                    body = buffer.readSlice(length: remaining)!
                } else {
                    var collected = partial ?? ByteBuffer()
                    let take = min(remaining, buffer.readableBytes)
                    if take > 0, var slice = buffer.readSlice(length: take) { collected.writeBuffer(&slice) }
                    if remaining - take > 0 {
                        state = .fixed(head, remaining: remaining - take, body: collected)
                        return .needMore
                    }
                    body = collected
                }
                state = .head
                return .response(
                    status: head.status, contentType: head.contentType, body: body, keepAlive: head.keepAlive)
            case .chunked(let head, var body):
                guard let sizeLength = Self.find(buffer, [13, 10]) else {
                    return buffer.readableBytes > 64 ? .invalid("chunk size") : .needMore
                }
                let size: Int? = buffer.withUnsafeReadableBytes { raw in
                    var n = 0
                    var digits = 0
                    for b in raw[0..<sizeLength] {
                        guard let v = ASCIIBytes.hexValue(b) else {
                            return b == UInt8(ascii: ";") && digits > 0 ? n : nil
                        }
                        n = n * 16 + v
                        digits += 1
                        if digits > 8 { return nil }
                    }
                    return digits > 0 ? n : nil
                }
                guard let size else { return .invalid("chunk size") }
                guard buffer.readableBytes >= sizeLength + 2 + size + 2 else { return .needMore }
                buffer.moveReaderIndex(forwardBy: sizeLength + 2)
                if size == 0 {
                    // No trailers (neither the wallet nor java-tron sends any): the final CRLF follows.
                    guard buffer.readBytes(length: 2) == [13, 10] else { return .invalid("trailers") }
                    state = .head
                    return .response(
                        status: head.status, contentType: head.contentType, body: body, keepAlive: head.keepAlive)
                }
                guard body.readableBytes + size <= maxBytes else { return .invalid("body too large") }
                if var chunk = buffer.readSlice(length: size) { body.writeBuffer(&chunk) }
                guard buffer.readBytes(length: 2) == [13, 10] else { return .invalid("chunk end") }
                state = .chunked(head, body: body)
            }
        }
    }

    private static func parseHead(_ raw: UnsafeRawBufferPointer) -> Head? {
        var head = Head()
        // "HTTP/1.x NNN ..."
        guard raw.count >= 12, raw.starts(with: "HTTP/1.".utf8), raw[7] == 0x31 || raw[7] == 0x30, raw[8] == 0x20
        else { return nil }
        head.keepAlive = raw[7] == 0x31
        for i in 9..<12 {
            guard raw[i] >= 0x30 && raw[i] <= 0x39 else { return nil }
            head.status = head.status * 10 + Int(raw[i] - 0x30)
        }
        guard (100...599).contains(head.status) else { return nil }
        var i = 0
        while i < raw.count && raw[i] != 10 { i += 1 }
        i += 1
        while i < raw.count {
            let lineStart = i
            while i < raw.count && raw[i] != 13 { i += 1 }
            let line = UnsafeRawBufferPointer(rebasing: raw[lineStart..<i])
            i += 2
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return nil }
            var v = colon + 1
            while v < line.count && (line[v] == 0x20 || line[v] == 0x09) { v += 1 }
            var e = line.count
            while e > v && (line[e - 1] == 0x20 || line[e - 1] == 0x09) { e -= 1 }
            let name = UnsafeRawBufferPointer(rebasing: line[0..<colon])
            let value = UnsafeRawBufferPointer(rebasing: line[v..<e])
            if ASCIIBytes.equalsIgnoringCase(name, "content-length") {
                guard head.length == nil, !value.isEmpty, value.count <= 12 else { return nil }
                var n = 0
                for b in value {
                    guard b >= 0x30 && b <= 0x39 else { return nil }
                    n = n * 10 + Int(b - 0x30)
                }
                head.length = n
            } else if ASCIIBytes.equalsIgnoringCase(name, "transfer-encoding") {
                guard ASCIIBytes.equalsIgnoringCase(value, "chunked") else { return nil }
                head.chunked = true
            } else if ASCIIBytes.equalsIgnoringCase(name, "connection") {
                if ASCIIBytes.equalsIgnoringCase(value, "close") { head.keepAlive = false }
                if ASCIIBytes.equalsIgnoringCase(value, "keep-alive") { head.keepAlive = true }
            } else if ASCIIBytes.equalsIgnoringCase(name, "content-type") {
                head.contentType =
                    value.elementsEqual(Self.json.utf8)
                    ? Self.json : String(decoding: value, as: UTF8.self)
            }
        }
        return head
    }

    /// The usual content type, shared rather than allocated for every response.
    private static let json = "application/json"

    /// Offset of `pattern` in the readable bytes of `buffer`.
    static func find(_ buffer: ByteBuffer, _ pattern: [UInt8]) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            let n = raw.count
            let m = pattern.count
            guard n >= m else { return nil }
            let first = pattern[0]
            var i = 0
            while i <= n - m {
                // Eight bytes at a time while none can start the pattern.
                if i + 8 <= n, !ASCIIBytes.hasByte(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self), first) {
                    i += 8
                    continue
                }
                if raw[i] == first {
                    var j = 1
                    while j < m && raw[i + j] == pattern[j] { j += 1 }
                    if j == m { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
