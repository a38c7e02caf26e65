import Policy
import Testing

/// A small inventory plus generated rules, for property tests.
enum Gen {
    static let inventory = """
        plane "a" {}
        plane "b" {}
        service "s1" { plane = "a" }
        service "s2" { plane = "a" }
        service "t1" { plane = "b" }
        external "x" {}
        """
    static let methods = ["GET", "POST", "PUT", "DELETE"]
    static let patterns = ["/p", "/p/*", "/p/**", "/q", "/q/*/r", "/"]
    static let paths = ["/p", "/p/1", "/p/1/2", "/q", "/q/1/r", "/q/1", "/"]

    static func rule<R: RandomNumberGenerator>(_ name: String, _ rng: inout R, action: String? = nil) -> String {
        var lines = ["rule \"\(name)\" {"]
        if Bool.random(using: &rng) { lines.append("source_service = \"\(["s1", "s2"].randomElement(using: &rng)!)\"") }
        if Bool.random(using: &rng) { lines.append("target_plane = \"b\"") }
        if Bool.random(using: &rng) {
            let m = methods.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng))
            lines.append("methods = [" + m.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        if Bool.random(using: &rng) {
            let p = patterns.shuffled(using: &rng).prefix(Int.random(in: 1...2, using: &rng))
            lines.append("allowed_endpoints = [" + p.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
        }
        lines.append("action = \"\(action ?? (Bool.random(using: &rng) ? "allow" : "deny"))\"")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func requests() -> [AccessRequest] {
        var out: [AccessRequest] = []
        for s in ["s1", "s2"] {
            for m in methods { for p in paths { out.append(AccessRequest(from: s, to: "t1", method: m, path: p)) } }
        }
        return out
    }

    static func compile(_ rules: [String]) throws -> CompiledPolicy {
        try CompiledPolicy(try PolicyParser.parse(inventory + "\n" + rules.joined(separator: "\n")))
    }
}

@Suite("Policy semantics, as properties")
struct PolicySemanticsTests {
    @Test("default deny: with no rules nothing is allowed")
    func defaultDeny() throws {
        let p = try Gen.compile([])
        for r in Gen.requests() { #expect(p.decide(r).code == .noMatchingAllow) }
    }

    @Test("allowed iff some allow matches and no deny matches; the order of rules never matters")
    func denyWinsAndOrderIrrelevant() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<150 {
            let rules = (0..<Int.random(in: 1...8, using: &rng)).map { Gen.rule("r\($0)", &rng) }
            let p = try Gen.compile(rules)
            let shuffled = try Gen.compile(rules.shuffled(using: &rng))
            for r in Gen.requests() {
                let d = p.decide(r)
                let e = p.explain(r)
                #expect(d.allowed == (!e.allows.isEmpty && e.denies.isEmpty))
                if !e.denies.isEmpty { #expect(d.code == .deniedByRule) }
                #expect(shuffled.decide(r).allowed == d.allowed)
            }
        }
    }

    @Test("adding an allow rule never turns an allowed request into a denied one")
    func allowIsMonotone() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<150 {
            let rules = (0..<Int.random(in: 0...6, using: &rng)).map { Gen.rule("r\($0)", &rng) }
            let before = try Gen.compile(rules)
            let after = try Gen.compile(rules + [Gen.rule("extra", &rng, action: "allow")])
            for r in Gen.requests() where before.decide(r).allowed { #expect(after.decide(r).allowed) }
        }
    }

    @Test(
        "non-canonical paths are rejected, never repaired",
        arguments: [
            "", "api", "/api//v1", "/api/v1/", "/api/./v1", "/api/../wallet", "/api/%2fv1", "/api/%2Fv1",
            "/api/%2e%2e/x",
            "/api/%5c", "/a\\b", "/a?b=1", "/a#f", "/ä", "/a b", "/%00",
        ])
    func canonical(_ path: String) throws {
        let p = try Gen.compile(["rule \"all\" { action = \"allow\" }"])
        #expect(p.decide(AccessRequest(from: "s1", to: "t1", method: "GET", path: path)).code == .nonCanonicalPath)
        #expect(CanonicalPath.problem(path) != nil)
    }

    @Test("* is one segment, ** the rest")
    func wildcards() throws {
        let p = try Gen.compile(["rule \"one\" { allowed_endpoints = [\"/p/*\"] action = \"allow\" }"])
        let q = try Gen.compile(["rule \"rest\" { allowed_endpoints = [\"/p/**\"] action = \"allow\" }"])
        func ok(_ c: CompiledPolicy, _ path: String) -> Bool {
            c.decide(AccessRequest(from: "s1", to: "t1", method: "GET", path: path)).allowed
        }
        #expect(ok(p, "/p/1") && !ok(p, "/p") && !ok(p, "/p/1/2") && !ok(p, "/px/1"))
        #expect(ok(q, "/p") && ok(q, "/p/1") && ok(q, "/p/1/2") && !ok(q, "/px"))
    }
}
