import Testing

@testable import TronKit

@Suite("Node URLs taken apart for the wire")
struct NodeEndpointTests {
    @Test(
        "scheme, host, port, Host header and path prefix",
        arguments: [
            ("http://127.0.0.1:8090", false, "127.0.0.1", 8090, "127.0.0.1:8090", "/wallet/getnowblock"),
            ("https://api.trongrid.io", true, "api.trongrid.io", 443, "api.trongrid.io", "/wallet/getnowblock"),
            ("https://api.trongrid.io/", true, "api.trongrid.io", 443, "api.trongrid.io", "/wallet/getnowblock"),
            ("http://node.example:80/tron/", false, "node.example", 80, "node.example", "/tron/wallet/getnowblock"),
            ("http://[::1]:8090", false, "::1", 8090, "[::1]:8090", "/wallet/getnowblock"),
        ])
    func parses(url: String, tls: Bool, host: String, port: Int, hostHeader: String, uri: String) throws {
        let e = try NodeEndpoint(url)
        #expect(e.tls == tls && e.host == host && e.port == port)
        #expect(e.hostHeader == hostHeader)
        #expect(e.uri("/wallet/getnowblock") == uri)
    }

    @Test(
        "anything but an http(s) URL with a host is refused",
        arguments: [
            "ftp://x", "127.0.0.1:8090", "http://", "http://:8090", "http://h:0", "http://h:70000", "http://u:p@h",
            "http://[::1",
        ])
    func refuses(url: String) {
        #expect(throws: FullNodeError.self) { try NodeEndpoint(url) }
    }

    @Test("a client for a bad URL fails each call with a transport error, not a crash")
    func badURLClient() async throws {
        let client = FullNodeClient(configuration: .init(fullNodeURL: "ftp://nowhere"))
        await #expect(
            throws: FullNodeError.transport(endpoint: "ftp://nowhere", reason: "not an http(s) URL with a host")
        ) {
            try await client.getNowBlock()
        }
        try await client.shutdown()
    }
}
