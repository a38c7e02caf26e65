import Foundation
import PaymentBackend
import Testing
import TronKit

/// The ledger holds webhook secrets and KYC records: 0600 files in a 0700 directory, checked at
/// start-up.
@Suite("Ledger file modes")
struct DataFilesTests {
    static func mode(_ path: String) -> mode_t {
        var st = stat()
        #expect(stat(path, &st) == 0, "\(path) exists")
        return st.st_mode & 0o777
    }

    @Test("created 0600 in 0700 whatever the umask, the WAL and shared-memory files too")
    func createdPrivate() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let db = root.appendingPathComponent("wallet/wallet.sqlite").path
        let old = umask(0)  // the loosest umask: nothing taken away
        defer { umask(old) }
        #expect(try DataFiles.secure(databasePath: db, strict: true).isEmpty)
        let store = try SQLitePayoutStore(path: db)
        try await store.appendAudit([AuditEvent(at: 1, actor: "t", action: "test", subject: "s", detail: .object([]))])
        #expect(Self.mode(root.appendingPathComponent("wallet").path) == 0o700)
        for file in [db, db + "-wal", db + "-shm"] { #expect(Self.mode(file) == 0o600, "\(file)") }
    }

    @Test("looser modes: production refuses, naming the file; development tightens them")
    func looserModes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("modes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let db = root.appendingPathComponent("wallet.sqlite").path
        _ = try DataFiles.secure(databasePath: db, strict: true)
        chmod(db, 0o644)
        #expect(throws: WalletError.self) { try DataFiles.secure(databasePath: db, strict: true) }
        do { _ = try DataFiles.secure(databasePath: db, strict: true) } catch {
            #expect(error.description.contains("wallet.sqlite is 644"))
        }
        #expect(Self.mode(db) == 0o644, "production changes nothing")
        let repaired = try DataFiles.secure(databasePath: db, strict: false)
        #expect(repaired.count == 1)
        #expect(Self.mode(db) == 0o600)
    }
}
