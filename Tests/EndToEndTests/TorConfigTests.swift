import Foundation
import TestSupport
import Testing

/// The shipped `torrc` passes `tor --verify-config` (Debian's tor, installed by scripts/setup.sh),
/// with its data paths moved into a private temporary directory, and keeps the options the gateway
/// relies on.
@Suite struct TorConfigTests {
    static let torrc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("torrc")

    func verify(_ text: String) async throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("torrc")
        try text.replacingOccurrences(of: "/var/lib/tor", with: dir.path).write(
            to: file, atomically: true, encoding: .utf8)
        let r = try await runToCompletion(
            URL(fileURLWithPath: "/usr/bin/env"), ["tor", "--verify-config", "-f", file.path])
        return (r.status, r.stdout + r.stderr)
    }

    @Test func shippedTorrcIsValid() async throws {
        let text = try String(contentsOf: Self.torrc, encoding: .utf8)
        let r = try await verify(text)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("Configuration was valid"))
        for option in [
            "HiddenServiceVersion 3", "HiddenServiceExportCircuitID haproxy", "HiddenServicePoWDefensesEnabled 1",
            "HiddenServiceEnableIntroDoSDefense 1", "SafeSocks 1", "IsolateDestAddr",
        ] {
            #expect(text.contains(option), "\(option) must stay in the torrc")
        }
        // The admin onion, commented out as shipped (`#HiddenService…` with no space), is valid
        // once uncommented, and points at the admin door's default port.
        let admin = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("#HiddenService") ? line.dropFirst() : line
        }.joined(separator: "\n")
        #expect(admin.contains("HiddenServiceDir /var/lib/tor/lucid-admin/\nHiddenServiceVersion 3"))
        #expect(admin.contains("HiddenServicePort 80 127.0.0.1:8444"))
        let withAdmin = try await verify(admin)
        #expect(withAdmin.status == 0, "\(withAdmin.output)")
    }

    @Test func aBrokenTorrcIsRefused() async throws {
        let text = try String(contentsOf: Self.torrc, encoding: .utf8)
        let r = try await verify(
            text.replacingOccurrences(of: "HiddenServiceVersion 3", with: "HiddenServiceVersion 2"))
        #expect(r.status != 0)
    }
}
