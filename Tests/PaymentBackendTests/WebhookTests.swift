import Foundation
import LucidJSON
import PaymentBackend
import TestSupport
import Testing
import TronKit

@Suite("Webhooks")
struct WebhookTests {
    static func hook(_ url: String, events: [String] = Webhook.defaultEvents) -> Webhook {
        Webhook(
            id: IdentifierGenerator.make(prefix: "wh"), url: url, events: events, description: nil, createdBy: "root",
            createdAt: 0, active: true, secret: "whsec_" + String(repeating: "ab", count: 32))
    }

    static func deliverer(_ h: WalletHarness) -> WebhookDeliverer {
        var c = WebhookDeliverer.Configuration()
        c.retryBaseMs = 20
        c.maxDelayMs = 100
        return WebhookDeliverer(store: h.store, clock: h.clock, configuration: c)
    }

    @Test("a receiver failing twice then succeeding gets exactly one accepted delivery, signed and deduplicable")
    func failTwiceThenSucceed() async throws {
        let receiver = try await WebhookReceiver.start(script: [500, 503])
        defer { receiver.stop() }
        try await WalletHarness.with { h in
            let hook = Self.hook(receiver.url, events: ["payout.confirmed"])
            try await h.store.createWebhook(hook)
            let deliverer = Self.deliverer(h)
            defer { Task { try? await deliverer.shutdown() } }

            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "7.25"), who: WalletHarness.service, idempotencyKey: "w1")
            try await h.runUntil(p.id) { $0.status == .confirmed }

            let delivered = try await poll("the event delivered", timeout: .seconds(20)) {
                () async throws -> [WebhookDelivery]? in
                try await deliverer.deliverDue()
                let log = try await h.store.webhookDeliveries(webhookID: hook.id, limit: 10)
                return log.contains(where: \.succeeded) ? log : nil
            }
            // Nothing more is sent once delivered.
            #expect(try await deliverer.deliverDue() == 0)

            let got = receiver.received
            #expect(got.map(\.answered) == [500, 503, 200])
            #expect(delivered.map(\.attempt).sorted() == [1, 2, 3])
            #expect(delivered.filter(\.succeeded).count == 1)
            let ids = Set(got.compactMap { $0.headers["lucid-event-id"] })
            #expect(ids.count == 1, "every retry carries the same event id")
            #expect(Set(got.map(\.body)).count == 1, "every retry carries the same bytes")

            let accepted = try #require(got.last)
            let header = try #require(accepted.headers[WebhookSignature.headerName.lowercased()])
            let now = h.clock.nowMs() / 1000
            #expect(WebhookSignature.verify(header: header, secret: hook.secret, body: accepted.body, now: now))
            #expect(!WebhookSignature.verify(header: header, secret: "whsec_other", body: accepted.body, now: now))
            #expect(
                !WebhookSignature.verify(header: header, secret: hook.secret, body: accepted.body + [0x20], now: now))
            #expect(!WebhookSignature.verify(header: header, secret: hook.secret, body: accepted.body, now: now + 3600))

            let event = try JSONValue.parse(accepted.body)
            #expect(event["type"]?.string == "payout.confirmed")
            #expect(event["data"]?["id"]?.string == p.id && event["data"]?["amount_usdt"]?.string == "7.25")
            #expect(event["id"]?.string == ids.first)
            #expect(!String(decoding: accepted.body, as: UTF8.self).contains(hook.secret))
        }
    }

    @Test("an endpoint that never answers 2xx is given up after the retry window, every attempt logged")
    func givesUp() async throws {
        let receiver = try await WebhookReceiver.start(script: Array(repeating: 500, count: 100))
        defer { receiver.stop() }
        try await WalletHarness.with { h in
            let hook = Self.hook(receiver.url, events: ["payout.cancelled"])
            try await h.store.createWebhook(hook)
            // Minutes of backoff, moved through with the wallet's clock: attempts at 0, ~2 and ~4 min,
            // then the next would fall after the 5-minute window.
            var c = WebhookDeliverer.Configuration()
            c.retryBaseMs = 60_000
            c.maxDelayMs = 120_000
            c.maxAgeMs = 300_000
            let deliverer = WebhookDeliverer(store: h.store, clock: h.clock, configuration: c)
            defer { Task { try? await deliverer.shutdown() } }
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1", batch: .daily), who: WalletHarness.service,
                idempotencyKey: "w2")
            _ = try await h.service.cancel(p.id, who: WalletHarness.service)
            for _ in 0..<6 {
                try await deliverer.deliverDue()
                h.clock.advance(ms: 120_000)
            }
            #expect(try await h.store.webhookBacklog()["failed"] == 1)
            let log = try await h.store.webhookDeliveries(webhookID: hook.id, limit: 100)
            #expect(log.count == 3 && receiver.received.count == 3)
            #expect(log.allSatisfy { !$0.succeeded && $0.statusCode == 500 })
        }
    }

    @Test("events only for subscribed types; a deleted endpoint gets nothing more")
    func subscriptions() async throws {
        try await WalletHarness.with { h in
            let onlyCancelled = Self.hook("http://127.0.0.1:9/a", events: ["payout.cancelled"])
            let everything = Self.hook("http://127.0.0.1:9/b", events: ["payout.*"])
            try await h.store.createWebhook(onlyCancelled)
            try await h.store.createWebhook(everything)
            let (p, _) = try await h.service.create(
                try h.request(PrivateKey.random().address, "1", batch: .daily), who: WalletHarness.service,
                idempotencyKey: "w3")
            _ = try await h.service.cancel(p.id, who: WalletHarness.service)
            let due = try await h.store.dueWebhookEvents(now: h.clock.nowMs(), limit: 100)
            #expect(due.filter { $0.webhookID == onlyCancelled.id }.map(\.type) == ["payout.cancelled"])
            #expect(
                Set(due.filter { $0.webhookID == everything.id }.map(\.type)) == [
                    "payout.scheduled", "payout.cancelled",
                ])
            #expect(try await h.store.deactivateWebhook(id: everything.id, actor: "root", at: h.clock.nowMs()))
            #expect(try await h.store.webhookBacklog()["cancelled"] == 2)
            #expect(try await h.store.deactivateWebhook(id: everything.id, actor: "root", at: h.clock.nowMs()) == false)
        }
    }
}
