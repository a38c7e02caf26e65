import Crypto
import Foundation
import GRDB
import LucidConfiguration
import LucidJSON
import TronKit

/// Online backup and verified restore of the SQLite ledger (`lucidctl backup` / `restore`).
///
/// A backup is `VACUUM INTO` from a read-only connection: one consistent snapshot of a ledger the
/// wallet keeps writing (WAL readers never block the writer), into a new 0600 file, fsynced, with a
/// `BackupManifest` beside it. A restore checks the file against its manifest, checks the audit
/// chain, moves the old ledger (and its `-wal`/`-shm`) aside, puts the copy in place, and marks it
/// restored: the wallet's next start runs `PayoutEngine.recoverAfterRestore` before it signs anything.
public enum LedgerBackup {
    /// The setting a restore leaves: the backup's time in ms; "" once recovered.
    public static let restoredKey = "recovery.restored_backup_ms"

    /// Copies the ledger at `database` to `output` (which must not exist) and writes the manifest.
    public static func create(database: String, output: String, now: Int64) async throws -> BackupManifest {
        guard FileManager.default.fileExists(atPath: database) else {
            throw WalletError.storage("no database at \(database)")
        }
        do { try SecretFile.create(output, contents: []) } catch { throw WalletError.storage(error.message) }
        do {
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(10)
            let source = try DatabaseQueue(path: database, configuration: config)
            try await source.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [output])
            }
            try source.close()
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            try handle.synchronize()
            try handle.close()
            let manifest = try await describe(output, createdAtMs: now)
            try writeManifest(manifest, for: output)
            return manifest
        } catch {
            try? FileManager.default.removeItem(atPath: output)
            throw error
        }
    }

    /// The manifest beside `backup`, after checking that the file matches it: size and SHA-256, a
    /// migrated ledger, an intact audit chain ending at the manifest's head, the same row counts.
    public static func verify(_ backup: String) async throws -> BackupManifest {
        let manifestPath = backup + ".manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw WalletError.storage("no manifest at \(manifestPath)")
        }
        guard let json = try? JSONValue.parse(Array(data)), let manifest = BackupManifest(json: json) else {
            throw WalletError.storage("\(manifestPath) is not a \(BackupManifest.format) manifest")
        }
        let found = try await describe(backup, createdAtMs: manifest.createdAtMs)
        var problems: [String] = []
        if found.bytes != manifest.bytes || found.sha256 != manifest.sha256 {
            problems.append("the file's size or SHA-256 differs from the manifest (changed or truncated)")
        }
        if found.schemaVersion != manifest.schemaVersion { problems.append("schema version \(found.schemaVersion)") }
        if found.auditHeadHash != manifest.auditHeadHash || found.auditHeadSeq != manifest.auditHeadSeq {
            problems.append("the audit chain ends at entry \(found.auditHeadSeq), not the manifest's head")
        }
        if found.rows != manifest.rows { problems.append("row counts differ from the manifest") }
        guard problems.isEmpty else {
            throw WalletError.storage("\(backup) does not match its manifest: " + problems.joined(separator: "; "))
        }
        return manifest
    }

    /// Puts the verified `backup` in place at `database`. An existing ledger is replaced only with
    /// `replace` and only while no wallet holds it; it is kept as `<database>.before-restore-<ms>`.
    /// Returns the manifest and where the old ledger went.
    public static func restore(_ backup: String, to database: String, replace: Bool, now: Int64) async throws
        -> (manifest: BackupManifest, previous: String?)
    {
        let manifest = try await verify(backup)
        let lock = try LedgerLock(databasePath: database)
        let fm = FileManager.default
        var previous: String?
        if fm.fileExists(atPath: database) {
            guard replace else {
                throw WalletError.storage("\(database) exists; stop the wallet and give --replace to put it aside")
            }
            previous = "\(database).before-restore-\(now)"
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: database + suffix) {
                try fm.moveItem(atPath: database + suffix, toPath: previous! + suffix)
            }
        }
        let staging = database + ".restoring"
        try? fm.removeItem(atPath: staging)
        do { try SecretFile.create(staging, contents: []) } catch { throw WalletError.storage(error.message) }
        try copy(backup, to: staging)
        let store = try SQLitePayoutStore(path: staging)
        try await store.setSetting(
            restoredKey, String(manifest.createdAtMs),
            audit: AuditEvent(
                at: now, actor: "lucidctl", action: "ledger.restored", subject: "ledger",
                detail: .object([
                    ("backup", .string(manifest.file)), ("sha256", .string(manifest.sha256)),
                    ("backup_created_at_ms", .int(manifest.createdAtMs)),
                    ("audit_head_hash", .string(manifest.auditHeadHash)),
                ])))
        try store.close()
        try fm.moveItem(atPath: staging, toPath: database)
        withExtendedLifetime(lock) {}
        return (manifest, previous)
    }

    /// The manifest `path` would have: size, SHA-256, schema, audit head, row counts.
    static func describe(_ path: String, createdAtMs: Int64) async throws -> BackupManifest {
        let (bytes, digest) = try digest(path)
        let store = try SQLitePayoutStore(readOnlyPath: path)
        defer { try? store.close() }
        let (chain, broken) = try await store.verifyAudit()
        if let broken {
            throw WalletError.storage("\(path): the audit chain is broken at entry \(broken.seq): \(broken.reason)")
        }
        let (schema, rows) = try await store.tableCounts()
        return BackupManifest(
            createdAtMs: createdAtMs, file: (path as NSString).lastPathComponent, bytes: bytes,
            sha256: digest, schemaVersion: schema, auditEntries: Int64(chain.count), auditHeadSeq: chain.lastSeq,
            auditHeadHash: chain.headHash, rows: rows)
    }

    /// The file's size and SHA-256 (hex), read in 1 MiB chunks: a ledger may be larger than memory allows.
    static func digest(_ path: String) throws -> (bytes: Int64, sha256: String) {
        guard let input = FileHandle(forReadingAtPath: path) else { throw WalletError.storage("cannot read \(path)") }
        defer { try? input.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            hash.update(data: chunk)
            bytes += Int64(chunk.count)
        }
        return (bytes, Hex.encode(Array(hash.finalize())))
    }

    /// Copies `source` into the existing (0600) file `destination` in 1 MiB chunks, then fsyncs it.
    static func copy(_ source: String, to destination: String) throws {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw WalletError.storage("cannot read \(source)")
        }
        defer { try? input.close() }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try output.write(contentsOf: chunk) }
        try output.synchronize()
    }

    private static func writeManifest(_ manifest: BackupManifest, for backup: String) throws {
        let path = backup + ".manifest.json"
        do { try SecretFile.create(path, contents: Array((manifest.json.serialized + "\n").utf8)) } catch {
            throw WalletError.storage(error.message)
        }
    }
}

extension SQLitePayoutStore {
    /// The last migration applied and the row count of every table.
    func tableCounts() async throws -> (schema: String, rows: [String: Int64]) {
        try await pool.read { db in
            let schema = try String.fetchOne(
                db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1")
            let tables = try String.fetchAll(
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name"
            )
            var rows: [String: Int64] = [:]
            for t in tables {
                rows[t] = try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t.quotedDatabaseIdentifier)") ?? 0
            }
            return (schema ?? "", rows)
        }
    }

    /// Closes the database (checkpointing a WAL ledger) so its file can be moved.
    func close() throws { try pool.close() }
}
