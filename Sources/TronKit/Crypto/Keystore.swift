import Crypto
import CryptoExtras
import Foundation

/// A private key encrypted at rest in the Web3 Secret Storage v3 format (scrypt, AES-128-CTR and a
/// Keccak-256 MAC), so standard keystore tools (geth, eth-keyfile, web3) open the same file.
///
/// The `address` field holds the key's 20-byte account id, which is the TRON address without its
/// `0x41` prefix. Files are written with scrypt; files made with PBKDF2-HMAC-SHA256 are read too.
/// Parameters are bounded when reading, so a hostile file cannot ask for unbounded memory or time.
///
/// ```swift
/// let json = try Keystore.encrypt(key, password: Array("correct horse".utf8))
/// let same = try Keystore.decrypt(json, password: Array("correct horse".utf8))
/// ```
public enum Keystore {
    /// scrypt's cost for new files: N = 2^18, r = 8, p = 1 (geth's "standard"), about 256 MiB and a second.
    public static let standardScryptN = 1 << 18
    /// The largest scrypt N accepted when reading (2^20, 1 GiB at r = 8).
    public static let maximumScryptN = 1 << 20

    /// Encrypts `key` under `password` with a fresh salt and IV; returns the keystore JSON.
    public static func encrypt(_ key: PrivateKey, password: [UInt8], scryptN: Int = standardScryptN)
        throws(TronKitError)
        -> Data
    {
        guard scryptN >= 2, scryptN <= maximumScryptN, scryptN & (scryptN - 1) == 0 else {
            throw .invalidKeystore("scrypt N must be a power of two in 2...\(maximumScryptN)")
        }
        let salt = randomBytes(32)
        let iv = randomBytes(16)
        let params = KDFParams(dklen: 32, salt: Hex.encode(salt), n: scryptN, r: 8, p: 1, c: nil, prf: nil)
        let derived = try derive(password: password, kdf: "scrypt", params: params, salt: salt)
        var secret = key.withUnsafeSecretBytes { Array($0) }
        defer { for i in secret.indices { secret[i] = 0 } }
        let ciphertext = try aes128CTR(secret, key: Array(derived[0..<16]), iv: iv)
        let file = File(
            version: 3, id: UUID().uuidString.lowercased(), address: Hex.encode(key.address.bytes.dropFirst()),
            crypto: .init(
                cipher: "aes-128-ctr", cipherparams: .init(iv: Hex.encode(iv)), ciphertext: Hex.encode(ciphertext),
                kdf: "scrypt", kdfparams: params, mac: Hex.encode(mac(derived: derived, ciphertext: ciphertext))))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do { return try encoder.encode(file) } catch { throw .invalidKeystore("cannot encode the keystore") }
    }

    /// Decrypts a keystore; a wrong password is reported as a MAC mismatch, never with key material.
    public static func decrypt(_ json: Data, password: [UInt8]) throws(TronKitError) -> PrivateKey {
        let file = try parse(json)
        guard file.crypto.cipher == "aes-128-ctr" else {
            throw .invalidKeystore("unsupported cipher \(file.crypto.cipher) (expected aes-128-ctr)")
        }
        let iv = try hexField(file.crypto.cipherparams.iv, "crypto.cipherparams.iv", count: 16)
        let ciphertext = try hexField(file.crypto.ciphertext, "crypto.ciphertext", count: 32)
        let expectedMAC = try hexField(file.crypto.mac, "crypto.mac", count: 32)
        let salt = try hexField(file.crypto.kdfparams.salt, "crypto.kdfparams.salt", count: nil)
        let derived = try derive(password: password, kdf: file.crypto.kdf, params: file.crypto.kdfparams, salt: salt)
        var diff: UInt8 = 0
        for (a, b) in zip(mac(derived: derived, ciphertext: ciphertext), expectedMAC) { diff |= a ^ b }
        guard diff == 0 else { throw .invalidKeystore("wrong password (the keystore MAC does not match)") }
        var secret = try aes128CTR(ciphertext, key: Array(derived[0..<16]), iv: iv)
        defer { for i in secret.indices { secret[i] = 0 } }
        let key = try PrivateKey(bytes: secret)
        if let stated = try statedAddress(file), stated != key.address {
            throw .invalidKeystore("the key does not match the keystore's address field")
        }
        return key
    }

