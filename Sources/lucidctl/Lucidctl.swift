import ArgumentParser
import Foundation
import LucidAssertion
import LucidConfiguration
import LucidJSON
import TronKit

/// `lucidctl`: the operator toolbox. JSON on stdout; errors on stderr with a non-zero exit.
@main
struct Lucidctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lucidctl", abstract: "Operator toolbox for the Lucid payout gateway.",
        version: BuildInfo.line("lucidctl"),
        subcommands: [
            Tron.self, Assertion.self, PolicyCommand.self, Token.self, ServiceAccount.self, KeystoreCommand.self,
            AuditCommand.self, TorCommand.self, ConfigCommand.self, BackupCommand.self, RestoreCommand.self,
            StakingCommand.self,
        ])
}

struct Assertion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Internal gateway → wallet assertions (for operators talking to the wallet directly).",
        subcommands: [Mint.self])

    struct Mint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mint a Lucid-Assertion for one request; prints {\"header\", \"assertion\"}.")
        @Option(help: "File holding kid:hex-secret (the wallet's LUCID_ASSERTION_KEY).") var keyFile: String
        @Option(help: "Issuer of the caller's token (its namespace).") var issuer = "lucid-gateway"
        @Option(help: "Subject (who is calling).") var sub: String
        @Option(help: "Role: admin, node_operator, end_user, service, compliance.") var role: String
        @Option(help: "A permission, e.g. payment:create (repeatable).") var perm: [String] = []
        @Option(help: "Ownership scope: all, own_nodes (with --node-id) or own_user.") var scope = "all"
        @Option(help: "A node id the caller owns (with --scope own_nodes; repeatable).") var nodeId: [String] = []
        @Option(help: "HTTP method of the request.") var method: String
        @Option(help: "Path and query exactly as sent, e.g. /api/v1/payouts?limit=10.") var path: String
        @Option(help: "File with the exact request body (omit for none).") var bodyFile: String?
        @Option(help: "Lifetime in seconds (at most 30).") var ttl = 20

        func run() async throws {
            let (key, body) = try failing { () throws -> (AssertionKey, [UInt8]) in
                guard let data = FileManager.default.contents(atPath: keyFile),
                    let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines)
                else { throw LucidctlError("cannot read key file \(keyFile)") }
                guard let key = try? AssertionKey(parsing: text) else {
                    throw LucidctlError(
                        "the key file must hold kid:hex-secret with at least 32 secret bytes")
                }
                guard (1...30).contains(ttl) else { throw LucidctlError("--ttl must be 1...30 seconds") }
                var body: [UInt8] = []
                if let bodyFile {
                    guard let d = FileManager.default.contents(atPath: bodyFile) else {
                        throw LucidctlError("cannot read body file \(bodyFile)")
                    }
                    body = Array(d)
                }
                return (key, body)
            }
            guard let ownership = Principal.Scope(name: scope, nodeIDs: nodeId.isEmpty ? nil : nodeId) else {
                fail("--scope must be all, own_nodes or own_user; --node-id only with own_nodes")
            }
            guard Principal.isValidIssuer(issuer) else { fail("--issuer must be 1-256 bytes without '#' or spaces") }
            let principal = Principal(
                issuer: issuer, subject: sub, role: role, permissions: Set(perm), scope: ownership,
                requestID: UUID().uuidString)
            let token = try await InternalAssertion.mint(
                principal, method: method.uppercased(), pathAndQuery: path, body: body, key: key,
                lifetime: TimeInterval(ttl))
            emit(.object([("header", .string(InternalAssertion.header)), ("assertion", .string(token))]))
        }
    }
}

struct Tron: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "TRON tools: addresses, offline building, signing and decoding.",
        subcommands: [Address.self, ValidateAddress.self, Decode.self, BuildTRC20.self, Sign.self])
}

/// Prints a JSON value on stdout.
func emit(_ value: JSONValue) { print(value.serialized) }

/// Turns a library or usage error into a clean CLI failure (stderr, exit 1).
func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as TronKitError {
        FileHandle.standardError.write(Data("lucidctl: error: \(e.reason)\n".utf8))
        throw ExitCode(1)
    } catch let e as LucidctlError {
        FileHandle.standardError.write(Data("lucidctl: error: \(e)\n".utf8))
        throw ExitCode(1)
    }
}

