import Foundation
import LucidJSON
import Testing
import TronKit

@Suite("lucidctl tor")
struct TorCommandTests {
    /// An address tor 0.4.9 wrote to a service's `hostname` file.
    static let torMade = "uuma6g72nc2lvbual42722ivpkc7xjdh22u73ddshzjyygvj5jfj27yd.onion"

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
    }

    @Test("admin-key: both files in tor's formats, 0600 in a 0700 directory, never overwritten")
    func adminKey() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tor-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/keys"
        let r = try await Lucidctl.run([
            "tor", "admin-key", "--name", "alice", "--onion", Self.torMade, "--out-dir", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSONValue.parse(r.stdout)
        #expect(json["onion"]?.string == Self.torMade)
        let auth = try String(contentsOfFile: out + "/alice.auth", encoding: .utf8)
        let authPrivate = try String(contentsOfFile: out + "/alice.auth_private", encoding: .utf8)
        let publicKey = try #require(json["public_key"]?.string)
        #expect(auth == "descriptor:x25519:\(publicKey)\n")
        #expect(publicKey.count == 52 && publicKey.allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        let address = String(Self.torMade.dropLast(6))
        #expect(authPrivate.hasPrefix("\(address):descriptor:x25519:"))
        #expect(authPrivate.split(separator: ":").last?.trimmingCharacters(in: .newlines).count == 52)
        #expect(!r.stdout.contains(authPrivate.split(separator: ":").last!.trimmingCharacters(in: .newlines)))
        #expect(try Self.mode(out) == 0o700)
        #expect(try Self.mode(out + "/alice.auth") == 0o600)
        #expect(try Self.mode(out + "/alice.auth_private") == 0o600)

        // The same name again: refused, the files unchanged.
        let again = try await Lucidctl.run([
            "tor", "admin-key", "--name", "alice", "--onion", Self.torMade, "--out-dir", out,
        ])
        #expect(again.status == 1 && again.stderr.contains("exists"))
        #expect(try String(contentsOfFile: out + "/alice.auth_private", encoding: .utf8) == authPrivate)

        // From the service's hostname file.
        let hostname = dir + "/hostname"
        try Data((Self.torMade + "\n").utf8).write(to: URL(fileURLWithPath: hostname))
        let viaFile = try await Lucidctl.run([
            "tor", "admin-key", "--name", "bob", "--hostname-file", hostname, "--out-dir", out,
        ])
        #expect(viaFile.status == 0, "\(viaFile.stderr)")
        #expect(try JSONValue.parse(viaFile.stdout)["public_key"]?.string != publicKey)
    }

    @Test("admin-key refuses a wrong checksum, a v2-length name, upper case, a bad --name and both or neither sources")
    func adminKeyRefusals() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("tor-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        var flipped = Array(Self.torMade)
        flipped[3] = flipped[3] == "a" ? "b" : "a"
        let cases: [[String]] = [
            ["--name", "a", "--onion", String(flipped)],
            ["--name", "a", "--onion", "expyuzz4wqqyqhjn.onion"],
            ["--name", "a", "--onion", Self.torMade.uppercased()],
            ["--name", "a/b", "--onion", Self.torMade],
            ["--name", "a"],
            ["--name", "a", "--onion", Self.torMade, "--hostname-file", "/etc/hostname"],
        ]
        for args in cases {
            let r = try await Lucidctl.run(["tor", "admin-key"] + args + ["--out-dir", out])
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.hasPrefix("lucidctl: error: "), "\(args): \(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written")
    }
}

@Suite("lucidctl usage errors")
struct UsageErrorTests {
    @Test("a bad option value is lucidctl's own error: one line on stderr, exit 1, nothing on stdout")
    func badTTL() async throws {
        let key = try Lucidctl.tempFile("k1:" + String(repeating: "42", count: 32))
        defer { try? FileManager.default.removeItem(atPath: key) }
        let r = try await Lucidctl.run([
            "assertion", "mint", "--key-file", key, "--sub", "s", "--role", "service", "--method", "GET",
            "--path", "/api/v1/payouts", "--ttl", "99",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "lucidctl: error: --ttl must be 1...30 seconds\n")
    }
}
