import HTTPWire
import NIOCore

/// A strict, incremental HTTP/1.1 request parser on bytes, written for a front door: it reads the
/// head in place (no string per header), keeps only the values the gateway reads (`RequestHead`),
/// and refuses — never repairs — anything a lenient parser would have to guess about:
///
/// - a bare LF or a stray CR anywhere in the head, the chunk framing or the trailers;
/// - obsolete line folding, whitespace before a header's colon, header names that are not RFC 9110
///   tokens or that contain `_`, control characters (other than HTAB) in values;
/// - `Content-Length` together with `Transfer-Encoding`, a repeated or non-decimal `Content-Length`,
///   any coding but `chunked`, chunked on HTTP/1.0;
/// - not exactly one `Host`; versions other than 1.1 and 1.0; a target that is not printable ASCII;
/// - a head (or trailer block) over `maxHeadBytes` (a chunk-size line over 1 KiB).
///
/// Bodies are handed on as they arrive (slices of the received buffers, no copy); chunk extensions
/// and trailers are checked and dropped. Empty lines before a request line are skipped (RFC 9112
/// §2.2). After a refusal the parser stays failed.
///
/// Written by hand although SwiftNIO has a parser: NIO's decoder made a `String` per header name
/// and value (with the re-checks, ≈ 13 % of the gateway's samples; this parser cut CPU per request
/// by ≈ 9 %), and each refusal rule lives here in one place (docs/architecture.md, "Design choices").
///
///     var parser = RequestParser(maxHeadBytes: 16_384)
///     while let event = try parser.next(&buffer) {
///         switch event { case .head(let h): …; case .body(let chunk): …; case .end: … }
///     }
public struct RequestParser: Sendable {
    /// What `next` found: a head, then zero or more body pieces, then the end of the request.
    public enum Event: Sendable {
        case head(RequestHead)
        case body(ByteBuffer)
        case end
    }

    private enum State: Sendable {
        /// Looking for the end of a head; the first `scanned` readable bytes hold no end.
        case head(scanned: Int)
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        /// The trailer block after the last chunk, `size` bytes of it so far.
        case trailers(size: Int)
        case end
        case failed
    }

    /// The longest request target accepted.
    public static let maxTargetBytes = 4096
    static let maxChunkLine = 1024
    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10

    public let maxHeadBytes: Int
    private var state = State.head(scanned: 0)

    public init(maxHeadBytes: Int) { self.maxHeadBytes = maxHeadBytes }

    /// The next event from `buffer`, consuming what it uses; nil when more bytes are needed.
    public mutating func next(_ buffer: inout ByteBuffer) throws(RequestRefusal) -> Event? {
        do {
            return try step(&buffer)
        } catch {
            state = .failed
            throw error
        }
    }

