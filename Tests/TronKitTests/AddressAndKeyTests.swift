import Foundation
import Testing
import TronKit

@Suite("Addresses, keys and signatures")
struct AddressAndKeyTests {
    @Test(
        "hex parsing rejects junk with a reason",
        arguments: [
            "", "41", "zz", "41a614f803b6fd780986a42c78ec9c7f77e6ded13", "42a614f803b6fd780986a42c78ec9c7f77e6ded13c",
        ])
    func badHexAddresses(_ text: String) {
        #expect(TronAddress.validate(text).valid == false)
        #expect(TronAddress.validate(text).reason?.isEmpty == false)
    }

    @Test("a private key never prints its secret")
    func keyIsRedacted() throws {
        let hex = "91b2fce7683d596b01a0334b34ee36518c3b452f6f14698beaa6dc563b9881f7"
        let key = try PrivateKey(hex: hex)
        var dumped = ""
        dump(key, to: &dumped)
        for text in ["\(key)", String(describing: key), String(reflecting: key), dumped, "\([key])"] {
            #expect(!text.contains(hex))
            #expect(!text.lowercased().contains("91b2fce7"))
        }
        #expect("\(key)" == "PrivateKey(<redacted>)")
    }

    @Test(
        "invalid private keys are refused",
        arguments: [
            "", "00", String(repeating: "0", count: 64),
            "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",  // the curve order n
            String(repeating: "g", count: 64),
        ])
    func badKeys(_ hex: String) {
        #expect(throws: TronKitError.self) { try PrivateKey(hex: hex) }
    }

    @Test("signatures are low-s, verify, and recover")
    func signVerifyRecover() throws {
        let key = PrivateKey.random()
        let halfOrder = try Hex.decode("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0")
        for i in 0..<50 {
            let digest = SHA256Digest.hash(Array("message \(i)".utf8))
            let sig = try key.sign(digest: digest)
            let s = Array(sig.compact[32..<64])
            #expect(!s.lexicographicallyPrecedes(halfOrder) || s != halfOrder)
            #expect(s.lexicographicallyPrecedes(halfOrder) || s == halfOrder, "high-s signature")
            #expect(Secp256k1.verify(signature: sig, digest: digest, publicKey: key.publicKey))
            #expect(try sig.recoverAddress(digest: digest) == key.address)
            let other = SHA256Digest.hash(Array("other".utf8))
            #expect(!Secp256k1.verify(signature: sig, digest: other, publicKey: key.publicKey))
        }
    }

    @Test("malformed signatures are refused", arguments: [0, 64, 66])
    func badSignatures(_ length: Int) {
        #expect(throws: TronKitError.self) { try RecoverableSignature(bytes: [UInt8](repeating: 1, count: length)) }
    }

    @Test("key files: 0600, round-trip, no secret in errors")
    func keyFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tronkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = PrivateKey.random()
        let path = dir.appendingPathComponent("k").path
        try PrivateKeyFile.write(key, to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try PrivateKeyFile.read(path).address == key.address)
        let bad = dir.appendingPathComponent("bad").path
        try Data("not-a-key-but-secret-looking-text".utf8).write(to: URL(fileURLWithPath: bad))
        do {
            _ = try PrivateKeyFile.read(bad)
            Issue.record("expected a failure")
        } catch {
            #expect(!error.description.contains("secret-looking"))
        }
    }
}
