import AsyncHTTPClient
import Foundation
import NIOCore

/// A request a test sends; mutable, so a test can tamper with it after it was signed.
///
///     var r = TestRequest("GET", "http://127.0.0.1:\(port)/health")
///     r.setHeader("X-Request-Id", "abc")
///     let reply = try await r.send()
public struct TestRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)] = []
    public var body: [UInt8]?

    public init(_ method: String, _ url: String, body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.body = body
    }

    /// Sets `name` to `value`, replacing any earlier value.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.0.lowercased() == name.lowercased() }
        headers.append((name, value))
    }

    /// Sends the request over AsyncHTTPClient (NIO event-loop threads, no redirects followed) and
    /// reads the whole response. URLSession is avoided on purpose: on Linux it funnels every
    /// request of the test process through one libcurl thread, which stalls under a parallel run.
    public func send(timeout: Duration = .seconds(60)) async throws -> TestResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await TestHTTPClient.client.execute(request, timeout: .init(timeout))
        var collected = try await response.body.collect(upTo: 32 << 20)
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        return TestResponse(
            status: Int(response.status.code), headers: headers,
            body: collected.readBytes(length: collected.readableBytes) ?? [])
    }
}

/// What a test got back: status, headers (names lower-cased, repeated ones joined with ", "), body.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// The one HTTP client the tests share; it lives as long as the test process.
enum TestHTTPClient {
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10))))
}

/// POSTs `body` to `url` and returns the status and the response bytes.
public func httpPost(_ url: String, _ body: String) async throws -> (status: Int, body: [UInt8]) {
    let reply = try await TestRequest("POST", url, body: Array(body.utf8)).send()
    return (reply.status, reply.body)
}

/// GETs `url` and returns the whole response.
public func httpGet(_ url: String) async throws -> TestResponse {
    try await TestRequest("GET", url).send()
}
