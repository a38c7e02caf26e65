import Foundation
import LucidJSON
import Testing
import TronKit

/// trc20_transfer_01 from the shared vectors (copied here: this target reads no other fixtures).
enum Vector {
    static let raw = try! JSONValue.parse(
        Array(
            (try? Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("TronKitTests/Fixtures/tron_vectors.json"))) ?? Data()))
    static var transfer: JSONValue { raw["trc20_transfers"]!.array![1] }
}

@Suite("lucidctl tron")
struct TronCommandTests {
    @Test("address from a key file and from stdin")
    func address() async throws {
        let v = Vector.transfer
        let key = v["key"]!["private_key"]!.string!
        let path = try Lucidctl.tempFile(key + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for args in [["tron", "address", "--private-key-file", path], ["tron", "address", "--private-key-file", "-"]] {
            let r = try await Lucidctl.run(args, stdin: key)
            #expect(r.status == 0, "\(r.stderr)")
            let json = try JSONValue.parse(r.stdout)
            #expect(json["base58"]?.string == v["key"]!["address_base58"]!.string)
            #expect(json["hex"]?.string == v["key"]!["address_hex"]!.string)
            #expect(!r.stdout.contains(key) && !r.stderr.contains(key))
        }
        let bad = try Lucidctl.tempFile("0xnot-a-key")
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let r = try await Lucidctl.run(["tron", "address", "--private-key-file", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("lucidctl: error:"))
        #expect(!r.stderr.contains("not-a-key"))
    }

    @Test("validate-address: 0 for valid, 1 with the reason otherwise")
    func validate() async throws {
        let ok = try await Lucidctl.run(["tron", "validate-address", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"])
        #expect(ok.status == 0)
        #expect(try JSONValue.parse(ok.stdout)["hex"]?.string == "41a614f803b6fd780986a42c78ec9c7f77e6ded13c")
        for (input, reason) in [
            ("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HB", "bad checksum"),
            ("Tkq1FsK7sb1NT62HfgkkEanLBMbUeF7Z8y", "prefix 0x42"),
            ("T0VQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC", "invalid base58 character '0'"), ("", "empty"),
        ] {
            let r = try await Lucidctl.run(["tron", "validate-address", input])
            #expect(r.status == 1, "\(input)")
            #expect(r.stderr.contains(reason), "\(input): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test("build-trc20 then sign reproduces the vector; decode explains it")
    func buildSignDecode() async throws {
        let v = Vector.transfer
        let t = v["trc20"]!
        let build = try await Lucidctl.run([
            "tron", "build-trc20", "--contract", t["contract_base58"]!.string!, "--from",
            v["key"]!["address_base58"]!.string!,
            "--to", t["recipient_base58"]!.string!, "--amount", "1", "--fee-limit", String(v["fee_limit"]!.int64!),
            "--ref-block-id", v["ref_block"]!["block_id"]!.string!, "--expiration", String(v["expiration"]!.int64!),
            "--timestamp", String(v["timestamp"]!.int64!),
        ])
        #expect(build.status == 0, "\(build.stderr)")
        let built = try JSONValue.parse(build.stdout)
        #expect(built["raw_data_hex"]?.string == v["raw_data_hex"]!.string)
        #expect(built["txID"]?.string == v["txID"]!.string)

        let keyPath = try Lucidctl.tempFile(v["key"]!["private_key"]!.string!)
        defer { try? FileManager.default.removeItem(atPath: keyPath) }
        let rawHex = built["raw_data_hex"]!.string!
        let refused = try await Lucidctl.run(["tron", "sign", "--private-key-file", keyPath, "--raw-data-hex", rawHex])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("expired"))
        let sign = try await Lucidctl.run([
            "tron", "sign", "--private-key-file", keyPath, "--raw-data-hex", rawHex, "--allow-expired",
        ])
        #expect(sign.status == 0, "\(sign.stderr)")
        let signed = try JSONValue.parse(sign.stdout)
        #expect(signed["signature"]?.string == v["signature"]!.string)
        #expect(signed["signed_transaction_hex"]?.string == v["signed_transaction_hex"]!.string)

        let decode = try await Lucidctl.run(["tron", "decode", signed["signed_transaction_hex"]!.string!])
        #expect(decode.status == 0)
        let d = try JSONValue.parse(decode.stdout)
        #expect(d["contract_type"]?.string == "TriggerSmartContract")
        #expect(d["recipient"]?.string == t["recipient_base58"]!.string)
        #expect(d["amount_usdt"]?.string == "1")
        #expect(d["fee_limit_sun"]?.int64 == v["fee_limit"]!.int64)
        #expect(d["signatures"]?.array?.first?["signer"]?.string == v["key"]!["address_base58"]!.string)
    }

    @Test("a memo round-trips through build and decode")
    func memo() async throws {
        let build = try await Lucidctl.run([
            "tron", "build-trc20", "--contract", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "--from",
            "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC", "--to", "TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K", "--amount", "12.5",
            "--fee-limit", "30000000", "--ref-block-id", String(repeating: "0a", count: 32), "--expiration",
            "1767246255175", "--timestamp", "1767246195175", "--memo", "po_abc123",
        ])
        #expect(build.status == 0, "\(build.stderr)")
        let raw = try JSONValue.parse(build.stdout)["raw_data_hex"]!.string!
        let d = try JSONValue.parse(try await Lucidctl.run(["tron", "decode", raw]).stdout)
        #expect(d["memo"]?.string == "po_abc123")
        #expect(d["amount_usdt"]?.string == "12.5")
        #expect(d["kind"]?.string == "raw_data")
    }

    @Test("staking, vote and account-creation transactions decode with their fields")
    func stakingDecode() async throws {
        let owner = try TronAddress(base58: "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC")
        let other = try TronAddress(base58: "TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K")
        let builder = try TransactionBuilder(
            refBlock: try BlockID(hex: String(repeating: "0a", count: 32)), timestamp: 1_767_246_195_175)
        let cases: [(TransactionContract, [String: JSONValue])] = [
            (
                TransactionContract(
                    FreezeBalanceV2Contract(ownerAddress: owner, frozenBalance: 5_000_000, resource: .energy)),
                ["contract_type": .string("FreezeBalanceV2Contract"), "frozen_balance_sun": .int(5_000_000)]
            ),
            (
                TransactionContract(
                    UnDelegateResourceContract(
                        ownerAddress: owner, resource: .energy, balance: 7, receiverAddress: other)),
                ["contract_type": .string("UnDelegateResourceContract"), "recipient": .string(other.base58)]
            ),
            (
                TransactionContract(
                    VoteWitnessContract(ownerAddress: owner, votes: [.init(voteAddress: other, voteCount: 42)])),
                ["contract_type": .string("VoteWitnessContract")]
            ),
            (
                TransactionContract(WithdrawBalanceContract(ownerAddress: owner)),
                ["contract_type": .string("WithdrawBalanceContract"), "owner": .string(owner.base58)]
            ),
            (
                TransactionContract(AccountCreateContract(ownerAddress: owner, accountAddress: other)),
                ["contract_type": .string("AccountCreateContract"), "account": .string(other.base58)]
            ),
        ]
        for (contract, expected) in cases {
            let raw = try builder.build(contract: contract)
            let run = try await Lucidctl.run(["tron", "decode", Hex.encode(raw.protobuf)])
            #expect(run.status == 0, "\(run.stderr)")
            let d = try JSONValue.parse(run.stdout)
            for (k, v) in expected { #expect(d[k] == v, "\(k) in \(run.stdout)") }
            if contract.type == .voteWitnessContract {
                #expect(d["votes"]?.array?.first?["count"]?.int64 == 42)
            }
        }
    }

    @Test(
        "malformed input is a clear error with exit 1, never a crash",
        arguments: [
            ["tron", "decode", "zz"], ["tron", "decode", "0a"], ["tron", "decode", ""],
            ["tron", "decode", "ffffffffffffffffffff"],
            [
                "tron", "build-trc20", "--contract", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "--from",
                "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC", "--to", "TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K", "--amount", "1e3",
                "--fee-limit", "1", "--ref-block-id", String(repeating: "0a", count: 32), "--expiration", "2",
                "--timestamp", "1",
            ],
            [
                "tron", "build-trc20", "--contract", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "--from", "Tbad", "--to",
                "TDvSsdrNM5eeXNL3czpa6AxLDHZA9nwe9K", "--amount", "1", "--fee-limit", "1", "--ref-block-id", "00",
                "--expiration", "2", "--timestamp", "1",
            ],
        ])
    func malformed(_ args: [String]) async throws {
        let r = try await Lucidctl.run(args)
        #expect(r.status == 1, "\(args): \(r.stderr)")
        #expect(r.stderr.hasPrefix("lucidctl: error: "), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }
}
