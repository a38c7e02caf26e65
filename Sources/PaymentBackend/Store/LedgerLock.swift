import Foundation

/// An exclusive advisory lock (`flock`) on `<database>.lock`, held by the wallet for its whole run:
/// a second wallet on the same ledger (which could sign a payout twice) refuses to start, and
/// `lucidctl restore` refuses to replace a ledger a wallet is using. The kernel drops the lock when
/// the process ends, however it ends.
public final class LedgerLock: Sendable {
    private let fd: Int32

    /// Takes the lock, or throws naming the ledger when another process holds it.
    public init(databasePath: String) throws(WalletError) {
        let path = databasePath + ".lock"
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .storage("cannot open \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .storage("\(databasePath) is in use by another process (a running lucid-wallet holds \(path))")
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
