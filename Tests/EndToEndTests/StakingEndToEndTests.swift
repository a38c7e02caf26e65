import Foundation
import LucidConfiguration
import LucidJSON
import TestSupport
import Testing
import TronKit

/// Staking end to end through the gateway (real processes): stake, payouts paid from staked energy,
/// delegate and undelegate, unstake and withdraw after the delay, vote and withdraw the rewards —
/// each bad request refused with java-tron's message and nothing stored.
@Suite struct StakingEndToEndTests {
    final class Session: @unchecked Sendable {
        let g: GatewayStack
        let admin: String
        var keys = 0

        init(_ g: GatewayStack, admin: String) {
            self.g = g
            self.admin = admin
        }

        func post(_ path: String, _ body: String) async throws -> GatewayStack.Reply {
            keys += 1
            return try await g.call(
                "POST", "/api/v1/staking/\(path)", token: admin, body: body, headers: ["Idempotency-Key": "st-\(keys)"])
        }

        /// Creates an operation and waits until the chain confirmed it.
        @discardableResult
        func confirm(_ path: String, _ body: String) async throws -> JSONValue {
            let r = try await post(path, body)
            #expect(r.status == 201, "\(path): \(r.text)")
            let id = try #require(r.json["id"]?.string)
            return try await poll("\(path) confirmed", timeout: .seconds(60)) { () async throws -> JSONValue? in
                let op = try await g.call("GET", "/api/v1/staking/operations/\(id)", token: admin).json
                #expect(op["status"]?.string != "failed", "\(op.serialized)")
                return op["status"]?.string == "confirmed" ? op : nil
            }
        }

        /// Expects a 409 CHAIN_REFUSED carrying `message`, and no new operation stored.
        func refused(_ path: String, _ body: String, _ message: String) async throws {
            let before = try await count()
            let r = try await post(path, body)
            #expect(r.status == 409 && r.json["code"]?.string == "CHAIN_REFUSED", "\(path): \(r.text)")
            #expect(r.json["detail"]?.string == message, "\(path)")
            #expect(r.headers["content-type"]?.hasPrefix("application/problem+json") == true)
            #expect(try await count() == before)
        }

        func count() async throws -> Int {
            try await g.call("GET", "/api/v1/staking/operations?limit=200", token: admin).json["operations"]?.array?
                .count ?? -1
        }

        func status() async throws -> JSONValue {
            try await g.call("GET", "/api/v1/staking/status", token: admin).json
        }
    }