    /// The address a keystore states, read without the password (nil when the file omits it).
    public static func address(_ json: Data) throws(TronKitError) -> TronAddress? {
        try statedAddress(try parse(json))
    }

    // MARK: Format

    struct File: Codable {
        var version: Int
        var id: String?
        var address: String?
        var crypto: CryptoSection
    }

    struct CryptoSection: Codable {
        var cipher: String
        var cipherparams: CipherParams
        var ciphertext: String
        var kdf: String
        var kdfparams: KDFParams
        var mac: String
    }

    struct CipherParams: Codable { var iv: String }

    /// scrypt uses n, r, p; PBKDF2 uses c and prf.
    struct KDFParams: Codable {
        var dklen: Int
        var salt: String
        var n: Int?
        var r: Int?
        var p: Int?
        var c: Int?
        var prf: String?
    }

    static func parse(_ json: Data) throws(TronKitError) -> File {
        guard json.count <= 64 * 1024 else { throw .invalidKeystore("a keystore is at most 64 KiB") }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: json) } catch {
            throw .invalidKeystore("not a Web3 Secret Storage file (missing or mistyped fields)")
        }
        guard file.version == 3 else { throw .invalidKeystore("unsupported keystore version \(file.version)") }
        return file
    }

    static func statedAddress(_ file: File) throws(TronKitError) -> TronAddress? {
        guard var text = file.address else { return nil }
        if text.hasPrefix("0x") { text.removeFirst(2) }
        return try TronAddress(evm20: try hexField(text, "address", count: 20))
    }

    static func hexField(_ text: String, _ name: String, count: Int?) throws(TronKitError) -> [UInt8] {
        guard let bytes = try? Hex.decode(text), count == nil || bytes.count == count! else {
            throw .invalidKeystore("\(name) must be \(count.map { "\($0 * 2) " } ?? "")hex digits")
        }
        return bytes
    }

    // MARK: Crypto

    static func derive(password: [UInt8], kdf: String, params: KDFParams, salt: [UInt8]) throws(TronKitError)
        -> [UInt8]
    {
        guard params.dklen == 32 else { throw .invalidKeystore("kdfparams.dklen must be 32") }
        guard salt.count >= 16, salt.count <= 64 else { throw .invalidKeystore("the salt must be 16...64 bytes") }
        let key: SymmetricKey
        switch kdf {
        case "scrypt":
            guard let n = params.n, let r = params.r, let p = params.p, n >= 2, n <= maximumScryptN,
                n & (n - 1) == 0, (1...16).contains(r), (1...4).contains(p), 128 * n * r <= 1 << 30
            else { throw .invalidKeystore("scrypt parameters out of bounds (N a power of two ≤ 2^20, r ≤ 16, p ≤ 4)") }
            do {
                key = try KDF.Scrypt.deriveKey(
                    from: password, salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p,
                    maxMemory: 128 * n * r * p + (1 << 20))
            } catch { throw .invalidKeystore("scrypt failed (not enough memory?)") }
        case "pbkdf2":
            guard params.prf == "hmac-sha256", let c = params.c, (1...10_000_000).contains(c) else {
                throw .invalidKeystore("pbkdf2 needs prf hmac-sha256 and 1...10000000 rounds")
            }
            do {
                key = try KDF.Insecure.PBKDF2.deriveKey(
                    from: password, salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: c)
            } catch { throw .invalidKeystore("pbkdf2 failed") }
        default:
            throw .invalidKeystore("unsupported kdf \(kdf) (expected scrypt or pbkdf2)")
        }
        return key.withUnsafeBytes { Array($0) }
    }

    /// keccak256(derived[16..<32] ‖ ciphertext), as the format defines the MAC.
    static func mac(derived: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        Keccak256.hash(derived[16..<32] + ciphertext)
    }

    static func aes128CTR(_ input: [UInt8], key: [UInt8], iv: [UInt8]) throws(TronKitError) -> [UInt8] {
        do {
            let nonce = try AES._CTR.Nonce(nonceBytes: iv)
            return Array(try AES._CTR.encrypt(input, using: SymmetricKey(data: key), nonce: nonce))
        } catch { throw .invalidKeystore("AES-128-CTR failed") }
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}
