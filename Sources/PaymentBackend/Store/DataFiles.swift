import Foundation
import LucidConfiguration

/// The ledger's files hold webhook signing secrets and KYC records: the database and its `-wal`
/// and `-shm` are 0600 in a 0700 directory whatever the umask. SQLite gives the journal files the
/// mode of the database file, so creating that file 0600 before SQLite opens it covers all three.
///
/// ```swift
/// let repaired = try DataFiles.secure(databasePath: "data/wallet/wallet.sqlite", strict: false)
/// ```
public enum DataFiles {
    /// Creates the directory (0700) and the database file (0600) when missing, and checks the
    /// modes of what exists. Looser modes are tightened and listed in the result, or with `strict`
    /// (production) refused with every problem named.
    public static func secure(databasePath: String, strict: Bool) throws(WalletError) -> [String] {
        let fm = FileManager.default
        let dir =
            (databasePath as NSString).deletingLastPathComponent.isEmpty
            ? "." : (databasePath as NSString).deletingLastPathComponent
        if !fm.fileExists(atPath: dir) {
            do {
                try fm.createDirectory(
                    atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch { throw .configuration("LUCID_WALLET_DB: cannot create \(dir): \(error.localizedDescription)") }
        }
        if !fm.fileExists(atPath: databasePath) {
            do { try SecretFile.create(databasePath, contents: []) } catch {
                throw .configuration("LUCID_WALLET_DB: \(error.message)")
            }
        }
        var loose: [(path: String, mode: mode_t, wanted: mode_t)] = []
        for (path, wanted) in [
            (dir, mode_t(0o700)), (databasePath, 0o600), (databasePath + "-wal", 0o600),
            (databasePath + "-shm", 0o600),
        ] {
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            if st.st_mode & 0o077 != 0 { loose.append((path, st.st_mode & 0o777, wanted)) }
        }
        let describe = { (l: (path: String, mode: mode_t, wanted: mode_t)) in
            "\(l.path) is \(String(l.mode, radix: 8)), wanted \(String(l.wanted, radix: 8))"
        }
        if strict, !loose.isEmpty {
            throw .configuration(
                "LUCID_WALLET_DB: ledger files readable by others (they hold webhook secrets and KYC records): "
                    + loose.map(describe).joined(separator: "; "))
        }
        for l in loose { chmod(l.path, l.wanted) }
        return loose.map(describe)
    }
}
