/// Why `RequestParser` refused a request before anything acted on it. The gateway answers each with
/// 400 (431 for `headTooLarge`) and closes the connection; nothing of the request is forwarded.
public enum RequestRefusal: Error, Sendable, Equatable {
    /// The head (or a chunked body's trailers) is larger than the parser's limit.
    case headTooLarge
    /// Not HTTP/1.x syntax: the request line, a bare LF, a stray CR, or the chunked framing.
    case malformed(String)
    /// A version other than HTTP/1.1 or HTTP/1.0.
    case version
    /// A header name that is not a token, contains `_`, or is followed by whitespace before `:`.
    case headerName
    /// A header value with a control character, or an obsolete folded line.
    case headerValue(String)
    /// Body framing that could be read two ways: both `Content-Length` and `Transfer-Encoding`, a
    /// repeated or non-decimal `Content-Length`, a coding other than `chunked`, chunked on HTTP/1.0.
    case framing(String)
    /// Not exactly one `Host` header.
    case host
    /// A request target that is not printable ASCII or is too long.
    case target(String)
}
