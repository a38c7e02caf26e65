import Foundation
import Policy
import Testing

@Suite("Parser and validator")
struct ParserTests {
    @Test(
        "syntax errors carry line:column and suggestions",
        arguments: [
            ("rule \"r\" {\n  acton = \"allow\"\n}", "<input>:2:3", "did you mean 'action'?"),
            ("rul \"r\" { action = \"allow\" }", "<input>:1:1", "did you mean 'rule'?"),
            ("rule \"r\" { action = \"alow\" }", "<input>:1:12", "did you mean 'allow'?"),
            ("rule \"r\" { action = \"allow\"", "<input>:1:28", "expected a key or '}'"),
            ("rule \"r\" {\n methods = [\"GET\" \"POST\"] action = \"allow\" }", "<input>:2:19", "expected ',' or ']'"),
            ("plane \"unterminated }", "<input>:1:7", "unterminated string"),
            ("rule \"r\" { action = \"allow\" action = \"deny\" }", "<input>:1:29", "set twice"),
        ])
    func syntax(_ text: String, _ position: String, _ message: String) {
        do {
            _ = try PolicyParser.parse(text)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.description.hasPrefix(position), "\(error)")
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test("the validator names unknown names, duplicates, Tor-less egress and dead allows")
    func validator() throws {
        let doc = try PolicyParser.parse(
            """
            plane "ops" {}
            plane "wallet" {}
            service "gw" { plane = "ops" }
            service "w" { plane = "wallet" }
            external "tron" {}
            rule "a" { source_plane = "opz" target_service = "w" action = "allow" }
            rule "a" { source_service = "gw" target = "external:tron" action = "allow" }
            rule "open" { source_service = "gw" target_service = "w" allowed_endpoints = ["/x/*"] action = "allow" }
            rule "shut" { source_service = "gw" target_service = "w" action = "deny" }
            role "r" { inherits = ["missing"] scope = "own_node" }
            """)
        let issues = PolicyValidator.validate(doc)
        let codes = Set(issues.map(\.code))
        #expect(
            codes.isSuperset(of: [
                "UNKNOWN_PLANE", "DUPLICATE_NAME", "EGRESS_WITHOUT_TOR", "UNKNOWN_ROLE", "UNKNOWN_SCOPE",
            ]))
        #expect(issues.first { $0.code == "UNKNOWN_PLANE" }?.message.contains("did you mean 'ops'?") == true)
        #expect(issues.first { $0.code == "EGRESS_WITHOUT_TOR" }?.severity == .warning)
        #expect(
            PolicyValidator.validate(doc, strict: true).first { $0.code == "EGRESS_WITHOUT_TOR" }?.severity == .error)

        let dead = try PolicyParser.parse(
            """
            plane "ops" {}
            plane "wallet" {}
            service "gw" { plane = "ops" }
            service "w" { plane = "wallet" }
            rule "open" { source_service = "gw" target_service = "w" allowed_endpoints = ["/x/*"] action = "allow" }
            rule "also" { source_service = "gw" target_service = "w" allowed_endpoints = ["/x/1"] action = "allow" }
            rule "shut" { source_service = "gw" target_service = "w" allowed_endpoints = ["/x/**"] action = "deny" }
            """)
        let deadCodes = PolicyValidator.validate(dead).map(\.code)
        #expect(deadCodes.filter { $0 == "DEAD_ALLOW" }.count == 2)
        #expect(deadCodes.contains("OVERLAPPING_RULE"))
    }

    @Test("arbitrary bytes never crash or hang the parser")
    func fuzz() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("rule plane service \"{}[]=,#/\n ab_*".utf8)
        for i in 0..<5_000 {
            let n = Int.random(in: 0...200, using: &rng)
            let bytes: [UInt8] =
                i % 2 == 0
                ? (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                : (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            let text = String(decoding: bytes, as: UTF8.self)
            if let doc = try? PolicyParser.parse(text) { _ = PolicyValidator.validate(doc) }
        }
    }

    @Test("hot reload keeps the last good policy when the new one is invalid")
    func hotReload() throws {
        let holder = PolicyHolder(try PolicyLoader.load(files: shippedFiles))
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).acl")
        try Data("rule \"x\" { acton = \"allow\" }".utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let error = holder.reload(files: [bad.path])
        #expect(error?.code == "POLICY_SYNTAX")
        #expect(
            holder.current.decide(
                AccessRequest(from: "lucid-gateway", to: "lucid-wallet", method: "GET", path: "/health/live")
            ).allowed)
        #expect(holder.reload(files: shippedFiles) == nil)
    }
}
