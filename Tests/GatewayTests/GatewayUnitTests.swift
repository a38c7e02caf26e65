import Crypto
import Foundation
import HTTPWire
import LucidAssertion
import NIOCore
import Policy
import Testing

@testable import Gateway

/// The spec, the operation table, the rate limiter, the PROXY protocol parser, the screen and the
/// service-account store, each in isolation.
@Suite struct GatewayUnitTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var specPath: String { root.appendingPathComponent("openapi/payment-api.yaml").path }

    @Test func shippedSpecLoadsAndEveryWalletOperationPassesThePlaneACL() throws {
        let spec = try APISpec.load(path: Self.specPath)
        let policy = try PolicyLoader.load(
            files: ["planes.acl", "roles.acl"].map { Self.root.appendingPathComponent("acl/\($0)").path }, strict: true)
        #expect(spec.operations.all.count >= 20)
        for op in spec.operations.all {
            if let p = op.access.permission {
                #expect(policy.roles.allows("admin", p), "admin must hold \(p)")
            }
            guard op.local == nil else { continue }
            #expect(op.access != .open, "\(op.id): wallet operations need a token")
            let path = op.pathTemplate.replacingOccurrences(of: "{payout_id}", with: "po_x")
                .replacingOccurrences(of: "{batch_id}", with: "ba_x")
                .replacingOccurrences(of: "{address}", with: "TVJjphBwXTtDTVJZUEEG9g3CWD7vLcBAS8")
            let d = policy.decide(
                AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: op.method, path: path))
            #expect(d.allowed, "\(op.method) \(path): \(d.code)")
        }
        for local in GatewayOperation.allCases {
            #expect(spec.operations.all.contains { $0.local == local }, "\(local) must be in the spec")
        }
        // The admin door's table: every operation but the x-admin ones.
        let admin = spec.operations.all.filter(\.isAdmin).map(\.id)
        #expect(Set(admin).isSuperset(of: ["getStats", "getWallet", "listAudit", "getAdminPage", "postAdminLogin"]))
        #expect(!admin.contains("createPayout") && !admin.contains("issueToken"))
        #expect(spec.publicOperations.all.map(\.id) == spec.operations.all.filter { !$0.isAdmin }.map(\.id))
        #expect(spec.publicOperations.match(method: "GET", path: "/api/v1/stats") == .notFound)
        #expect(String(decoding: spec.docsHTML, as: UTF8.self).contains("createPayout"))
        #expect(!String(decoding: spec.docsHTML, as: UTF8.self).lowercased().contains("<script"))
        #expect((try? JSONSerialization.jsonObject(with: Data(spec.json))) != nil)
    }

    @Test func invalidSpecsFailFast() throws {
        let text = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        let broken = [
            text.replacingOccurrences(
                of: "      x-permission: payment:create\n      x-rate-limit: create\n",
                with: "      x-rate-limit: create\n"),
            text.replacingOccurrences(of: "x-rate-limit: list", with: "x-rate-limit: nosuchclass"),
            text.replacingOccurrences(of: "openapi: 3.1.0", with: "openapi: 2.0"),
            text.replacingOccurrences(of: "operationId: getDocs", with: "operationId: getPayout"),
            // The admin page must sit behind the admin door; x-admin is a boolean.
            text.replacingOccurrences(
                of: "operationId: getAdminLogin\n      x-admin: true", with: "operationId: getAdminLogin"),
            text.replacingOccurrences(
                of: "operationId: getStats\n      x-admin: true", with: "operationId: getStats\n      x-admin: \"true\""
            ),
            "not: [yaml",
        ]
        for b in broken {
            #expect(throws: APISpec.Invalid.self) { _ = try APISpec.parse(b) }
        }
    }

    @Test func theHostAllowListComparesNamesWithoutPortAndCase() throws {
        let screen = RequestScreen(allowedHosts: ["localhost", "[::1]", "abc.onion"])
        func verdict(_ host: String) throws -> Int {
            var buffer = ByteBuffer(string: "GET /health HTTP/1.1\r\nHost: \(host)\r\n\r\n")
            var parser = RequestParser(maxHeadBytes: 4096)
            guard case .head(let head) = try parser.next(&buffer) else { return -1 }
            do {
                _ = try screen.check(head)
                return 200
            } catch {
                return error.status
            }
        }
        for host in ["localhost", "LocalHost:8080", "localhost:", "[::1]", "[::1]:8081", "abc.onion", "ABC.onion:80"] {
            #expect(try verdict(host) == 200, "\(host)")
        }
        for host in [
            "evil.example", "localhost:80x", "localhost.evil", "[::1]x", "[::1]:x", "[::2]", "abc.onion.evil", "abc",
        ] {
            #expect(try verdict(host) == 421, "\(host)")
        }
    }

    @Test func operationTablePrefersLiteralsAndSeparates404From405() throws {
        let spec = try APISpec.load(path: Self.specPath)
        let t = spec.operations
        guard case .operation(let batch) = t.match(method: "POST", path: "/api/v1/payouts/batch") else {
            Issue.record("no match")
            return
        }
        #expect(batch.id == "createBatch")
        guard case .operation(let get) = t.match(method: "GET", path: "/api/v1/payouts/po_1") else {
            Issue.record("no match")
            return
        }
        #expect(get.id == "getPayout")
        #expect(t.match(method: "DELETE", path: "/api/v1/payouts") == .methodNotAllowed(allow: ["GET", "POST"]))
        #expect(t.match(method: "GET", path: "/api/v1/nothing") == .notFound)
        #expect(t.match(method: "GET", path: "/api/v1/payouts/po_1/extra/deep") == .notFound)
    }

    @Test func gcraAllowsTheQuotaThenRefusesWithRetryAfterAndRefills() {
        let limiter = RateLimiter(maxKeys: 1000)
        let policy = RateLimitPolicy(name: "create", limit: 10, windowSeconds: 60)
        let t0: Int64 = 1_000_000_000_000
        var remaining: [Int] = []
        for _ in 0..<10 {
            let d = limiter.check(key: "k", policy: policy, nowNanos: t0)
            #expect(d.allowed)
            remaining.append(d.remaining)
        }
        #expect(remaining == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
        let refused = limiter.check(key: "k", policy: policy, nowNanos: t0)
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == 6)
        #expect(refused.header == #""create";r=0;t=60"#)
        #expect(policy.header == #""create";q=10;w=60"#)
        // Another key is independent; after one emission interval one more request passes.
        #expect(limiter.check(key: "other", policy: policy, nowNanos: t0).allowed)
        #expect(limiter.check(key: "k", policy: policy, nowNanos: t0 + 6_000_000_000).allowed)
        #expect(!limiter.check(key: "k", policy: policy, nowNanos: t0 + 6_000_000_000).allowed)
    }

    @Test func rateLimiterMemoryIsBounded() {
        let limiter = RateLimiter(maxKeys: 160, shards: 16)
        let policy = RateLimitPolicy(name: "get", limit: 60, windowSeconds: 60)
        for i in 0..<10_000 { _ = limiter.check(key: "client-\(i)", policy: policy, nowNanos: 5_000_000_000) }
        #expect(limiter.keyCount <= 160)
    }

    @Test func proxyProtocolHeaders() {
        func parse(_ s: [UInt8]) -> ProxyProtocolHandler.Outcome {
            var b = ByteBuffer()
            b.writeBytes(s)
            return ProxyProtocolHandler.parse(b.readableBytesView)
        }
        let tor = Array("PROXY TCP6 fc00:dead:beef:4dad::0:2a ::1 65535 443\r\nGET / HTTP/1.1\r\n".utf8)
        #expect(parse(tor) == .done(ClientInfo(key: "circuit:42"), consumed: 52))
        let v4 = Array("PROXY TCP4 192.0.2.1 198.51.100.2 5555 443\r\n".utf8)
        #expect(parse(v4) == .done(ClientInfo(key: "192.0.2.1"), consumed: v4.count))
        #expect(parse(Array("PROXY UNKNOWN\r\n".utf8)) == .done(nil, consumed: 15))
        #expect(parse(Array("PROXY TCP4 1.2.3.4".utf8)) == .needMore)
        #expect(parse(Array("GET / HTTP/1.1\r\n".utf8)) == .invalid)
        #expect(parse(Array("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n".utf8)) == .invalid)
        var v2: [UInt8] = [
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x21, 0x00, 36,
        ]
        v2 += [0xfc, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x4d, 0xad, 0, 0, 0, 0, 0, 0, 0x01, 0x00]  // circuit 256
        v2 += Array(repeating: 0, count: 15) + [1] + [0xff, 0xff, 0x01, 0xbb]
        #expect(parse(v2) == .done(ClientInfo(key: "circuit:256"), consumed: 52))
        #expect(parse(Array(v2.prefix(20))) == .needMore)
        var v4v2: [UInt8] =
            Array(v2.prefix(12)) + [0x21, 0x11, 0x00, 12, 10, 0, 0, 7, 10, 0, 0, 1, 0x30, 0x39, 0x01, 0xbb]
        #expect(parse(v4v2) == .done(ClientInfo(key: "10.0.0.7"), consumed: 28))
        v4v2[12] = 0x31  // version 3
        #expect(parse(v4v2) == .invalid)
    }

    @Test func serviceAccountsStoreOnlyHashesAndRevokeTakesEffect() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = ServiceAccountStore(path: path)
        let (account, secret) = try store.add(role: "service", nodeIDs: nil)
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!file.contains(secret))
        #expect(file.contains("scrypt$"))
        #expect(store.authenticate(clientID: account.clientID, secret: secret)?.role == "service")
        #expect(store.authenticate(clientID: account.clientID, secret: secret + "x") == nil)
        #expect(store.authenticate(clientID: "sa_nobody", secret: secret) == nil)
        _ = try store.revoke(account.clientID)
        // A second process (lucidctl) revokes; this store sees the file change.
        #expect(ServiceAccountStore(path: path).authenticate(clientID: account.clientID, secret: secret) == nil)
    }

    @Test func requestIDsAreWellFormedAndUnique() {
        let ids = (0..<10_000).map { _ in RequestID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(id.hasPrefix("req_"))
            #expect(id.utf8.count == 34)
            #expect(RequestID.accept(id) == id, "our own ids pass the client-id check")
        }
    }

    @Test func aHeadLargerThanItsEstimateIsWrittenWholeAfterWhatWasThere() {
        var out = ByteBuffer(string: "before|")
        let long = String(repeating: "v", count: 5000)
        out.writeHead(estimate: 16) { w in
            w.append("Name: ")
            w.append(long)
            w.append(decimal: 42)
            w.append(Array("|after".utf8))
        }
        #expect(String(buffer: out) == "before|Name: " + long + "42|after")
        let r = GatewayResponse(
            status: .ok, headers: ["X-Long": long], contentType: "text/plain", body: .init(string: "hi"))
        var encoded = ByteBuffer()
        r.encode(keepAlive: true, into: &encoded)
        let text = String(buffer: encoded)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Long: \(long)\r\n"))
        #expect(text.hasSuffix("Content-Length: 2\r\n\r\nhi"))
    }

    @Test(arguments: [0, 7, 10, 99, 1_000_000, -1, -40, Int.max, Int.min])
    func decimalsAreWrittenAsSwiftPrintsThem(value: Int) {
        var out = ByteBuffer()
        out.writeHead(estimate: 8) { $0.append(decimal: value) }
        #expect(String(buffer: out) == String(value))
    }

    @Test func anIdentitysAssertionTemplateIsRemadeWhenThePolicyChanges() throws {
        let files = ["planes.acl", "roles.acl"].map { Self.root.appendingPathComponent("acl/\($0)").path }
        let first = try PolicyLoader.load(files: files, strict: true)
        let second = try PolicyLoader.load(files: files, strict: true)
        let signer = AssertionSigner(key: try LucidAssertionKey.make())
        let identity = Identity(subject: "svc", role: "service", nodeIDs: nil, issuer: "iss", expiresAt: 0)
        var made = 0
        func template(_ policy: CompiledPolicy) -> AssertionTemplate {
            identity.assertionTemplate.template(under: policy) {
                made += 1
                return signer.template(
                    for: Principal(
                        issuer: "lucid-gateway", subject: "svc", role: "service",
                        permissions: policy.roles.permissions(of: "service"),
                        scope: .all, requestID: ""))
            }
        }
        _ = template(first)
        _ = template(first)
        #expect(made == 1)
        _ = template(second)
        #expect(made == 2)
        _ = template(second)
        #expect(made == 2)
    }
}

enum LucidAssertionKey {
    static func make() throws -> AssertionKey { try AssertionKey(kid: "k1", secret: Array(repeating: 9, count: 32)) }
}
