import Crypto
import CryptoExtras
import Foundation
import LucidAssertion
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Service accounts (OAuth 2.0 clients) in a JSON file: id, role, node scope and a scrypt hash of
/// the secret — never the secret itself. Secrets are compared in constant time, and an unknown
/// client id costs the same scrypt work as a known one. The file is re-read when it changes, so
/// `lucidctl service-account revoke` takes effect without a restart.
///
/// ```swift
/// let store = ServiceAccountStore(path: "data/gateway/service-accounts.json")
/// let (account, secret) = try store.add(role: "service", nodeIDs: nil)   // secret shown once
/// let ok = store.authenticate(clientID: account.clientID, secret: secret)  // the account
/// ```
public final class ServiceAccountStore: Sendable {
    /// One client.
    public struct Account: Sendable, Equatable, Codable {
        public var clientID: String
        public var role: String
        public var nodeIDs: [String]?
        public var secretHash: String
        public var createdAt: Int64
        public var revokedAt: Int64?

        enum CodingKeys: String, CodingKey {
            case clientID = "client_id"
            case role
            case nodeIDs = "node_ids"
            case secretHash = "secret_hash"
            case createdAt = "created_at"
            case revokedAt = "revoked_at"
        }
    }

    /// Why a store operation failed.
    public struct StoreError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public let path: String
    private let state: Mutex<(accounts: [String: Account], stamp: Date?, checkedAt: Date)>
    /// scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds).
    static let scryptN = 1 << 15

    public init(path: String) {
        self.path = path
        state = Mutex(([:], nil, .distantPast))
    }

    /// All accounts, revoked ones included, sorted by id.
    public func list() throws -> [Account] { try read().values.sorted { $0.clientID < $1.clientID } }

    /// Creates an account; returns it with its secret, which is not stored and cannot be shown again.
    public func add(role: String, nodeIDs: [String]?) throws -> (Account, String) {
        var accounts = try read()
        let id = "sa_" + Base64URL.encode(SecureRandom.bytes(12))
        let secret = "lsk_" + Base64URL.encode(SecureRandom.bytes(32))
        let account = Account(
            clientID: id, role: role, nodeIDs: nodeIDs, secretHash: try Self.hash(secret),
            createdAt: Int64(Date().timeIntervalSince1970), revokedAt: nil)
        accounts[id] = account
        try write(accounts)
        return (account, secret)
    }

    /// Marks an account revoked; its tokens stop being issued at once.
    public func revoke(_ clientID: String) throws -> Account {
        var accounts = try read()
        guard var account = accounts[clientID] else { throw StoreError(description: "no service account \(clientID)") }
        account.revokedAt = account.revokedAt ?? Int64(Date().timeIntervalSince1970)
        accounts[clientID] = account
        try write(accounts)
        return account
    }

    /// The active account when `secret` is its secret; nil otherwise (same cost either way).
    public func authenticate(clientID: String, secret: String) -> Account? {
        let accounts = (try? current()) ?? [:]
        let account = accounts[clientID]
        let hash = account?.secretHash ?? Self.decoyHash
        let ok = Self.verify(secret, hash: hash)
        guard ok, let account, account.revokedAt == nil else { return nil }
        return account
    }

    // MARK: Hashing

    static func hash(_ secret: String) throws -> String {
        let salt = SecureRandom.bytes(16)
        let derived = try derive(secret, salt: salt, n: scryptN)
        return "scrypt$\(scryptN)$8$1$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    static func verify(_ secret: String, hash: String) -> Bool {
        let parts = hash.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), n >= 1 << 14, n <= 1 << 20,
            parts[2] == "8", parts[3] == "1", let salt = Base64URL.decode(parts[4]),
            let expected = Base64URL.decode(parts[5]),
            let derived = try? derive(secret, salt: salt, n: n)
        else { return false }
        guard derived.count == expected.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<derived.count { diff |= derived[i] ^ expected[i] }
        return diff == 0
    }

    private static func derive(_ secret: String, salt: [UInt8], n: Int) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(secret.utf8), salt: salt, outputByteCount: 32, rounds: n, blockSize: 8, parallelism: 1,
            maxMemory: 64 * 1024 * 1024)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Hashed once so unknown client ids cost a full scrypt too.
    private static let decoyHash = (try? hash("decoy-" + UUID().uuidString)) ?? ""

    // MARK: File

    private func current() throws -> [String: Account] {
        let now = Date()
        if let cached = state.withLock({ s -> [String: Account]? in
            now.timeIntervalSince(s.checkedAt) < 1 ? s.accounts : nil
        }) {
            return cached
        }
        return try read()
    }

    private func read() throws -> [String: Account] {
        let stamp = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        if let hit = state.withLock({ s -> [String: Account]? in
            s.stamp != nil && s.stamp == stamp ? s.accounts : nil
        }) {
            state.withLock { $0.checkedAt = Date() }
            return hit
        }
        var accounts: [String: Account] = [:]
        if let data = FileManager.default.contents(atPath: path) {
            do {
                for a in try JSONDecoder().decode([Account].self, from: data) { accounts[a.clientID] = a }
            } catch {
                throw StoreError(description: "\(path) is not a service-account file: \(error)")
            }
        }
        state.withLock { $0 = (accounts, stamp, Date()) }
        return accounts
    }

    private func write(_ accounts: [String: Account]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(accounts.values.sorted { $0.clientID < $1.clientID })
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let tmp = url.appendingPathExtension("tmp")
        guard FileManager.default.createFile(atPath: tmp.path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw StoreError(description: "cannot write \(tmp.path)") }
        guard rename(tmp.path, url.path) == 0 else { throw StoreError(description: "cannot replace \(path)") }
        state.withLock { $0 = ([:], nil, .distantPast) }
    }
}
