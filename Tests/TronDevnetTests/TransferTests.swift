import BigInt
import Testing
import TronDevnet
import TronKit

@Suite("USDT transfers end to end against tron-devnet")
struct TransferTests {
    @Test("a transfer confirms on a solid block with receipt, Transfer log, memo and energy")
    func confirmsOnSolidBlock() async throws {
        try await DevnetHarness.with { h in
            let recipient = PrivateKey.random().address
            let trxBefore = try await h.client.getAccount(h.key.address)!.balance.value

            let tx = try await h.usdtTransfer(to: recipient, micro: 1_500_000, memo: "po_test_1")
            let txid = try await h.client.broadcast(tx)
            #expect(txid == tx.txIDHex)
            // Not visible on the solid node until solidified, then final.
            let info = try await h.poll("solid receipt") {
                try await h.client.getTransactionInfo(id: txid, solid: true)
            }
            let solid = try await h.client.getNodeInfo().solidNumber
            #expect(info.blockNumber <= solid)
            #expect(info.succeeded)
            #expect(info.receipt.result == "SUCCESS")
            #expect(info.contractResult == [[UInt8](repeating: 0, count: 32)])
            #expect(info.receipt.energyUsageTotal == 29_650)  // new holder
            #expect(info.receipt.energyFee == 29_650 * 100)
            #expect(info.receipt.netUsage == Int64(tx.bandwidth))  // covered by the free allowance
            #expect(info.fee == info.receipt.energyFee + 1_000_000)  // + the 1 TRX memo fee
            let events = info.transferEvents(contract: DevnetHarness.usdt)
            #expect(events == [TransferEvent(from: h.key.address, to: recipient, value: 1_500_000)])

            let record = try #require(try await h.client.getTransaction(id: txid))
            #expect(record.transaction.raw.memo == "po_test_1")
            #expect(record.contractRet == "SUCCESS")
            #expect(try await h.client.getAccount(h.key.address)!.balance.value == trxBefore - info.fee)

            let balance = try await h.client.triggerConstantContract(
                owner: .zero, contract: DevnetHarness.usdt, data: TRC20.balanceOfCall(recipient))
            #expect(try ABIWord.decodeUInt256(balance.constantResult[0][...]) == 1_500_000)

            // A second transfer to an existing holder costs the lower energy.
            let second = try await h.usdtTransfer(to: recipient, micro: 1)
            try await h.client.broadcastHex(second)
            let info2 = try await h.poll("second receipt") { try await h.client.getTransactionInfo(id: second.txIDHex) }
            #expect(info2.receipt.energyUsageTotal == 14_650)
            // No memo fee; the free 600 bytes a day are used up, so bandwidth is burned at 1,000 sun/byte.
            #expect(info2.receipt.netFee == Int64(second.bandwidth) * 1_000)
            #expect(info2.fee == 14_650 * 100 + info2.receipt.netFee)
        }
    }

    @Test("the dry run reports the energy a transfer will need")
    func dryRunEnergy() async throws {
        try await DevnetHarness.with { h in
            let call = TRC20.transferCall(to: PrivateKey.random().address, amount: UInt64(1))
            let dry = try await h.client.triggerConstantContract(
                owner: h.key.address, contract: DevnetHarness.usdt, data: call)
            #expect(dry.energyUsed == 29_650)
            #expect(!dry.reverted)
            let tooMuch = TRC20.transferCall(to: PrivateKey.random().address, amount: UInt64(999_000_000_000))
            let reverted = try await h.client.triggerConstantContract(
                owner: h.key.address, contract: DevnetHarness.usdt, data: tooMuch)
            #expect(reverted.reverted)
            let params = try await h.client.getChainParameters()
            #expect(params.energyFee == 100)
            #expect(params.maxFeeLimit == 15_000_000_000)
            let contract = try #require(try await h.client.getContract(DevnetHarness.usdt))
            #expect(contract.entries.contains { $0.name == "transfer" && $0.stateMutability == "Nonpayable" })
            #expect(try await h.client.getContract(h.key.address) == nil)
        }
    }

    @Test("a TRX transfer activates a new account for 1.1 TRX")
    func trxActivation() async throws {
        try await DevnetHarness.with { h in
            let recipient = PrivateKey.random().address
            #expect(try await h.client.getAccount(recipient) == nil)
            let solid = try await h.client.getNowBlock(solid: true)
            let raw = try TransactionBuilder(refBlock: solid.id, timestamp: solid.timestamp)
                .trxTransfer(from: h.key.address, to: recipient, amount: 2_000_000)
            let tx = try Transaction(raw: raw).signed(with: h.key)
            try await h.client.broadcast(tx)
            let info = try await h.poll("TRX receipt") { try await h.client.getTransactionInfo(id: tx.txIDHex) }
            #expect(info.fee == 1_100_000)
            #expect(info.receipt.netFee == 100_000)
            #expect(info.receipt.result == nil)
            #expect(try await h.client.getAccount(recipient)?.balance.value == 2_000_000)
        }
    }
}
