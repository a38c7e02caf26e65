import ArgumentParser
import Foundation
import LucidJSON
import PaymentBackend

/// `lucidctl backup` and `lucidctl restore`: an online, consistent copy of the wallet's ledger with
/// a manifest, and a restore that verifies both before it puts the copy in place (`LedgerBackup`).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the wallet's ledger while it runs; writes OUT and OUT.manifest.json (0600).",
        discussion: """
            One consistent snapshot (SQLite VACUUM INTO from a read-only connection; the wallet keeps
            writing). Run it as the wallet's user. Prints the manifest: time, size, SHA-256, schema
            version, audit-chain head, row counts.
            """)
    @Option(help: "The wallet's SQLite database (LUCID_WALLET_DB).") var db = "data/wallet/wallet.sqlite"
    @Option(help: "The backup file to create (must not exist).") var out: String

    func run() async throws {
        do {
            let manifest = try await LedgerBackup.create(database: db, output: out, now: nowMs())
            emit(manifest.json)
        } catch let e as WalletError { fail(e.operatorMessage) }
    }
}

/// `lucidctl restore`: verify a backup and put it in place of the (stopped) wallet's ledger.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Verify a backup against its manifest and audit chain, then put it in place.",
        discussion: """
            Refuses a backup whose size, SHA-256, schema, audit head or row counts differ from its
            manifest, or whose audit chain is broken. With --check, verifies only. An existing ledger
            is replaced only with --replace and only while no wallet runs on it; it is kept as
            DB.before-restore-<ms>. The next wallet start waits until every transaction the earlier run
            could have signed has landed or expired, adopts those found on chain, then signs.
            """)
    @Option(help: "The backup file (its manifest is BACKUP.manifest.json).") var backup: String
    @Option(help: "The wallet's SQLite database (LUCID_WALLET_DB).") var db = "data/wallet/wallet.sqlite"
    @Flag(help: "Put an existing ledger aside and replace it.") var replace = false
    @Flag(help: "Verify the backup only; change nothing.") var check = false

    func run() async throws {
        do {
            if check {
                let manifest = try await LedgerBackup.verify(backup)
                emit(.object([("verified", .bool(true)), ("manifest", manifest.json)]))
                return
            }
            let (manifest, previous) = try await LedgerBackup.restore(backup, to: db, replace: replace, now: nowMs())
            emit(
                .object([
                    ("restored", .string(db)), ("previous", previous.map(JSONValue.string) ?? .null),
                    ("manifest", manifest.json),
                ]))
        } catch let e as WalletError { fail(e.operatorMessage) }
    }
}

private func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
