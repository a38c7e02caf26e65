import ArgumentParser
import Foundation
import Gateway
import Policy
import TronKit

/// `lucidctl service-account add|list|revoke`: OAuth clients of `POST /auth/token`.
struct ServiceAccount: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service-account", abstract: "Service accounts (client credentials) of the gateway.",
        subcommands: [Add.self, List.self, Revoke.self])

    struct Options: ParsableArguments {
        @Option(help: "The gateway's service-account file (LUCID_SERVICE_ACCOUNTS).")
        var file = "data/gateway/service-accounts.json"
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; prints its client_id and client_secret (shown only now).")
        @OptionGroup var options: Options
        @Option(help: "Role from acl/roles.acl (usually service).") var role = "service"
        @Option(help: "A node id the account owns (node_operator role; repeatable).") var nodeId: [String] = []
        @Option(help: "Policy files defining the roles.") var policy: [String] = ["acl/planes.acl", "acl/roles.acl"]

        func run() throws {
            let roles: RoleTable
            do { roles = try PolicyLoader.load(files: policy).roles } catch { fail("cannot load the roles: \(error)") }
            guard roles.names.contains(role) else {
                fail("unknown role \(role); known: \(roles.names.joined(separator: ", "))")
            }
            let store = ServiceAccountStore(path: options.file)
            do {
                let (account, secret) = try store.add(role: role, nodeIDs: nodeId.isEmpty ? nil : nodeId)
                emit(
                    .object([
                        ("client_id", .string(account.clientID)), ("client_secret", .string(secret)),
                        ("role", .string(account.role)),
                    ]))
            } catch { fail("\(error)") }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts (never their secrets).")
        @OptionGroup var options: Options

        func run() throws {
            do {
                let accounts = try ServiceAccountStore(path: options.file).list()
                emit(
                    .array(
                        accounts.map { a in
                            .object([
                                ("client_id", .string(a.clientID)), ("role", .string(a.role)),
                                ("node_ids", a.nodeIDs.map { .array($0.map { .string($0) }) } ?? .null),
                                ("created_at", .int(a.createdAt)),
                                ("revoked_at", a.revokedAt.map { .int($0) } ?? .null),
                            ])
                        }))
            } catch { fail("\(error)") }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an account: no new tokens from now on (issued ones live at most 15 minutes).")
        @OptionGroup var options: Options
        @Argument(help: "The client_id.") var clientID: String

        func run() throws {
            do {
                let a = try ServiceAccountStore(path: options.file).revoke(clientID)
                emit(.object([("client_id", .string(a.clientID)), ("revoked_at", .int(a.revokedAt ?? 0))]))
            } catch { fail("\(error)") }
        }
    }
}