    private mutating func step(_ buffer: inout ByteBuffer) throws(RequestRefusal) -> Event? {
        while true {
            switch state {
            case .failed:
                return nil
            case .head(var scanned):
                if scanned == 0 {
                    // Empty lines before the request line are skipped.
                    while buffer.readableBytes >= 2,
                        buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x0D0A
                    {
                        buffer.moveReaderIndex(forwardBy: 2)
                    }
                    if buffer.readableBytes == 1, buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == Self.cr {
                        return nil
                    }
                }
                let limit = maxHeadBytes
                let end = try buffer.withUnsafeReadableBytes { p throws(RequestRefusal) in
                    try Self.headEnd(p, from: &scanned, limit: limit)
                }
                guard let end else {
                    state = .head(scanned: scanned)
                    return nil
                }
                let bytes = buffer.readSlice(length: end)!
                let head = try Self.parseHead(bytes)
                if head.chunked {
                    state = .chunkSize
                } else if let length = head.contentLength, length > 0 {
                    state = .fixed(remaining: length)
                } else {
                    state = .end
                }
                return .head(head)
            case .fixed(let remaining):
                guard let (piece, left) = Self.bodyPiece(&buffer, remaining) else { return nil }
                state = left == 0 ? .end : .fixed(remaining: left)
                return .body(piece)
            case .end:
                state = .head(scanned: 0)
                return .end
            case .chunkSize:
                guard
                    let length = try Self.line(
                        buffer, limit: Self.maxChunkLine, tooLong: .malformed("chunk size line too long"))
                else { return nil }
                let size = try buffer.withUnsafeReadableBytes { p throws(RequestRefusal) in
                    try Self.chunkSize(UnsafeRawBufferPointer(rebasing: p[0..<length]))
                }
                buffer.moveReaderIndex(forwardBy: length + 2)
                state = size == 0 ? .trailers(size: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let (piece, left) = Self.bodyPiece(&buffer, remaining) else { return nil }
                state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
                return .body(piece)
            case .chunkDataEnd:
                guard buffer.readableBytes >= 2 else { return nil }
                guard buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x0D0A else {
                    throw .malformed("a chunk is longer than its size")
                }
                buffer.moveReaderIndex(forwardBy: 2)
                state = .chunkSize
            case .trailers(let size):
                guard let length = try Self.line(buffer, limit: maxHeadBytes - size, tooLong: .headTooLarge) else {
                    return nil
                }
                if length > 0 {
                    try buffer.withUnsafeReadableBytes { p throws(RequestRefusal) in
                        var i = 0
                        _ = try Self.field(p, at: &i)
                    }
                }
                buffer.moveReaderIndex(forwardBy: length + 2)
                state = length == 0 ? .end : .trailers(size: size + length + 2)
            }
        }
    }

    /// Up to `remaining` body bytes from `buffer` (a slice, no copy) and how many are still to
    /// come; nil when nothing has arrived.
    private static func bodyPiece(_ buffer: inout ByteBuffer, _ remaining: Int) -> (ByteBuffer, left: Int)? {
        guard buffer.readableBytes > 0 else { return nil }
        let n = min(remaining, buffer.readableBytes)
        return (buffer.readSlice(length: n)!, remaining - n)
    }

    /// The length of the head (through its empty line) when it is all in `p`. Scanning resumes at
    /// `scanned` and leaves it at the end of what was scanned; every LF must follow a CR, and the head
    /// must end within `limit` bytes.
    private static func headEnd(_ p: UnsafeRawBufferPointer, from scanned: inout Int, limit: Int) throws(RequestRefusal)
        -> Int?
    {
        var i = scanned
        let n = min(p.count, limit)
        while i < n {
            // Eight bytes at a time while none is an LF.
            while i + 8 <= n, !ASCIIBytes.hasByte(p.loadUnaligned(fromByteOffset: i, as: UInt64.self), lf) { i += 8 }
            guard i < n else { break }
            if p[i] == lf {
                guard i > 0, p[i - 1] == cr else { throw .malformed("a line ends in a bare LF") }
                if i >= 3, p[i - 2] == lf { return i + 1 }
            }
            i += 1
        }
        guard p.count < limit else { throw .headTooLarge }
        scanned = n
        return nil
    }

    /// The length of the CRLF-terminated line at the start of `buffer` (without its CRLF), nil when
    /// its end has not arrived.
    private static func line(_ buffer: ByteBuffer, limit: Int, tooLong: RequestRefusal) throws(RequestRefusal) -> Int? {
        try buffer.withUnsafeReadableBytes { p throws(RequestRefusal) -> Int? in
            let n = min(p.count, limit + 2)
            var i = 0
            while i < n {
                if p[i] == lf {
                    guard i > 0, p[i - 1] == cr else { throw .malformed("a line ends in a bare LF") }
                    return i - 1
                }
                i += 1
            }
            guard p.count < limit + 2 else { throw tooLong }
            return nil
        }
    }

    /// A chunk-size line: hexadecimal digits, then optionally extensions (`;` …, printable ASCII
    /// and HTAB only), which are dropped.
    private static func chunkSize(_ p: UnsafeRawBufferPointer) throws(RequestRefusal) -> Int {
        var size = 0
        var i = 0
        while i < p.count, let digit = ASCIIBytes.hexValue(p[i]) {
            guard i < 15 else { throw .malformed("chunk size too large") }
            size = size << 4 | digit
            i += 1
        }
        guard i > 0 else { throw .malformed("a chunk size must be hexadecimal") }
        while i < p.count, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        guard i == p.count || p[i] == UInt8(ascii: ";") else { throw .malformed("a chunk size must be hexadecimal") }
        while i < p.count {
            guard p[i] >= 0x20 ? p[i] != 0x7F : p[i] == 0x09 else {
                throw .malformed("control character in a chunk extension")
            }
            i += 1
        }
        return size
    }

    /// RFC 9110 token characters.
    @inline(__always)
    static func isToken(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: true
        default: false
        }
    }

