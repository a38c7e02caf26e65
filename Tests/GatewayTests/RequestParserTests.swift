import Gateway
import HTTPWire
import NIOCore
import Testing

/// The gateway's request parser on its own: what it accepts (and what it keeps of it), and every
/// framing it refuses — each fed whole, and again one byte per read, since a client chooses where
/// its reads split.
@Suite struct RequestParserTests {
    /// What a parse produced, in a form tests can compare.
    enum Seen: Equatable {
        case head(method: String, uri: String, keepAlive: Bool, host: String?)
        case body(String)
        case end
        case refused(RequestRefusal)
    }

    /// Feeds `text` whole (`split` false) or one byte per read, and lists the events; body pieces
    /// are joined up to each end.
    static func parse(_ text: String, split: Bool, limit: Int = 4096) -> [Seen] {
        var parser = RequestParser(maxHeadBytes: limit)
        var seen: [Seen] = []
        var body = ""
        var buffer = ByteBuffer()
        let bytes = Array(text.utf8)
        let pieces = split ? bytes.map { [$0] } : [bytes]
        for piece in pieces {
            buffer.writeBytes(piece)
            do {
                while let event = try parser.next(&buffer) {
                    switch event {
                    case .head(let h):
                        seen.append(.head(method: h.method, uri: h.uri, keepAlive: h.keepAlive, host: h.value(.host)))
                    case .body(let chunk): body += String(buffer: chunk)
                    case .end:
                        if !body.isEmpty { seen.append(.body(body)) }
                        body = ""
                        seen.append(.end)
                    }
                }
            } catch {
                seen.append(.refused(error))
                return seen
            }
        }
        return seen
    }

    /// Both ways of feeding must agree; returns what they saw.
    static func both(_ text: String, limit: Int = 4096) -> [Seen] {
        let whole = parse(text, split: false, limit: limit)
        let bytewise = parse(text, split: true, limit: limit)
        #expect(whole == bytewise, "fed whole and byte by byte differ for \(text.debugDescription)")
        return whole
    }

    static func refusal(_ text: String, limit: Int = 4096) -> RequestRefusal? {
        if case .refused(let r) = both(text, limit: limit).last { return r }
        return nil
    }

    @Test func aRequestHeadKeepsItsMethodTargetAndTheHeadersTheGatewayReads() throws {
        let text =
            "GET /api/v1/payouts?limit=5 HTTP/1.1\r\nHost: localhost:8080\r\nAuthorization:  Bearer abc \t\r\n"
            + "X-Other: ignored\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n"
        var buffer = ByteBuffer(string: text)
        var parser = RequestParser(maxHeadBytes: 4096)
        guard case .head(let head) = try parser.next(&buffer) else {
            Issue.record("no head")
            return
        }
        #expect(head.method == "GET")
        #expect(head.uri == "/api/v1/payouts?limit=5")
        #expect(head.minorVersion == 1)
        #expect(head.keepAlive)
        #expect(head.value(.host) == "localhost:8080")
        #expect(head.value(.authorization) == "Bearer abc", "surrounding whitespace is not part of a value")
        #expect(head.count(.cookie) == 2)
        #expect(head.value(.cookie) == "a=1", "the first of repeated headers")
        #expect(head.value(.origin) == nil)
        #expect(head.contentLength == nil && !head.chunked)
        guard case .end = try parser.next(&buffer) else {
            Issue.record("no end")
            return
        }
        #expect(try parser.next(&buffer) == nil)
        #expect(buffer.readableBytes == 0)
    }

    @Test func longValuesWithTabsAndNonASCIITextAreKeptWhole() throws {
        let value = "caf\u{e9}\t" + String(repeating: "0123456789", count: 30) + " \u{e9}t\u{e9}"
        var buffer = ByteBuffer(
            string: "POST / HTTP/1.1\r\nHost: h\r\nOrigin: \(value) \t \r\nContent-Length: 0\r\n\r\n")
        var parser = RequestParser(maxHeadBytes: 4096)
        guard case .head(let head) = try parser.next(&buffer) else {
            Issue.record("no head")
            return
        }
        #expect(head.value(.origin) == value)
        #expect(head.contentLength == 0)
    }