extension Tron {
    struct Address: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the address of a private key.")
        @Option(help: "File holding the key as 64 hex digits, or - for stdin.") var privateKeyFile: String

        func run() throws {
            let key = try failing { try PrivateKeyFile.read(privateKeyFile) }
            emit(.object([("base58", .string(key.address.base58)), ("hex", .string(key.address.hex))]))
        }
    }

    struct ValidateAddress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate-address",
            abstract: "Exit 0 when ADDR is a valid TRON address, 1 with the reason when not.")
        @Argument(help: "Base58Check (T…) or hex (41…) address.") var address: String

        func run() throws {
            let a = try failing { try TronAddress(address) }
            emit(.object([("valid", .bool(true)), ("base58", .string(a.base58)), ("hex", .string(a.hex))]))
        }
    }

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decode a signed transaction or a raw_data: txID, contract, amounts, memo, limits, signers.")
        @Argument(help: "Hex of a signed Transaction or of a Transaction.raw.") var hex: String

        func run() throws { emit(try failing { try TransactionSummary(hex: hex) }.json) }
    }

    struct BuildTRC20: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build-trc20", abstract: "Build an unsigned TRC-20 transfer offline (for air-gapped signing).")
        @Option(help: "Token contract address.") var contract: String
        @Option(help: "Sender (owner) address.") var from: String
        @Option(help: "Recipient address.") var to: String
        @Option(help: "Amount as a decimal, e.g. 12.5.") var amount: String
        @Option(help: "Token decimals (USDT: 6).") var decimals = 6
        @Option(help: "fee_limit in sun.") var feeLimit: Int64
        @Option(help: "Reference block id (64 hex), e.g. the solid block's blockID.") var refBlockId: String
        @Option(help: "Expiration, ms since the epoch.") var expiration: Int64
        @Option(help: "Creation timestamp, ms since the epoch.") var timestamp: Int64
        @Option(help: "Memo stored in raw_data.data.") var memo: String?

        func run() throws {
            let raw = try failing {
                guard (0...18).contains(decimals) else { throw TronKitError.invalidAmount("decimals must be 0...18") }
                let units = try DecimalAmount.parse(amount, decimals: decimals)
                return try TransactionBuilder(
                    refBlock: try BlockID(hex: refBlockId), timestamp: timestamp, expiration: expiration
                ).trc20Transfer(
                    contract: try TronAddress(contract), from: try TronAddress(from), to: try TronAddress(to),
                    amount: UInt64(units), feeLimit: feeLimit, memo: memo)
            }
            emit(
                .object([
                    ("txID", .string(Hex.encode(raw.txID))), ("raw_data_hex", .string(Hex.encode(raw.protobuf))),
                    ("raw_data", TransactionJSON.rawData(raw, visible: false)),
                ]))
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a raw_data offline (RFC 6979, low-s, v = 0/1).")
        @Option(help: "File holding the key as 64 hex digits, or - for stdin.") var privateKeyFile: String
        @Option(help: "Hex of the Transaction.raw to sign.") var rawDataHex: String
        @Flag(help: "Sign even when the transaction has already expired.") var allowExpired = false

        func run() throws {
            let (signed, key) = try failing {
                let key = try PrivateKeyFile.read(privateKeyFile)
                let bytes = try Hex.decode(rawDataHex.trimmingCharacters(in: .whitespacesAndNewlines))
                let unsigned = try Transaction(rawBytes: bytes)
                let raw = unsigned.raw
                let owner = try raw.singleContract().decoded().ownerAddress
                guard owner == nil || owner == key.address else {
                    throw TronKitError.invalidTransaction(
                        "the key's address \(key.address.base58) is not the owner \(owner!.base58)")
                }
                let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
                guard allowExpired || raw.expiration > nowMs else {
                    throw TronKitError.invalidTransaction(
                        "the transaction expired at \(raw.expiration) (use --allow-expired)")
                }
                // Signs the bytes exactly as given: the txID is the hash of these bytes.
                return (try unsigned.signed(with: key), key)
            }
            emit(
                .object([
                    ("txID", .string(signed.txIDHex)), ("signature", .string(Hex.encode(signed.signatures[0]))),
                    ("signer", .string(key.address.base58)),
                    ("signed_transaction_hex", .string(Hex.encode(signed.protobuf))),
                ]))
        }
    }
}
