import Foundation
import Testing
import TronDevnet
import TronKit

/// Asserts that `body` is refused by the node with `code`, and returns the rejection.
func expectRejected(_ code: BroadcastCode, _ body: () async throws -> Void) async throws -> BroadcastRejection? {
    do {
        try await body()
        Issue.record("expected \(code.rawValue), the broadcast was accepted")
    } catch FullNodeError.rejected(let r) {
        #expect(r.code == code, "\(r)")
        return r
    }
    return nil
}

@Suite("Broadcast failure paths, with java-tron's codes and messages")
struct FailurePathTests {
    @Test("a signature by another key is SIGERROR naming the signer")
    func badSignature() async throws {
        try await DevnetHarness.with { h in
            let intruder = PrivateKey.random()
            let tx = try await h.usdtTransfer(to: intruder.address, micro: 1, signer: intruder)
            let r = try await expectRejected(.sigError) { try await h.client.broadcast(tx) }
            #expect(r?.message.hasPrefix("Validate signature error: ") == true)
            #expect(r?.message.contains("is signed by \(intruder.address.base58)") == true)
            // Unsigned and truncated signatures are refused too.
            var unsigned = tx
            unsigned.signatures = []
            let r2 = try await expectRejected(.sigError) { try await h.client.broadcast(unsigned) }
            #expect(r2?.message == "Validate signature error: miss sig or contract")
            var short = tx
            short.signatures = [Array(tx.signatures[0].prefix(64))]
            let r3 = try await expectRejected(.sigError) { try await h.client.broadcast(short) }
            #expect(r3?.message == "Validate signature error: Signature size is 64")
        }
    }

