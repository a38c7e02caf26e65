import ArgumentParser
import Foundation
import LucidJSON

/// `lucidctl staking …`: the staking API through the gateway, JSON out. Operations need a token
/// with `staking:manage`; reads need `staking:read`.
struct StakingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staking", abstract: "Stake TRX for energy, delegate it, vote, and plan (through the gateway).",
        subcommands: [
            Stake.self, Unstake.self, Withdraw.self, Delegate.self, Undelegate.self, Vote.self, WithdrawRewards.self,
            Status.self, Plan.self, Operations.self, Get.self,
        ])

    /// Options every operation takes.
    struct OperationOptions: ParsableArguments {
        @OptionGroup var gateway: GatewayOptions
        @Option(help: "Idempotency-Key (send the same one to retry safely; a new one is made when omitted).")
        var idempotencyKey: String?
        @Option(help: "A note kept with the operation.") var note: String?

        func post(_ path: String, _ members: [(String, JSONValue)]) async throws {
            var m = members
            if let note { m.append(("note", .string(note))) }
            let key = idempotencyKey ?? "lucidctl-" + UUID().uuidString.lowercased()
            if idempotencyKey == nil {
                FileHandle.standardError.write(Data("lucidctl: Idempotency-Key \(key)\n".utf8))
            }
            try await gateway.call(.POST, "/api/v1/staking/" + path, body: .object(m), idempotencyKey: key)
        }
    }

    /// The TRX an operation moves and the resource it is for.
    struct AmountOptions: ParsableArguments {
        @Option(help: "TRX (decimal, at most 6 decimals).") var amount: String
        @Option(help: "ENERGY or BANDWIDTH.") var resource = "ENERGY"

        var members: [(String, JSONValue)] { [("amount_trx", .string(amount)), ("resource", .string(resource))] }
    }

    struct Stake: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stake TRX for ENERGY or BANDWIDTH.")
        @OptionGroup var options: OperationOptions
        @OptionGroup var amount: AmountOptions
        func run() async throws { try await options.post("stake", amount.members) }
    }

    struct Unstake: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Unstake TRX (withdrawable after the network's delay).")
        @OptionGroup var options: OperationOptions
        @OptionGroup var amount: AmountOptions
        func run() async throws { try await options.post("unstake", amount.members) }
    }

    struct Withdraw: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw unstaked TRX whose delay has passed.")
        @OptionGroup var options: OperationOptions
        func run() async throws { try await options.post("withdraw", []) }
    }

    struct Delegate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lend staked energy or bandwidth to an account.")
        @OptionGroup var options: OperationOptions
        @OptionGroup var amount: AmountOptions
        @Option(help: "The receiving account (T…).") var receiver: String
        @Option(help: "Lock the delegation for this many 3-second blocks (0: 3 days); unlocked when omitted.")
        var lockPeriod: Int64?
        func run() async throws {
            var m = amount.members + [("receiver_address", .string(receiver))]
            if let lockPeriod { m.append(("lock_period", .int(lockPeriod))) }
            try await options.post("delegate", m)
        }
    }

    struct Undelegate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take lent stake back.")
        @OptionGroup var options: OperationOptions
        @OptionGroup var amount: AmountOptions
        @Option(help: "The account it was lent to (T…).") var receiver: String
        func run() async throws {
            try await options.post("undelegate", amount.members + [("receiver_address", .string(receiver))])
        }
    }

    struct Vote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the hot wallet's votes.")
        @OptionGroup var options: OperationOptions
        @Option(help: "WITNESS=COUNT (repeatable), e.g. TXYZ…=1000.") var vote: [String]
        func run() async throws {
            var votes: [JSONValue] = []
            for v in vote {
                let parts = v.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let count = Int64(parts[1]) else {
                    throw LucidctlError("--vote \(v): expected WITNESS=COUNT")
                }
                votes.append(.object([("witness_address", .string(parts[0])), ("count", .int(count))]))
            }
            try await options.post("vote", [("votes", .array(votes))])
        }
    }

    struct WithdrawRewards: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rewards-withdraw", abstract: "Withdraw the voting rewards.")
        @OptionGroup var options: OperationOptions
        func run() async throws { try await options.post("rewards/withdraw", []) }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stake, delegations, pending unstakes, energy, votes and rewards now.")
        @OptionGroup var gateway: GatewayOptions
        func run() async throws { try await gateway.call(.GET, "/api/v1/staking/status") }
    }

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Energy the payouts need, what the stake yields, TRX burned, and the stake that covers it.")
        @OptionGroup var gateway: GatewayOptions
        func run() async throws { try await gateway.call(.GET, "/api/v1/staking/plan") }
    }

    struct Operations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staking operations, newest first.")
        @OptionGroup var gateway: GatewayOptions
        @Option(help: "At most this many (1-200).") var limit = 50
        @Option(help: "The next_cursor of the previous page.") var cursor: String?
        func run() async throws {
            var path = "/api/v1/staking/operations?limit=\(limit)"
            if let cursor {
                path += "&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }
            try await gateway.call(.GET, path)
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One staking operation by id.")
        @OptionGroup var gateway: GatewayOptions
        @Argument(help: "The operation id (st_…).") var id: String
        func run() async throws {
            let safe = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["_"])) ?? ""
            try await gateway.call(.GET, "/api/v1/staking/operations/" + safe)
        }
    }
}
