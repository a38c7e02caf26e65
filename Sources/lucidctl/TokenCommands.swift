import ArgumentParser
import Foundation
import Gateway
import Policy
import TronKit

/// `lucidctl token keygen|issue|jwks`: the gateway's own ES256 signing key, offline.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bearer tokens signed with the gateway's key (offline; for admins and operators).",
        subcommands: [Keygen.self, Issue.self, JWKS.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new P-256 signing key (PEM, mode 0600) for LUCID_GATEWAY_SIGNING_KEY_FILE.")
        @Option(help: "Where to write the key; refuses to overwrite.") var out: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: out) else { fail("\(out) exists; not overwriting a key") }
            let dir = (out as NSString).deletingLastPathComponent
            if !dir.isEmpty { try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data(TokenIssuer.generatePEM().utf8), attributes: [.posixPermissions: 0o600])
            else { fail("cannot write \(out)") }
            emit(.object([("key_file", .string(out))]))
        }
    }

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue an access token; prints {\"access_token\", \"expires_in\", ...}.")
        @Option(help: "The gateway's signing key (PEM).") var keyFile: String
        @Option(help: "Subject (who the token is for).") var sub: String
        @Option(help: "Role from acl/roles.acl.") var role: String
        @Option(help: "A node id the caller owns (node operators; repeatable).") var nodeId: [String] = []
        @Option(help: "Lifetime in seconds (60...86400).") var ttl = 900
        @Option(help: "Issuer (the gateway's LUCID_GATEWAY_ISSUER).") var issuer = "lucid-gateway"
        @Option(help: "Audience (the gateway's LUCID_GATEWAY_AUDIENCE).") var audience = "lucid-api"
        @Option(help: "Policy files defining the roles.") var policy: [String] = ["acl/planes.acl", "acl/roles.acl"]

        func run() async throws {
            guard (60...86_400).contains(ttl) else { fail("--ttl must be 60...86400 seconds") }
            guard !sub.isEmpty, sub.utf8.count <= 256 else { fail("--sub must be 1-256 bytes") }
            let roles: RoleTable
            do { roles = try PolicyLoader.load(files: policy).roles } catch { fail("cannot load the roles: \(error)") }
            guard roles.names.contains(role) else {
                fail("unknown role \(role); known: \(roles.names.joined(separator: ", "))")
            }
            let signer = loadIssuer(keyFile, issuer: issuer, audience: audience)
            let token = try await signer.issue(
                subject: sub, role: role, nodeIDs: nodeId.isEmpty ? nil : nodeId, ttlSeconds: ttl)
            emit(
                .object([
                    ("access_token", .string(token)), ("token_type", .string("Bearer")), ("expires_in", .int(ttl)),
                    ("sub", .string(sub)), ("role", .string(role)),
                ]))
        }
    }

    struct JWKS: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the public JWKS of a signing key.")
        @Option(help: "The gateway's signing key (PEM).") var keyFile: String

        func run() throws {
            print(loadIssuer(keyFile, issuer: "lucid-gateway", audience: "lucid-api").jwks)
        }
    }
}

func loadIssuer(_ keyFile: String, issuer: String, audience: String) -> TokenIssuer {
    guard let pem = FileManager.default.contents(atPath: keyFile).flatMap({ String(data: $0, encoding: .utf8) }) else {
        fail("cannot read key file \(keyFile)")
    }
    do { return try TokenIssuer(pem: pem, issuer: issuer, audience: audience) } catch { fail("\(error)") }
}

/// Prints `message` to stderr and exits 1.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("lucidctl: error: \(message)\n".utf8))
    exit(1)
}