    /// Field-value bytes: visible ASCII, obs-text, SP and HTAB — no other control character, no DEL.
    @inline(__always)
    static func isValueByte(_ b: UInt8) -> Bool { b >= 0x20 ? b != 0x7F : b == 0x09 }

    /// One header line at `i` (which ends, CRLF included, somewhere in `p`): checks it and returns
    /// the name's and the trimmed value's ranges, leaving `i` at the next line.
    private static func field(_ p: UnsafeRawBufferPointer, at i: inout Int) throws(RequestRefusal)
        -> (name: Range<Int>, value: Range<Int>)
    {
        let n = p.count
        guard i < n, p[i] != 0x20, p[i] != 0x09 else { throw .headerValue("obsolete line folding") }
        let nameStart = i
        while i < n, isToken(p[i]), p[i] != UInt8(ascii: "_") { i += 1 }
        guard i > nameStart, i < n, p[i] == UInt8(ascii: ":") else { throw .headerName }
        let name = nameStart..<i
        i += 1
        while i < n, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        let valueStart = i
        // Eight bytes at a time while none is a control character or DEL (the CR that ends the
        // value is a control character); the rest byte by byte.
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            guard !ASCIIBytes.hasByteBelow(w, 0x20), !ASCIIBytes.hasByte(w, 0x7F) else { break }
            i += 8
        }
        while i < n, p[i] != cr {
            guard isValueByte(p[i]) else { throw .headerValue("control character") }
            i += 1
        }
        guard i + 1 < n, p[i + 1] == lf else { throw .malformed("a CR not followed by LF") }
        var valueEnd = i
        while valueEnd > valueStart, p[valueEnd - 1] == 0x20 || p[valueEnd - 1] == 0x09 { valueEnd -= 1 }
        i += 2
        return (name, valueStart..<valueEnd)
    }

    /// Parses a complete head (request line through the empty line).
    private static func parseHead(_ bytes: ByteBuffer) throws(RequestRefusal) -> RequestHead {
        try bytes.withUnsafeReadableBytes { p throws(RequestRefusal) -> RequestHead in
            let n = p.count
            var i = 0
            while i < n, isToken(p[i]) { i += 1 }
            guard i > 0, i <= 32, i < n, p[i] == 0x20 else { throw .malformed("the request line is not valid") }
            let method = String(decoding: UnsafeRawBufferPointer(rebasing: p[0..<i]), as: UTF8.self)
            i += 1
            let targetStart = i
            while i < n, p[i] > 0x20, p[i] < 0x7F { i += 1 }
            guard i < n, p[i] == 0x20 else {
                if i < n, p[i] != Self.cr { throw .target("the request target must be printable ASCII") }
                throw .malformed("the request line is not valid")
            }
            guard i > targetStart else { throw .malformed("the request line is not valid") }
            guard i - targetStart <= maxTargetBytes else { throw .target("the request target is too long") }
            let uri = String(decoding: UnsafeRawBufferPointer(rebasing: p[targetStart..<i]), as: UTF8.self)
            i += 1
            guard n - i >= 10, p[i] == 0x48, p[i + 1] == 0x54, p[i + 2] == 0x54, p[i + 3] == 0x50, p[i + 4] == 0x2F,
                p[i + 5] >= 0x30, p[i + 5] <= 0x39, p[i + 6] == 0x2E, p[i + 7] >= 0x30, p[i + 7] <= 0x39,
                p[i + 8] == cr, p[i + 9] == lf
            else { throw .malformed("the request line is not valid") }
            guard p[i + 5] == 0x31, p[i + 7] <= 0x31 else { throw .version }
            let minor = Int(p[i + 7] - 0x30)
            i += 10

            var spans = InlineArray<16, Int32>(repeating: 0)
            var counts = InlineArray<8, UInt8>(repeating: 0)
            var contentLength: Int?
            var chunked = false
            var close = false
            var keepAliveToken = false
            while i < n, p[i] != cr {
                let (name, value) = try field(p, at: &i)
                let nameBytes = UnsafeRawBufferPointer(rebasing: p[name])
                let valueBytes = UnsafeRawBufferPointer(rebasing: p[value])
                var known: RequestHead.Field?
                switch name.count {
                case 4 where ASCIIBytes.equalsIgnoringCase(nameBytes, "host"): known = .host
                case 6 where ASCIIBytes.equalsIgnoringCase(nameBytes, "cookie"): known = .cookie
                case 6 where ASCIIBytes.equalsIgnoringCase(nameBytes, "origin"): known = .origin
                case 10 where ASCIIBytes.equalsIgnoringCase(nameBytes, "connection"):
                    Self.connectionTokens(valueBytes, close: &close, keepAlive: &keepAliveToken)
                case 12 where ASCIIBytes.equalsIgnoringCase(nameBytes, "content-type"): known = .contentType
                case 12 where ASCIIBytes.equalsIgnoringCase(nameBytes, "x-request-id"): known = .requestID
                case 13 where ASCIIBytes.equalsIgnoringCase(nameBytes, "authorization"): known = .authorization
                case 14 where ASCIIBytes.equalsIgnoringCase(nameBytes, "content-length"):
                    guard contentLength == nil else { throw .framing("duplicate Content-Length") }
                    guard !valueBytes.isEmpty, valueBytes.count <= 18,
                        valueBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
                    else { throw .framing("Content-Length must be one decimal number") }
                    contentLength = valueBytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                case 15 where ASCIIBytes.equalsIgnoringCase(nameBytes, "idempotency-key"): known = .idempotencyKey
                case 17 where ASCIIBytes.equalsIgnoringCase(nameBytes, "transfer-encoding"):
                    guard !chunked else { throw .framing("duplicate Transfer-Encoding") }
                    guard ASCIIBytes.equalsIgnoringCase(valueBytes, "chunked") else {
                        throw .framing("only Transfer-Encoding: chunked is accepted")
                    }
                    chunked = true
                case 29 where ASCIIBytes.equalsIgnoringCase(nameBytes, "access-control-request-method"):
                    known = .accessControlRequestMethod
                default: break
                }
                if let known {
                    let k = known.rawValue
                    if counts[k] == 0 {
                        spans[2 * k] = Int32(value.lowerBound)
                        spans[2 * k + 1] = Int32(value.upperBound)
                    }
                    if counts[k] < UInt8.max { counts[k] += 1 }
                }
            }
            guard i + 1 < n, p[i + 1] == lf else { throw .malformed("a CR not followed by LF") }
            guard contentLength == nil || !chunked else {
                throw .framing("Content-Length together with Transfer-Encoding")
            }
            guard !chunked || minor == 1 else { throw .framing("Transfer-Encoding on HTTP/1.0") }
            guard counts[RequestHead.Field.host.rawValue] == 1 else { throw .host }
            return RequestHead(
                bytes: bytes, method: method, uri: uri, minorVersion: minor,
                keepAlive: minor == 1 ? !close : keepAliveToken && !close, contentLength: contentLength,
                chunked: chunked, spans: spans, counts: counts)
        }
    }

    /// Reads `close` and `keep-alive` from a `Connection` value (a comma-separated token list).
    private static func connectionTokens(_ value: UnsafeRawBufferPointer, close: inout Bool, keepAlive: inout Bool) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            var a = start
            var b = end
            while a < b, value[a] == 0x20 || value[a] == 0x09 { a += 1 }
            while b > a, value[b - 1] == 0x20 || value[b - 1] == 0x09 { b -= 1 }
            let token = UnsafeRawBufferPointer(rebasing: value[a..<b])
            if ASCIIBytes.equalsIgnoringCase(token, "close") { close = true }
            if ASCIIBytes.equalsIgnoringCase(token, "keep-alive") { keepAlive = true }
            start = end + 1
        }
    }
}