    @Test func pipelinedRequestsWithBothBodyFramingsComeApartInOrder() {
        let text =
            "\r\nPOST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "3;name=\"v\"\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"
            + "GET /c HTTP/1.0\r\nHost: h\r\nConnection: keep-alive\r\n\r\n"
            + "GET /d HTTP/1.0\r\nHost: h\r\n\r\n"
            + "GET /e HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, close\r\n\r\n"
        #expect(
            Self.both(text) == [
                .head(method: "POST", uri: "/a", keepAlive: true, host: "h"), .body("hello"), .end,
                .head(method: "POST", uri: "/b", keepAlive: true, host: "h"), .body("abc0123456789"), .end,
                .head(method: "GET", uri: "/c", keepAlive: true, host: "h"), .end,
                .head(method: "GET", uri: "/d", keepAlive: false, host: "h"), .end,
                .head(method: "GET", uri: "/e", keepAlive: false, host: "h"), .end,
            ])
    }

    @Test(arguments: [
        // Line endings.
        ("GET / HTTP/1.1\nHost: h\r\n\r\n", RequestRefusal.malformed("a line ends in a bare LF")),
        ("GET / HTTP/1.1\r\nHost: h\n\r\n", .malformed("a line ends in a bare LF")),
        ("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n", .malformed("a CR not followed by LF")),
        ("\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed("a line ends in a bare LF")),
        // Header syntax.
        ("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n folded\r\n\r\n", .headerValue("obsolete line folding")),
        ("GET / HTTP/1.1\r\nHost : h\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: h\r\nX_Forwarded_For: 1.2.3.4\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: h\r\nX(A): 1\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: h\r\n: empty\r\n\r\n", .headerName),
        ("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{01}b\r\n\r\n", .headerValue("control character")),
        ("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{7f}b\r\n\r\n", .headerValue("control character")),
        // The same deep inside long values, which are scanned eight bytes at a time.
        (
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: \(String(repeating: "a", count: 21))\u{01}bcdefghijk\r\n\r\n",
            .headerValue("control character")
        ),
        (
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: \(String(repeating: "a", count: 22))\u{7f}bcdefghijk\r\n\r\n",
            .headerValue("control character")
        ),
        (
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: \(String(repeating: "a", count: 23))\tbcdefghijk\u{0}\r\n\r\n",
            .headerValue("control character")
        ),
        (
            "GET / HTTP/1.1\r\nHost: h\r\nX-A: \(String(repeating: "a", count: 24))\nbcdefghijk\r\n\r\n",
            .malformed("a line ends in a bare LF")
        ),
        // Framing.
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .framing("Content-Length together with Transfer-Encoding")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
            .framing("duplicate Content-Length")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4, 4\r\n\r\nabcd",
            .framing("Content-Length must be one decimal number")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +4\r\n\r\nabcd",
            .framing("Content-Length must be one decimal number")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \r\n\r\n",
            .framing("Content-Length must be one decimal number")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456789\r\n\r\n",
            .framing("Content-Length must be one decimal number")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            .framing("only Transfer-Encoding: chunked is accepted")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
            .framing("duplicate Transfer-Encoding")
        ),
        (
            "POST / HTTP/1.0\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            .framing("Transfer-Encoding on HTTP/1.0")
        ),
        // Chunks.
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nx\r\n",
            .malformed("a chunk size must be hexadecimal")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
            .malformed("a chunk size must be hexadecimal")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3 x\r\n",
            .malformed("a chunk size must be hexadecimal")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n",
            .malformed("a line ends in a bare LF")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n",
            .malformed("a chunk is longer than its size")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n",
            .malformed("chunk size too large")
        ),
        (
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;a\u{01}\r\n",
            .malformed("control character in a chunk extension")
        ),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX_T: 1\r\n\r\n", .headerName),
        // Request line, Host, target.
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", .version),
        ("GET / HTTP/1.2\r\nHost: h\r\n\r\n", .version),
        ("GET / HTTP/1.1 \r\nHost: h\r\n\r\n", .malformed("the request line is not valid")),
        ("GET  / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed("the request line is not valid")),
        ("GET /\r\nHost: h\r\n\r\n", .malformed("the request line is not valid")),
        ("G(T / HTTP/1.1\r\nHost: h\r\n\r\n", .malformed("the request line is not valid")),
        ("GET /caf\u{e9} HTTP/1.1\r\nHost: h\r\n\r\n", .target("the request target must be printable ASCII")),
        ("GET /\u{01} HTTP/1.1\r\nHost: h\r\n\r\n", .target("the request target must be printable ASCII")),
        ("GET / HTTP/1.1\r\n\r\n", .host),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", .host),
    ])
    func refusals(_ text: String, _ expected: RequestRefusal) {
        #expect(Self.refusal(text) == expected, "\(text.debugDescription)")
    }

    @Test func headsAndTrailersAreBoundedAndTheTargetToo() {
        let head = "GET / HTTP/1.1\r\nHost: h\r\nX-Pad: "
        let fill = 200 - head.utf8.count - 4
        let exact = head + String(repeating: "a", count: fill) + "\r\n\r\n"
        #expect(exact.utf8.count == 200)
        #expect(Self.both(exact, limit: 200).last == .end, "a head of exactly the limit is accepted")
        #expect(Self.refusal(head + String(repeating: "a", count: fill + 1) + "\r\n\r\n", limit: 200) == .headTooLarge)
        // No end of head at all: refused once the limit is crossed, not when the client stops.
        #expect(Self.refusal(head + String(repeating: "a", count: 500), limit: 200) == .headTooLarge)
        let trailers =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: "
            + String(repeating: "t", count: 300) + "\r\n\r\n"
        #expect(Self.refusal(trailers, limit: 200) == .headTooLarge)
        let long =
            "GET /" + String(repeating: "a", count: RequestParser.maxTargetBytes) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(Self.refusal(long, limit: 8192) == .target("the request target is too long"))
    }

    @Test func theWordAtATimeByteTestsAgreeWithAByteByByteLook() {
        func bytes(_ w: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        var words: [UInt64] = []
        // Every byte value at every position, among filler that matches nothing …
        for position in 0..<8 {
            for v in 0...255 {
                words.append(0x4141_4141_4141_4141 & ~(0xFF << (8 * position)) | UInt64(v) << (8 * position))
            }
        }
        // … and words mixing low, high and special bytes, where borrows cross bytes.
        var g = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF]
        for _ in 0..<20_000 {
            words.append(
                bytes(g.next()).map { _ in interesting.randomElement(using: &g)! }.enumerated().reduce(0) {
                    $0 | UInt64($1.element) << (8 * $1.offset)
                })
            words.append(g.next())
        }
        for w in words {
            for target: UInt8 in [0x0A, 0x0D, 0x7F, 0x00, 0xFF] {
                #expect(ASCIIBytes.hasByte(w, target) == bytes(w).contains(target), "\(String(w, radix: 16)) \(target)")
            }
            #expect(ASCIIBytes.hasByteBelow(w, 0x20) == bytes(w).contains { $0 < 0x20 }, "\(String(w, radix: 16))")
        }
        // Whole buffers: a space at every position of every length up to 40 (words and the tail).
        for length in 0...40 {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            #expect(!plain.withUnsafeBytes { ASCIIBytes.contains($0, 0x20) })
            for position in 0..<length {
                var spaced = plain
                spaced[position] = 0x20
                #expect(spaced.withUnsafeBytes { ASCIIBytes.contains($0, 0x20) }, "\(length) \(position)")
            }
        }
    }

    @Test func aRefusedParserReadsNothingMore() throws {
        var parser = RequestParser(maxHeadBytes: 4096)
        var buffer = ByteBuffer(string: "GET / HTTP/1.1\r\nHost: h\r\nX_A: 1\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(throws: RequestRefusal.headerName) { try parser.next(&buffer) }
        #expect(try parser.next(&buffer) == nil)
    }
}
