import ArgumentParser
import Foundation
import LucidConfiguration
import TronKit

/// `lucidctl tor …`: files for the Tor side of a deployment.
struct TorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tor", abstract: "Tor files: client authorization for the admin onion.",
        subcommands: [AdminKey.self])

    struct AdminKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "admin-key",
            abstract: "Make an x25519 key pair for the admin onion's client authorization.",
            discussion: """
                Writes NAME.auth (copy it into the admin service's authorized_clients/ and restart tor) and
                NAME.auth_private (into the admin's ClientOnionAuthDir), both 0600 in a 0700 directory.
                Existing files are never overwritten. Prints {"name", "onion", "public_key", "auth_file",
                "auth_private_file"}.
                """)
        @Option(help: "The admin's name (letters, digits, '-', '_').") var name: String
        @Option(help: "The admin onion's address (with or without .onion).") var onion: String?
        @Option(help: "The admin service's hostname file (HiddenServiceDir/hostname) instead of --onion.")
        var hostnameFile: String?
        @Option(help: "Directory for the two files (created 0700).") var outDir: String

        func run() throws {
            guard (1...64).contains(name.utf8.count),
                name.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
            else { fail("--name must be 1-64 letters, digits, '-' or '_'") }
            let given: String
            switch (onion, hostnameFile) {
            case (let o?, nil): given = o
            case (nil, let file?):
                guard
                    let text = FileManager.default.contents(atPath: file).flatMap({ String(data: $0, encoding: .utf8) })
                else { fail("cannot read \(file)") }
                given = text.trimmingCharacters(in: .whitespacesAndNewlines)
            default: fail("give exactly one of --onion and --hostname-file")
            }
            let key = OnionClientKey()
            guard let address = OnionClientKey.v3Address(given), let privateLine = key.authPrivateLine(onion: address)
            else { fail("\(given.prefix(80)) is not a v3 onion address (56 base32 characters with a valid checksum)") }
            let fm = FileManager.default
            if !fm.fileExists(atPath: outDir) {
                do {
                    try fm.createDirectory(
                        atPath: outDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch { fail("cannot create \(outDir): \(error.localizedDescription)") }
            }
            let auth = (outDir as NSString).appendingPathComponent(name + ".auth")
            let authPrivate = (outDir as NSString).appendingPathComponent(name + ".auth_private")
            for path in [auth, authPrivate] where fm.fileExists(atPath: path) {
                fail("\(path) exists; choose another --name or --out-dir")
            }
            do {
                try SecretFile.create(authPrivate, contents: Array((privateLine + "\n").utf8))
                try SecretFile.create(auth, contents: Array((key.authLine + "\n").utf8))
            } catch { fail(error.message) }
            emit(
                .object([
                    ("name", .string(name)), ("onion", .string(address + ".onion")),
                    ("public_key", .string(key.publicKeyBase32)), ("auth_file", .string(auth)),
                    ("auth_private_file", .string(authPrivate)),
                ]))
        }
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
