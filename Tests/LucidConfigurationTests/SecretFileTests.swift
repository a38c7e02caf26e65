import Foundation
import LucidConfiguration
import Testing

/// Secret files are created 0600, never over an existing file, and read back
/// the way Docker and systemd secrets are written.
@Suite struct SecretFileTests {
    @Test func created0600AndNeverOverwritten() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SecretFile.create(path, contents: Array("s3cret\n".utf8))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o777 } == 0o600)
        #expect(try SecretFile.read(path) == Array("s3cret".utf8))
        #expect(throws: SecretFile.Failure.self) { try SecretFile.create(path, contents: Array("other".utf8)) }
        #expect(try SecretFile.read(path) == Array("s3cret".utf8), "the existing secret is kept")
    }
}