    @Test func stakeDelegateUnstakeVoteThroughTheGateway() async throws {
        // Limits above the dev account's 1,000,000 TRX, so that the chain's own balance check speaks.
        let g = try await GatewayStack(
            walletEnv: ["STAKING_MAX_TRX_PER_OPERATION": "2000000", "STAKING_MAX_TRX_PER_DAY": "3000000"])
        defer { g.stop() }
        let s = Session(g, admin: try await g.issue(sub: "ops-admin", role: "admin"))
        let (clientID, secret) = try await g.addAccount(role: "service")
        let service = try await g.token(clientID: clientID, secret: secret)
        let hot = try TronAddress(base58: try #require(try await s.status()["address"]?.string))
        var nodeConfig = FullNodeConfiguration(fullNodeURL: g.stack.api)
        nodeConfig.callTimeout = .seconds(10)
        let node = FullNodeClient(configuration: nodeConfig)
        defer { Task { try? await node.shutdown() } }

        // Only staking:manage may stake; staking:read is the admin's too.
        let denied = try await g.call(
            "POST", "/api/v1/staking/stake", token: service, body: #"{"amount_trx":"1"}"#,
            headers: ["Idempotency-Key": "svc"])
        #expect(denied.status == 403 || denied.status == 404, "\(denied.text)")

        // Stake: the next payout's energy comes from the stake, no TRX burned for it.
        try await s.refused(
            "stake", #"{"amount_trx":"1000001"}"#, "frozenBalance must be less than or equal to accountBalance")
        try await s.confirm("stake", #"{"amount_trx":"5000","resource":"ENERGY"}"#)
        let body = #"{"recipient_address":"\#(PrivateKey.random().address.base58)","amount_usdt":"2.5"}"#
        let paid = try await g.call(
            "POST", "/api/v1/payouts", token: service, body: body, headers: ["Idempotency-Key": "pay-1"])
        let payoutID = try #require(paid.json["id"]?.string)
        let tx = try await poll("payout confirmed", timeout: .seconds(60)) { () async throws -> JSONValue? in
            let t = try await g.call("GET", "/api/v1/payouts/\(payoutID)/transaction", token: service).json
            return t["status"]?.string == "confirmed" ? t : nil
        }
        let txid = try #require(tx["txid"]?.string)
        let receipt = try #require(try await node.getTransactionInfo(id: txid, solid: true))
        #expect(receipt.receipt.energyUsage == 29_650 && receipt.receipt.energyFee == 0)
        #expect(tx["energy_used"]?.int64 == 29_650)

        // The plan reports what the chain shows: the stake's energy a day, the network's weight, and
        // the one payout's energy, none of it burned.
        let plan = try await g.call("GET", "/api/v1/staking/plan", token: s.admin).json
        let resource = try await node.getAccountResource(hot)
        #expect(plan["stake"]?["energy_per_day"]?.int64 == resource.energyLimit, "\(plan.serialized)")
        #expect(plan["chain"]?["total_energy_weight"]?.int64 == resource.totalEnergyWeight)
        #expect(plan["chain"]?["total_energy_limit"]?.int64 == resource.totalEnergyLimit)
        #expect(plan["history"]?["payouts"]?.int64 == 1 && plan["history"]?["energy_per_payout"]?.int64 == 29_650)
        #expect(plan["history"]?["trx_burned_for_energy"]?.string == "0" && plan["covered"]?.bool == true)

        // Delegate: refused to an inactive account; lent to an active one, and taken back.
        let stranger = PrivateKey.random().address
        try await s.refused(
            "delegate", #"{"amount_trx":"10","receiver_address":"\#(stranger.base58)"}"#,
            "Account[\(stranger.hex)] not exists")
        let friend = PrivateKey.random().address
        _ = try await httpPost(g.stack.admin + "/admin/fund", #"{"address":"\#(friend.base58)","trx":"1"}"#)
        try await s.confirm("delegate", #"{"amount_trx":"100","receiver_address":"\#(friend.base58)"}"#)
        #expect(try await s.status()["delegations"]?.array?.first?["energy_trx"]?.string == "100")
        try await s.confirm("undelegate", #"{"amount_trx":"100","receiver_address":"\#(friend.base58)"}"#)

        // Unstake, refused withdrawal before the delay, withdrawal once it has passed.
        try await s.confirm("unstake", #"{"amount_trx":"1000"}"#)
        let pending = try #require(try await s.status()["pending_unstakes"]?.array?.first)
        #expect(pending["amount_trx"]?.string == "1000" && pending["withdrawable"]?.bool == false)
        try await s.refused("withdraw", "{}", "no unFreeze balance to withdraw ")
        _ = try await httpPost(g.stack.admin + "/admin/expire-unfreezes", #"{"address":"\#(hot.base58)"}"#)
        let withdrawn = try await s.confirm("withdraw", "{}")
        #expect(withdrawn["chain"]?["withdrawn_trx"]?.string == "1000")

        // Vote with the remaining TRON Power, then withdraw the rewards it earned.
        let witness = try #require(try await node.listWitnesses().first).address
        try await s.refused(
            "vote", #"{"votes":[{"witness_address":"\#(witness.base58)","count":4001}]}"#,
            "The total number of votes[4001000000] is greater than the tronPower[4000000000]")
        try await s.confirm("vote", #"{"votes":[{"witness_address":"\#(witness.base58)","count":4000}]}"#)
        _ = try await poll("rewards", timeout: .seconds(60)) { () async throws -> Bool? in
            try await s.status()["unclaimed_rewards_trx"]?.string != "0" ? true : nil
        }
        let rewards = try await s.confirm("rewards/withdraw", "{}")
        #expect(rewards["chain"]?["withdrawn_trx"]?.string != "0")
        let final = try await s.status()
        #expect(final["staked"]?["energy_trx"]?.string == "4000")
        #expect(final["votes"]?.array?.first?["count"]?.int64 == 4000)
        #expect(final["tron_power"]?.int64 == 4000)

        // The daily limit (3,000,000 TRX): with 1,986,200 moved today, 1,013,801 more is refused
        // before the chain is asked.
        try await s.confirm("stake", #"{"amount_trx":"990000"}"#)
        try await s.confirm("unstake", #"{"amount_trx":"990000"}"#)
        let daily = try await s.post("unstake", #"{"amount_trx":"1013801"}"#)
        #expect(
            daily.status == 422 && daily.json["detail"]?.string?.contains("a day would be exceeded") == true,
            "\(daily.text)")

        // At most 32 pending unstakes: 31 more (one is pending), then the next is refused.
        var unstakes: [String] = []
        for _ in 0..<31 {
            let r = try await s.post("unstake", #"{"amount_trx":"0.000001"}"#)
            #expect(r.status == 201, "\(r.text)")
            unstakes.append(try #require(r.json["id"]?.string))
        }
        _ = try await poll("31 unstakes confirmed", timeout: .seconds(90)) { () async throws -> Bool? in
            for id in unstakes {
                let op = try await g.call("GET", "/api/v1/staking/operations/\(id)", token: s.admin).json
                if op["status"]?.string != "confirmed" { return nil }
            }
            return true
        }
        try await s.refused(
            "unstake", #"{"amount_trx":"1"}"#, "Invalid unfreeze operation, unfreezing times is over limit")

        // Malformed input: a problem, never a 5xx.
        for (path, bad) in [
            ("stake", #"{"amount_trx":"1","amount_trx":"2"}"#), ("stake", #"{"amount_trx":"-1"}"#),
            ("delegate", #"{"amount_trx":"1"}"#), ("vote", #"{"votes":[]}"#), ("withdraw", #"{"x":1}"#),
        ] {
            let r = try await s.post(path, bad)
            #expect((400..<500).contains(r.status), "\(path) \(bad): \(r.status) \(r.text)")
        }
    }

    @Test func lucidctlStakingSpeaksTheSameAPI() async throws {
        let g = try await GatewayStack()
        defer { g.stop() }
        let tokenFile = g.stack.dir.appendingPathComponent("admin.token").path
        try SecretFile.create(tokenFile, contents: Array(try await g.issue(sub: "ops-admin", role: "admin").utf8))
        let common = ["--gateway", "http://127.0.0.1:\(g.port)", "--token-file", tokenFile]

        let staked = try await runTool(
            "lucidctl", ["staking", "stake", "--amount", "10", "--idempotency-key", "cli-1"] + common)
        #expect(staked.status == 0, "\(staked.stderr)")
        let id = try #require(try JSONValue.parse(staked.stdout)["id"]?.string)
        let again = try await runTool(
            "lucidctl", ["staking", "stake", "--amount", "10", "--idempotency-key", "cli-1"] + common)
        #expect(try JSONValue.parse(again.stdout)["id"]?.string == id)
        _ = try await poll("confirmed via lucidctl", timeout: .seconds(60)) { () async throws -> Bool? in
            let got = try await runTool("lucidctl", ["staking", "get", id] + common)
            return try JSONValue.parse(got.stdout)["status"]?.string == "confirmed" ? true : nil
        }
        let status = try await runTool("lucidctl", ["staking", "status"] + common)
        #expect(try JSONValue.parse(status.stdout)["staked"]?["energy_trx"]?.string == "10")
        let plan = try await runTool("lucidctl", ["staking", "plan"] + common)
        #expect(try JSONValue.parse(plan.stdout)["stake"]?["energy_trx"]?.string == "10")
        let listed = try await runTool("lucidctl", ["staking", "operations", "--limit", "5"] + common)
        #expect(try JSONValue.parse(listed.stdout)["operations"]?.array?.count == 1)
        let unknownCursor = try await runTool(
            "lucidctl", ["staking", "operations", "--cursor", "st_nosuchoperation"] + common)
        #expect(unknownCursor.status != 0 && unknownCursor.stderr.contains("invalid cursor"))

        // The chain's refusal: a clear error and a non-zero exit.
        let stranger = PrivateKey.random().address
        let refused = try await runTool(
            "lucidctl", ["staking", "delegate", "--amount", "5", "--receiver", stranger.base58] + common)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("CHAIN_REFUSED: Account[\(stranger.hex)] not exists"), "\(refused.stderr)")
        // A token file others can read is refused before anything is sent.
        chmod(tokenFile, 0o644)
        let exposed = try await runTool("lucidctl", ["staking", "status"] + common)
        #expect(exposed.status != 0 && exposed.stderr.contains("readable by its owner only"))
    }
}
