import Foundation
import LucidJSON
import Testing
import TronKit

@Suite("lucidctl policy")
struct PolicyCommandTests {
    static let acl = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("acl")
    static let files = ["planes.acl", "roles.acl"].map { acl.appendingPathComponent($0).path }
    static var fileArgs: [String] { files.flatMap { ["--files", $0] } }

    @Test(
        "ipallow: the shipped units carry exactly the address lines acl/planes.acl implies; direct egress is refused",
        arguments: ["lucid-wallet", "lucid-gateway"])
    func addressLines(service: String) async throws {
        let unit = Self.acl.deletingLastPathComponent().appendingPathComponent("deploy/systemd/\(service).service")
        let have = try String(contentsOf: unit, encoding: .utf8).split(separator: "\n").filter {
            $0.hasPrefix("IPAddress")
        }
        let r = try await Lucidctl.run(["policy", "ipallow", "--service", service, Self.files[0]])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").filter { $0.hasPrefix("IPAddress") } == have)
        #expect(have == ["IPAddressDeny=any", "IPAddressAllow=localhost"])

        let elsewhere = try await Lucidctl.run([
            "policy", "ipallow", "--service", "lucid-gateway", "--address", "lucid-wallet=10.0.0.5", Self.files[0],
        ])
        #expect(elsewhere.stdout.contains("IPAddressAllow=10.0.0.5\n"), "\(elsewhere.stdout)")
        let planes = try String(contentsOfFile: Self.files[0], encoding: .utf8)
        let direct = try Lucidctl.tempFile(
            planes.replacingOccurrences(
                of: "  target       = \"external:tron\"\n  via          = \"tor\"\n",
                with: "  target       = \"external:tron\"\n"))
        defer { try? FileManager.default.removeItem(atPath: direct) }
        let refused = try await Lucidctl.run(["policy", "ipallow", "--service", "lucid-wallet", direct])
        #expect(refused.status != 0 && refused.stderr.contains("reach tron directly"), "\(refused.stderr)")
    }

    @Test("check: the shipped files pass strict mode; a broken file exits 1 with the position")
    func check() async throws {
        let ok = try await Lucidctl.run(["policy", "check", "--strict"] + Self.files)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try JSONValue.parse(ok.stdout)["valid"]?.bool == true)
        let bad = try Lucidctl.tempFile(
            "plane \"ops\" {}\nrule \"r\" {\n  source_plane = \"opz\"\n  action = \"allow\"\n}\n")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let r = try await Lucidctl.run(["policy", "check", bad])
        #expect(r.status == 1)
        let issue = try JSONValue.parse(r.stdout)["issues"]?.array?.first
        #expect(issue?["code"]?.string == "UNKNOWN_PLANE")
        #expect(issue?["message"]?.string?.contains("did you mean 'ops'?") == true)
        #expect(issue?["location"]?.string?.hasSuffix(":2:1") == true)
    }

    @Test("check --spec: the shipped ACL allows no more than the spec's wallet operations; a broader rule is named")
    func checkAgainstSpec() async throws {
        let spec = Self.acl.deletingLastPathComponent().appendingPathComponent("openapi/payment-api.yaml").path
        let ok = try await Lucidctl.run(["policy", "check", "--strict", "--spec", spec] + Self.files)
        #expect(ok.status == 0, "\(ok.stdout)")
        let planes = try String(contentsOfFile: Self.files[0], encoding: .utf8)
        let broad = planes.replacingOccurrences(
            of: #"methods           = ["PUT"]"#, with: #"methods           = ["PUT", "DELETE"]"#
        ).replacingOccurrences(
            of: #"allowed_endpoints = ["/api/v1/kyc/*"]"#,
            with: #"allowed_endpoints = ["/api/v1/kyc/*", "/api/v1/payouts", "/api/v1/admin/**"]"#)
        #expect(broad != planes)
        let file = try Lucidctl.tempFile(broad)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try await Lucidctl.run(["policy", "check", "--spec", spec, file, Self.files[1]])
        #expect(r.status == 1)
        let messages = (try JSONValue.parse(r.stdout)["issues"]?.array ?? []).compactMap {
            $0["code"]?.string == "PLANE_RULE_BROADER_THAN_SPEC" ? $0["message"]?.string : nil
        }
        for expected in [
            "allows DELETE /api/v1/payouts: no DELETE operation", "allows PUT /api/v1/payouts: no PUT operation",
            "allows DELETE /api/v1/admin/**: ** allows any depth",
        ] {
            #expect(messages.contains { $0.contains(expected) }, "\(expected) in \(messages)")
        }
        #expect(!messages.contains { $0.contains("DELETE /api/v1/kyc/*") }, "the spec has DELETE /api/v1/kyc/{address}")
    }

    @Test("explain and can: exit 0 on allow/reachable, 1 on deny/unreachable")
    func explainAndCan() async throws {
        let allow = try await Lucidctl.run(
            [
                "policy", "explain", "--from", "ops/lucid-gateway", "--to", "wallet/lucid-wallet", "--method", "POST",
                "--path", "/api/v1/payouts",
            ]
                + Self.fileArgs)
        #expect(allow.status == 0)
        #expect(try JSONValue.parse(allow.stdout)["rule"]?.string == "gateway_creates_in_wallet")
        let deny = try await Lucidctl.run(
            ["policy", "explain", "--from", "chain/chain-relay", "--to", "wallet/lucid-wallet"] + Self.fileArgs)
        #expect(deny.status == 1)
        #expect(try JSONValue.parse(deny.stdout)["matching_denies"]?.array?.first?.string == "chain_to_wallet")
        let traversal = try await Lucidctl.run(
            [
                "policy", "explain", "--from", "ops/lucid-gateway", "--to", "wallet/lucid-wallet", "--path",
                "/api/v1/../admin",
            ] + Self.fileArgs)
        #expect(traversal.status == 1)
        #expect(try JSONValue.parse(traversal.stdout)["code"]?.string == "NON_CANONICAL_PATH")
        #expect(
            try await Lucidctl.run(["policy", "can", "--from", "chain", "--to", "wallet"] + Self.fileArgs).status == 1)
        #expect(
            try await Lucidctl.run(["policy", "can", "--from", "wallet", "--to", "external:tron"] + Self.fileArgs)
                .status == 0
        )
        let roles = try JSONValue.parse(try await Lucidctl.run(["policy", "roles"] + Self.fileArgs).stdout)
        #expect(roles["end_user"]?["scope"]?.string == "own_user")
    }
}