    @Test("v = 27/28 signatures are accepted")
    func v27Accepted() async throws {
        try await DevnetHarness.with { h in
            var tx = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 5)
            tx.signatures = [try RecoverableSignature(bytes: tx.signatures[0]).bytesV27]
            try await h.client.broadcast(tx)
            let info = try await h.poll("receipt") { try await h.client.getTransactionInfo(id: tx.txIDHex) }
            #expect(info.succeeded)
        }
    }

    @Test("an expired transaction is TRANSACTION_EXPIRATION_ERROR")
    func expired() async throws {
        try await DevnetHarness.with { h in
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            let tx = try await h.usdtTransfer(
                to: PrivateKey.random().address, micro: 1, timestamp: now - 120_000, expiration: now - 60_000)
            let r = try await expectRejected(.transactionExpirationError) { try await h.client.broadcast(tx) }
            #expect(r?.message == "Transaction expired")
            // More than 24 h ahead: TransactionBuilder refuses to make one, so edit the raw data.
            var far = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 1).raw
            far.expiration = now + 86_400_000 + 60_000
            let farTx = try Transaction(raw: far).signed(with: h.key)
            _ = try await expectRejected(.transactionExpirationError) { try await h.client.broadcast(farTx) }
        }
    }

    @Test("the same signed bytes twice are DUP_TRANSACTION_ERROR, and the first lands once")
    func duplicate() async throws {
        try await DevnetHarness.with { h in
            let recipient = PrivateKey.random().address
            let tx = try await h.usdtTransfer(to: recipient, micro: 7, memo: "po_dup")
            try await h.client.broadcast(tx)
            let r = try await expectRejected(.dupTransactionError) { try await h.client.broadcast(tx) }
            #expect(r?.message == "Dup transaction.")
            _ = try await h.poll("receipt") { try await h.client.getTransactionInfo(id: tx.txIDHex, solid: true) }
            _ = try await expectRejected(.dupTransactionError) { try await h.client.broadcastHex(tx) }
            let ledger = await h.server.chain.ledgerEntries(memo: "po_dup")
            #expect(ledger.count == 1)
        }
    }

    @Test("an unknown reference block is TAPOS_ERROR")
    func tapos() async throws {
        try await DevnetHarness.with { h in
            let raw = try TransactionBuilder(
                refBlock: try BlockID(hex: String(repeating: "7", count: 64)),
                timestamp: Int64(Date().timeIntervalSince1970 * 1000)
            ).trc20Transfer(
                contract: DevnetHarness.usdt, from: h.key.address, to: PrivateKey.random().address, amount: 1,
                feeLimit: 30_000_000)
            let tx = try Transaction(raw: raw).signed(with: h.key)
            let r = try await expectRejected(.taposError) { try await h.client.broadcast(tx) }
            #expect(r?.message == "Tapos check error.")
        }
    }

    @Test("fee_limit above the maximum is CONTRACT_VALIDATE_ERROR")
    func feeLimitRange() async throws {
        try await DevnetHarness.with { h in
            let solid = try await h.client.getNowBlock(solid: true)
            var raw = try TransactionBuilder(refBlock: solid.id, timestamp: solid.timestamp)
                .trc20Transfer(
                    contract: DevnetHarness.usdt, from: h.key.address, to: PrivateKey.random().address, amount: 1,
                    feeLimit: 1)
            raw.feeLimit = 15_000_000_001
            let tx = try Transaction(raw: raw).signed(with: h.key)
            let r = try await expectRejected(.contractValidateError) { try await h.client.broadcast(tx) }
            #expect(r?.message == "Contract validate error : feeLimit must be >= 0 and <= 15000000000")
        }
    }

    @Test("a transfer above the balance lands as a REVERT receipt, burning its energy fee")
    func revert() async throws {
        try await DevnetHarness.with { h in
            let recipient = PrivateKey.random().address
            let tx = try await h.usdtTransfer(to: recipient, micro: 5_000_000_001)  // balance is 5,000 USDT
            try await h.client.broadcast(tx)
            let info = try await h.poll("REVERT receipt") {
                try await h.client.getTransactionInfo(id: tx.txIDHex, solid: true)
            }
            #expect(info.receipt.result == "REVERT")
            #expect(info.failed)
            #expect(!info.succeeded)
            #expect(info.resMessage == "REVERT opcode executed")
            #expect(info.logs.isEmpty)
            #expect(info.fee > 0)
            let record = try await h.client.getTransaction(id: tx.txIDHex)
            #expect(record?.contractRet == "REVERT")
            #expect(await h.server.chain.usdtBalance(recipient) == 0)
        }
    }

    @Test("a fee_limit too low for the energy is OUT_OF_ENERGY, burning the whole limit")
    func outOfEnergy() async throws {
        try await DevnetHarness.with { h in
            let recipient = PrivateKey.random().address
            let tx = try await h.usdtTransfer(to: recipient, micro: 1, feeLimit: 1_000_000)  // 10,000 energy < 29,650
            try await h.client.broadcast(tx)
            let info = try await h.poll("OUT_OF_ENERGY receipt") {
                try await h.client.getTransactionInfo(id: tx.txIDHex)
            }
            #expect(info.receipt.result == "OUT_OF_ENERGY")
            #expect(info.failed)
            #expect(info.receipt.energyFee == 1_000_000)
            #expect(info.logs.isEmpty)
            #expect(await h.server.chain.usdtBalance(recipient) == 0)
        }
    }

    @Test("a transaction dropped by the network is never found")
    func dropped() async throws {
        try await DevnetHarness.with { h in
            _ = try await h.adminPost("/admin/faults", #"{"drop_transactions": true}"#)
            let tx = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 3, memo: "po_dropped")
            let txid = try await h.client.broadcast(tx)
            #expect(txid == tx.txIDHex)
            let head = try await h.client.getNodeInfo().headNumber
            try await h.waitForSolid(head + 5)
            #expect(try await h.client.getTransaction(id: txid) == nil)
            #expect(try await h.client.getTransactionInfo(id: txid) == nil)
            #expect(try await h.client.getTransactionInfo(id: txid, solid: true) == nil)
            #expect(await h.server.chain.ledgerEntries(memo: "po_dropped").isEmpty)
        }
    }

    @Test("malformed requests get java-tron's Error shape, never a crash")
    func malformed() async throws {
        try await DevnetHarness.with { h in
            for body in [
                "{bad", "[]", #"{"raw_data": 5}"#, #"{"raw_data": {"contract": [{"type": "Nope"}]}}"#, "\u{0}\u{1}",
            ] {
                let json = try await h.rawPost("/wallet/broadcasttransaction", body)
                #expect(json["Error"]?.string != nil, "\(body)")
            }
            let hexError = try await h.rawPost("/wallet/broadcasthex", #"{"transaction": "zz"}"#)
            #expect(hexError["Error"]?.string != nil)
            #expect(try await h.rawPost("/wallet/gettransactioninfobyid", #"{"value": "00"}"#).isEmptyObject)
            #expect(try await h.client.getNodeInfo().headNumber > 0)  // still serving
        }
    }

    @Test("getsignweight computes the txID from raw_data, as tronpy needs")
    func signWeight() async throws {
        try await DevnetHarness.with { h in
            let tx = try await h.usdtTransfer(to: PrivateKey.random().address, micro: 1)
            var unsigned = TransactionJSON.print(tx, visible: false)
            if case .object(var m) = unsigned {
                m.removeAll { $0.0 == "txID" || $0.0 == "signature" || $0.0 == "raw_data_hex" }
                unsigned = .object(m)
            }
            let answer = try await h.rawPost("/wallet/getsignweight", unsigned.serialized)
            #expect(answer["transaction"]?["transaction"]?["txID"]?.string == tx.txIDHex)
            #expect(answer["permission"]?["keys"]?.array?.first?["address"]?.string == h.key.address.hex)
        }
    }
}
