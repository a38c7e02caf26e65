import ArgumentParser
import Foundation
import LucidConfiguration
import TronKit

/// `lucidctl keystore new|import|address|change-password`: the wallet's hot key at rest, in the
/// Web3 Secret Storage v3 format. Passwords come from files, never from arguments or the terminal.
struct KeystoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keystore", abstract: "The hot key in an encrypted keystore (Web3 Secret Storage v3).",
        subcommands: [New.self, Import.self, Address.self, ChangePassword.self])

    struct Target: ParsableArguments {
        @Option(help: "The keystore file (the wallet's WALLET_KEYSTORE_FILE).") var keystore: String
        @Option(help: "File holding the password (one trailing newline is ignored).") var passwordFile: String
        @Option(help: "scrypt cost N for the file written (a power of two; 262144 is the standard).")
        var scryptN = Keystore.standardScryptN
    }

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a key and write it encrypted; prints its address. Refuses to overwrite.")
        @OptionGroup var target: Target

        func run() throws {
            try KeystoreCommand.write(PrivateKey.random(), target, overwrite: false)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Encrypt an existing key (64 hex digits) into a keystore. Refuses to overwrite.")
        @OptionGroup var target: Target
        @Option(help: "File holding the key as 64 hex digits, or - for stdin.") var privateKeyFile: String

        func run() throws {
            try KeystoreCommand.write(
                try failing { try PrivateKeyFile.read(privateKeyFile) }, target, overwrite: false)
        }
    }

    struct Address: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a keystore's address; with --password-file, decrypt to prove the password.")
        @Option(help: "The keystore file.") var keystore: String
        @Option(help: "File holding the password (optional).") var passwordFile: String?

        func run() throws {
            let address = try failing { () throws -> TronAddress in
                let json = try KeystoreCommand.read(keystore)
                if let passwordFile {
                    return try Keystore.decrypt(json, password: try KeystoreCommand.password(passwordFile)).address
                }
                guard let stated = try Keystore.address(json) else {
                    throw TronKitError.invalidKeystore("the keystore has no address field; give --password-file")
                }
                return stated
            }
            emit(
                .object([
                    ("base58", .string(address.base58)), ("hex", .string(address.hex)),
                    ("decrypted", .bool(passwordFile != nil)),
                ]))
        }
    }

    struct ChangePassword: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change-password",
            abstract: "Re-encrypt a keystore under a new password (fresh salt and IV), replacing it atomically.")
        @OptionGroup var target: Target
        @Option(help: "File holding the new password.") var newPasswordFile: String

        func run() throws {
            let key = try failing {
                try Keystore.decrypt(
                    try KeystoreCommand.read(target.keystore),
                    password: try KeystoreCommand.password(target.passwordFile))
            }
            var next = target
            next.passwordFile = newPasswordFile
            try KeystoreCommand.write(key, next, overwrite: true)
        }
    }

    /// The password in `path`, or a clean CLI failure.
    static func password(_ path: String) throws -> [UInt8] {
        do { return try SecretFile.read(path) } catch { fail("password file: \(error.message)") }
    }

    static func read(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TronKitError.invalidKeystore("cannot read \(path)")
        }
        return data
    }

    /// Encrypts and writes with owner-only permissions: a temporary file, then a rename.
    static func write(_ key: PrivateKey, _ target: Target, overwrite: Bool) throws {
        let fm = FileManager.default
        if !overwrite, fm.fileExists(atPath: target.keystore) {
            fail("\(target.keystore) exists; not overwriting a key")
        }
        let json = try failing {
            try Keystore.encrypt(
                key, password: try KeystoreCommand.password(target.passwordFile), scryptN: target.scryptN)
        }
        let dir = (target.keystore as NSString).deletingLastPathComponent
        if !dir.isEmpty { try? fm.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let temporary = target.keystore + ".tmp-\(getpid())"
        guard fm.createFile(atPath: temporary, contents: json, attributes: [.posixPermissions: 0o600]),
            rename(temporary, target.keystore) == 0
        else {
            try? fm.removeItem(atPath: temporary)
            fail("cannot write \(target.keystore)")
        }
        emit(
            .object([
                ("keystore", .string(target.keystore)), ("base58", .string(key.address.base58)),
                ("hex", .string(key.address.hex)),
            ]))
    }
}
