import HTTPWire
import NIOCore

/// A request head as `RequestParser` accepted it: the head's bytes, kept once, with its method,
/// target, framing, and where the value of each header the gateway reads lies in them. Every other
/// header was checked and is not kept.
///
///     if let origin = head.value(.origin) { … }
///     head.withValue(.authorization) { bytes in … }
public struct RequestHead: Sendable {
    /// The headers whose values a request head keeps (the first of each; `count` says how many came).
    public enum Field: Int, CaseIterable, Sendable {
        case host, authorization, cookie, origin, requestID, contentType, idempotencyKey
        case accessControlRequestMethod
    }

    /// The head's bytes, request line to the empty line.
    let bytes: ByteBuffer
    /// The method, as sent (a token).
    public let method: String
    /// The request target, as sent: printable ASCII, at most `RequestParser.maxTargetBytes`.
    public let uri: String
    /// 1 for HTTP/1.1, 0 for HTTP/1.0.
    public let minorVersion: Int
    /// Whether the connection stays open after the answer (HTTP/1.1 unless `Connection: close`;
    /// HTTP/1.0 only with `Connection: keep-alive`).
    public let keepAlive: Bool
    /// The body's length when framed by `Content-Length`.
    public let contentLength: Int?
    /// Whether the body is framed by `Transfer-Encoding: chunked`.
    public let chunked: Bool
    /// The start and end offset of each `Field`'s first value (inline: no allocation per request).
    let spans: InlineArray<16, Int32>
    let counts: InlineArray<8, UInt8>

    init(
        bytes: ByteBuffer, method: String, uri: String, minorVersion: Int, keepAlive: Bool, contentLength: Int?,
        chunked: Bool, spans: InlineArray<16, Int32>, counts: InlineArray<8, UInt8>
    ) {
        self.bytes = bytes
        self.method = method
        self.uri = uri
        self.minorVersion = minorVersion
        self.keepAlive = keepAlive
        self.contentLength = contentLength
        self.chunked = chunked
        self.spans = spans
        self.counts = counts
    }

    /// How many `field` headers came.
    public func count(_ field: Field) -> Int { Int(counts[field.rawValue]) }

    /// The first `field` header's value (without surrounding whitespace), or nil when there is none.
    public func value(_ field: Field) -> String? {
        withValue(field) { String(decoding: $0, as: UTF8.self) }
    }

    /// The first `field` header's value as a slice of the head (no copy), or nil when there is none.
    public func slice(_ field: Field) -> ByteBuffer? {
        span(field).flatMap { bytes.getSlice(at: bytes.readerIndex + $0.lowerBound, length: $0.count) }
    }

    /// Calls `body` with the first `field` header's value bytes; nil when there is none.
    public func withValue<R>(_ field: Field, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R? {
        guard let span = span(field) else { return nil }
        return try bytes.withUnsafeReadableBytes { try body(UnsafeRawBufferPointer(rebasing: $0[span])) }
    }

    /// Where the first `field` header's value lies in `bytes` (relative to their reader index).
    private func span(_ field: Field) -> Range<Int>? {
        guard counts[field.rawValue] > 0 else { return nil }
        return Int(spans[2 * field.rawValue])..<Int(spans[2 * field.rawValue + 1])
    }
}
