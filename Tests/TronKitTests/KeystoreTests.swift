import Foundation
import Testing
import TronKit

@Suite("Keystore (Web3 Secret Storage v3)")
struct KeystoreTests {
    let password = Array("correct horse battery staple".utf8)

    @Test("a key survives encrypt → decrypt, and the file states its address")
    func roundTrip() throws {
        let key = PrivateKey.random()
        let json = try Keystore.encrypt(key, password: password, scryptN: 1 << 12)
        let back = try Keystore.decrypt(json, password: password)
        #expect(back.address == key.address)
        #expect(back.withUnsafeSecretBytes { Array($0) } == key.withUnsafeSecretBytes { Array($0) })
        #expect(try Keystore.address(json) == key.address)
        let text = String(decoding: json, as: UTF8.self)
        #expect(!text.contains(key.withUnsafeSecretBytes { Hex.encode($0) }))
        #expect(text.contains(#""kdf":"scrypt""#) && text.contains(#""cipher":"aes-128-ctr""#))
    }

    @Test("two encryptions of one key differ (fresh salt and IV)")
    func freshSalt() throws {
        let key = PrivateKey.random()
        let a = try Keystore.encrypt(key, password: password, scryptN: 1 << 10)
        let b = try Keystore.encrypt(key, password: password, scryptN: 1 << 10)
        #expect(a != b)
    }

    @Test("files written by eth-keyfile (PyPI) decrypt to their keys", arguments: ["scrypt", "pbkdf2"])
    func independentFiles(kdf: String) throws {
        let url = try #require(
            Bundle.module.url(forResource: "eth_keyfile_keystores", withExtension: "json", subdirectory: "Fixtures"))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        let c = try #require(cases.first { $0["kdf"] as? String == kdf })
        let file = try JSONSerialization.data(withJSONObject: try #require(c["keystore"]))
        let key = try Keystore.decrypt(file, password: Array(try #require(root["password"] as? String).utf8))
        #expect(key.withUnsafeSecretBytes { Hex.encode($0) } == c["private_key"] as? String)
        #expect(key.address.hex == c["tron_hex"] as? String)
    }

    @Test("a wrong password, a flipped ciphertext bit or a foreign address field is refused")
    func refusals() throws {
        let key = PrivateKey.random()
        let json = try Keystore.encrypt(key, password: password, scryptN: 1 << 10)
        #expect(throws: TronKitError.invalidKeystore("wrong password (the keystore MAC does not match)")) {
            try Keystore.decrypt(json, password: Array("wrong".utf8))
        }
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var crypto = try #require(object["crypto"] as? [String: Any])
        var ciphertext = Array(try #require(crypto["ciphertext"] as? String))
        ciphertext[0] = ciphertext[0] == "0" ? "1" : "0"
        crypto["ciphertext"] = String(ciphertext)
        object["crypto"] = crypto
        #expect(throws: TronKitError.self) {
            try Keystore.decrypt(try JSONSerialization.data(withJSONObject: object), password: password)
        }
        var foreign = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        foreign["address"] = Hex.encode(PrivateKey.random().address.bytes.dropFirst())
        #expect(throws: TronKitError.invalidKeystore("the key does not match the keystore's address field")) {
            try Keystore.decrypt(try JSONSerialization.data(withJSONObject: foreign), password: password)
        }
    }

    @Test(
        "hostile parameters are refused before any work",
        arguments: [
            #"{"n": 2097152, "r": 8, "p": 1}"#, #"{"n": 1000, "r": 8, "p": 1}"#, #"{"n": 1024, "r": 64, "p": 1}"#,
            #"{"n": 1024, "r": 8, "p": 16}"#,
        ])
    func hostileParameters(params: String) throws {
        let json = try Keystore.encrypt(PrivateKey.random(), password: password, scryptN: 1 << 10)
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var crypto = try #require(object["crypto"] as? [String: Any])
        var kdf = try #require(crypto["kdfparams"] as? [String: Any])
        let override = try #require(try JSONSerialization.jsonObject(with: Data(params.utf8)) as? [String: Any])
        kdf.merge(override) { $1 }
        crypto["kdfparams"] = kdf
        object["crypto"] = crypto
        let error = #expect(throws: TronKitError.self) {
            try Keystore.decrypt(try JSONSerialization.data(withJSONObject: object), password: self.password)
        }
        #expect(error?.reason.contains("out of bounds") == true)
    }

    @Test("malformed files get a clear error", arguments: ["", "{}", #"{"version": 1, "crypto": {}}"#, "[1,2]"])
    func malformed(text: String) {
        #expect(throws: TronKitError.self) { try Keystore.decrypt(Data(text.utf8), password: password) }
    }
}
