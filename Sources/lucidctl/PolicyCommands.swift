import ArgumentParser
import Foundation
import Gateway
import Policy
import TronKit

/// `lucidctl policy`: check, explain and query the plane ACL and roles.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check and query the plane ACL (acl/*.acl) and roles.",
        subcommands: [Check.self, Explain.self, Can.self, Roles.self, AddressAllow.self])

    static let defaultFiles = ["acl/planes.acl", "acl/roles.acl"]

    /// Loads and compiles, printing every problem on stderr and exiting 1 when invalid.
    static func load(_ files: [String]) throws -> CompiledPolicy {
        do { return try PolicyLoader.load(files: files) } catch {
            FileHandle.standardError.write(Data("lucidctl: error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    struct AddressAllow: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ipallow",
            abstract: "Print the systemd IPAddressDeny/IPAddressAllow lines a service's plane rules imply.",
            discussion: """
                Every peer service is on this host (localhost) unless --address places it elsewhere; an external                 reached via tor is tor's SocksPort on localhost. Exits 1 when a rule lets the service reach an                 external directly (no address list can hold that). The shipped units carry exactly these lines.
                """)
        @Argument(help: "The .acl files.") var files: [String] = PolicyCommand.defaultFiles
        @Option(help: "The service whose unit the lines are for.") var service: String
        @Option(help: "Where a peer service runs, NAME=ADDRESS (an IP or CIDR; repeatable).") var address: [String] = []

        func run() throws {
            var addresses: [String: String] = [:]
            for a in address {
                let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    fail("--address expects NAME=ADDRESS")
                }
                addresses[parts[0]] = parts[1]
            }
            do {
                let list = try AddressAllowList(
                    try PolicyLoader.document(files: files), service: service, addresses: addresses)
                print("# \(service), from \(files.joined(separator: " ")) (lucidctl policy ipallow):")
                for p in list.peers { print("#   \(p.rule): \(p.peer) at \(p.address)") }
                for line in list.unitLines { print(line) }
            } catch { fail(error.description) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate policy files; exit 1 when any error is found.",
            discussion: """
                With --spec, also report every plane rule into the wallet broader than the operations the \
                spec forwards to it (plus its health probes, GET /health/live and /health/ready), as \
                errors with code PLANE_RULE_BROADER_THAN_SPEC.
                """)
        @Argument(help: "The .acl files (together they form one policy).") var files: [String]
        @Flag(help: "Treat Tor-less egress and dead allows as errors.") var strict = false
        @Option(help: "The OpenAPI spec whose wallet operations the plane rules must not exceed.") var spec: String?
        @Option(help: "The service whose rules are compared with the spec.") var service = "lucid-wallet"

        /// The wallet's health probes, which the gateway's `/health/ready` calls; not spec operations.
        static let probes: [(method: String, template: String)] = [("GET", "/health/live"), ("GET", "/health/ready")]

        func run() throws {
            let doc: PolicyDocument
            do { doc = try PolicyLoader.document(files: files) } catch {
                emit(.object([("valid", .bool(false)), ("error", .string(error.description))]))
                FileHandle.standardError.write(Data("lucidctl: error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
            var issues = PolicyValidator.validate(doc, strict: strict)
            if let spec {
                let api: APISpec
                do { api = try APISpec.load(path: spec) } catch {
                    FileHandle.standardError.write(Data("lucidctl: error: \(error)\n".utf8))
                    throw ExitCode(1)
                }
                let operations =
                    api.operations.all.filter { $0.local == nil }.map { (method: $0.method, template: $0.pathTemplate) }
                    + Self.probes
                issues += SpecCoverage.broader(doc, target: service, operations: operations).map {
                    PolicyIssue(.error, "PLANE_RULE_BROADER_THAN_SPEC", $0.message, at: $0.location)
                }
            }
            let valid = !issues.contains { $0.severity == .error }
            emit(
                .object([
                    ("valid", .bool(valid)), ("strict", .bool(strict)), ("rules", .int(doc.rules.count)),
                    (
                        "issues",
                        .array(
                            issues.map {
                                .object([
                                    ("severity", .string($0.severity.rawValue)), ("code", .string($0.code)),
                                    ("message", .string($0.message)), ("location", .string($0.location.description)),
                                ])
                            })
                    ),
                ]))
            if !valid { throw ExitCode(1) }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide one request and show every rule that matched; exit 1 on deny.")
        @Option(help: "Source as PLANE/SERVICE.") var from: String
        @Option(help: "Target as PLANE/SERVICE or external:NAME.") var to: String
        @Option(help: "HTTP method.") var method = "GET"
        @Option(help: "Canonical path.") var path = "/"
        @Option(help: "Transport: direct or tor.") var via = "direct"
        @Option(help: "Policy files.") var files: [String] = PolicyCommand.defaultFiles

        func run() throws {
            let policy = try PolicyCommand.load(files)
            let source = try PolicyCommand.service(from, in: policy)
            let request: AccessRequest
            if to.hasPrefix("external:") {
                request = AccessRequest(
                    from: source, toExternal: String(to.dropFirst(9)), transport: via, method: method.uppercased(),
                    path: path)
            } else {
                request = AccessRequest(
                    from: source, to: try PolicyCommand.service(to, in: policy), transport: via,
                    method: method.uppercased(), path: path)
            }
            let (d, allows, denies) = policy.explain(request)
            emit(
                .object([
                    ("allowed", .bool(d.allowed)), ("code", .string(d.code.rawValue)),
                    ("rule", d.ruleName.map { .string($0) } ?? .null),
                    ("reason", d.reason.map { .string($0) } ?? .null),
                    ("matching_allows", .array(allows.map { .string($0) })),
                    ("matching_denies", .array(denies.map { .string($0) })),
                ]))
            if !d.allowed { throw ExitCode(1) }
        }
    }

    struct Can: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Can anything in one plane reach another plane (or external:NAME)? Exit 1 when not.")
        @Option(help: "Source plane.") var from: String
        @Option(help: "Target plane or external:NAME.") var to: String
        @Option(help: "Policy files.") var files: [String] = PolicyCommand.defaultFiles

        func run() throws {
            let policy = try PolicyCommand.load(files)
            let paths = policy.reach(from: from, to: to)
            emit(
                .object([
                    ("reachable", .bool(!paths.isEmpty)),
                    (
                        "paths",
                        .array(
                            paths.map {
                                .object([
                                    ("source", .string($0.source)), ("target", .string($0.target)),
                                    ("rule", .string($0.rule)),
                                ])
                            })
                    ),
                ]))
            if paths.isEmpty { throw ExitCode(1) }
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who may do what: each role's permissions and scope.")
        @Option(help: "Policy files.") var files: [String] = PolicyCommand.defaultFiles

        func run() throws {
            let roles = try PolicyCommand.load(files).roles
            emit(
                .object(
                    roles.names.map { name in
                        (
                            name,
                            .object([
                                ("permissions", .array(roles.permissions(of: name).sorted().map { .string($0) })),
                                ("scope", .string(roles.scope(of: name).rawValue)),
                            ])
                        )
                    }))
        }
    }

    /// `PLANE/SERVICE` → SERVICE, checking both names against the inventory.
    static func service(_ text: String, in policy: CompiledPolicy) throws -> String {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let svc = policy.document.services.first(where: { $0.name == parts[1] }),
            svc.plane == parts[0]
        else {
            FileHandle.standardError.write(
                Data("lucidctl: error: \(text) is not PLANE/SERVICE of the inventory\n".utf8))
            throw ExitCode(1)
        }
        return svc.name
    }
}
