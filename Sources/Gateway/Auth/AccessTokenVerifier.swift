import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import LucidAssertion
import LucidJSON
import NIOCore
import Synchronization

/// Verifies `Authorization: Bearer` JWTs (jwt-kit underneath) the way a payment front door should:
/// `kid` required and the algorithm pinned to the key; `none`, unknown `crit` and header-supplied
/// keys (`jku`, `jwk`, `x5u`, `x5c`) refused; keys bound to their issuer, each issuer with its
/// audiences; `exp` required; `nbf`/`iat` with a leeway; a maximum lifetime and token size; refresh
/// and ID tokens refused. Verified tokens are cached until they expire, so a token's signature is
/// checked once, not on every request.
///
/// ```swift
/// let verifier = try await AccessTokenVerifier(issuers: [idp], roles: policy.roles.names)
/// let who = try await verifier.verify(bearer)   // Identity, or throws a TokenRefusal
/// ```
public final class AccessTokenVerifier: Sendable {
    /// Tunables with the defaults a payment API wants.
    public struct Limits: Sendable {
        public var leewaySeconds: Int64 = 60
        public var maxLifetimeSeconds: Int64 = 24 * 3600
        public var maxTokenBytes = 8192
        public var cacheEntries = 50_000
        /// How long a refused token is remembered (and refused again without a signature check).
        public var refusedTTLSeconds: Int64 = 60
        /// Most refused tokens remembered.
        public var refusedEntries = 10_000
        /// Least time between two JWKS fetches of one URL after a success.
        public var refetchMinIntervalSeconds: Int64 = 10
        /// Wait after a failed fetch; doubles on each further failure, up to 10 minutes.
        public var refetchBackoffSeconds: Int64 = 30
        public init() {}
    }

    private struct Issuer: Sendable {
        let config: TrustedIssuer
        let fixed: [String]
    }

    private struct FetchState: Sendable {
        var documents: [String: String] = [:]
        var nextAttempt: [String: Int64] = [:]
        var backoff: [String: Int64] = [:]
    }

    private let issuers: [String: Issuer]
    private let keys: Mutex<[String: VerificationKeys]>
    private let fetches = Mutex(FetchState())
    private let roles: Set<String>
    private let limits: Limits
    private let cache: Mutex<[TokenKey: Identity]>
    /// Tokens refused recently, with the refusal and until when (Unix seconds) it is remembered.
    private let refused = Mutex<[TokenKey: (refusal: TokenRefusal, until: Int64)]>([:])
    private let logger: Logger
    /// Fetches JWKS URLs (through Tor's SocksPort when the gateway has one).
    private let client: HTTPClient

    public init(
        issuers: [TrustedIssuer], roles: some Sequence<String>, limits: Limits = Limits(), logger: Logger,
        client: HTTPClient = .shared
    ) async throws {
        self.client = client
        var byName: [String: Issuer] = [:]
        var built: [String: VerificationKeys] = [:]
        for i in issuers {
            var fixed = i.jwks
            for file in i.jwksFiles {
                guard let data = FileManager.default.contents(atPath: file),
                    let text = String(data: data, encoding: .utf8)
                else { throw VerificationKeys.KeyError("cannot read JWKS file \(file)") }
                fixed.append(text)
            }
            guard Principal.isValidIssuer(i.issuer) else {
                throw VerificationKeys.KeyError(
                    "issuer \(i.issuer.prefix(64)) must be 1-256 bytes without '#' or spaces")
            }
            byName[i.issuer] = Issuer(config: i, fixed: fixed)
            built[i.issuer] = try await VerificationKeys.build(fixed)
        }
        self.issuers = byName
        self.keys = Mutex(built)
        self.roles = Set(roles)
        self.limits = limits
        self.cache = Mutex([:])
        self.logger = logger
        for i in issuers where !i.jwksURLs.isEmpty { await refetch(i.issuer, force: true) }
    }

    /// The identity of a token verified before and not yet expired, without suspending: the
    /// gateway's hot path answers most requests from here on the event loop.
    public func cached(_ token: String, now: Date = Date()) -> Identity? { cached(TokenKey(token), now: now) }

    func cached(_ token: TokenKey, now: Date = Date()) -> Identity? {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        guard let hit = cache.withLock({ $0[token] }), hit.expiresAt + limits.leewaySeconds > nowSeconds else {
            return nil
        }
        return hit
    }

    /// The refusal of `token` if it was refused within the last `refusedTTLSeconds`.
    public func recentRefusal(_ token: String, now: Date = Date()) -> TokenRefusal? {
        recentRefusal(TokenKey(token), now: now)
    }

    func recentRefusal(_ token: TokenKey, now: Date = Date()) -> TokenRefusal? {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        return refused.withLock { table in table[token].flatMap { $0.until > nowSeconds ? $0.refusal : nil } }
    }

    /// The identity in `token`, or the reason it is refused. A refused token is remembered for a
    /// while and refused again without another signature check (`recentRefusal`).
    public func verify(_ token: String, now: Date = Date()) async throws(TokenRefusal) -> Identity {
        if let hit = cached(token, now: now) { return hit }
        let key = TokenKey(token)
        if let refusal = recentRefusal(key, now: now) { throw refusal }
        do {
            return try await check(token, now: now)
        } catch {
            // A token that is only early may be good in a moment: not remembered.
            guard error != .notYetValid, error != .issuedInFuture else { throw error }
            let until = Int64(now.timeIntervalSince1970) + limits.refusedTTLSeconds
            refused.withLock { table in
                if table.count >= limits.refusedEntries {
                    let nowSeconds = Int64(now.timeIntervalSince1970)
                    table = table.filter { $0.value.until > nowSeconds }
                    if table.count >= limits.refusedEntries { table.removeAll(keepingCapacity: true) }
                }
                table[key] = (error, until)
            }
            throw error
        }
    }

    /// Every check of an uncached token.
    private func check(_ token: String, now: Date) async throws(TokenRefusal) -> Identity {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        guard token.utf8.count <= limits.maxTokenBytes else { throw .tooLarge }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty, Base64URL.decode(parts[2]) != nil,
            let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1])
        else { throw .malformed }
        // One meaning only: a header or claims set naming a member twice is refused before any
        // reader picks one of the two.
        let header: JSONValue
        let unverified: JSONValue
        do {
            header = try JSONValue.parse(headerBytes)
            unverified = try JSONValue.parse(payloadBytes)
        } catch .duplicateMember {
            throw .duplicateMember
        } catch {
            throw .malformed
        }
        guard header.object != nil, unverified.object != nil else { throw .malformed }
        guard let alg = header["alg"]?.string, alg != "none", alg.lowercased() != "none" else {
            throw .algorithmNotAllowed
        }
        for k in ["jku", "jwk", "x5u", "x5c"] where header[k] != nil { throw .headerKeyRefused }
        guard header["crit"] == nil else { throw .criticalHeader }
        if let typ = header["typ"]?.string, typ.lowercased().contains("refresh") { throw .notAnAccessToken }
        guard VerificationKeys.allowed.contains(alg) else { throw .algorithmNotAllowed }
        guard let kid = header["kid"]?.string, !kid.isEmpty, kid.utf8.count <= 256 else { throw .unknownKey }
        guard let iss = unverified["iss"]?.string, let issuer = issuers[iss] else { throw .untrustedIssuer }

        var set = keys.withLock { $0[iss] }
        if set?.algorithms[kid] == nil, !issuer.config.jwksURLs.isEmpty {
            await refetch(iss, force: false)
            set = keys.withLock { $0[iss] }
        }
        guard let set, let pinned = set.algorithms[kid] else { throw .unknownKey }
        guard pinned == alg else { throw .algorithmNotAllowed }

        let claims: AccessClaims
        do {
            claims = try await set.collection.verify(token, as: AccessClaims.self)
        } catch let e as JWTError where e.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .invalidClaims
        }
        guard let exp = claims.exp?.value else { throw .missingExpiry }
        let expSeconds = Int64(exp.timeIntervalSince1970)
        let leeway = limits.leewaySeconds
        guard expSeconds + leeway > nowSeconds else { throw .expired }
        if let nbf = claims.nbf?.value, Int64(nbf.timeIntervalSince1970) - leeway > nowSeconds { throw .notYetValid }
        var start = nowSeconds
        if let iat = claims.iat?.value {
            let iatSeconds = Int64(iat.timeIntervalSince1970)
            guard iatSeconds - leeway <= nowSeconds else { throw .issuedInFuture }
            start = iatSeconds
        } else if let nbf = claims.nbf?.value {
            start = Int64(nbf.timeIntervalSince1970)
        }
        guard expSeconds - start <= limits.maxLifetimeSeconds else { throw .lifetimeTooLong }
        guard claims.iss.value == iss else { throw .untrustedIssuer }
        guard let aud = claims.aud?.value, aud.contains(where: issuer.config.audiences.contains) else {
            throw .wrongAudience
        }
        if let use = claims.token_use?.lowercased(), use != "access" { throw .notAnAccessToken }
        if let typ = claims.typ?.lowercased(), typ == "refresh" || typ == "id" || typ == "offline" {
            throw .notAnAccessToken
        }
        guard let sub = claims.sub?.value, !sub.isEmpty, sub.utf8.count <= 256 else { throw .invalidClaims }
        guard let role = claims.role, roles.contains(role) else { throw .unknownRole }
        guard issuer.config.roles.grants(role) else { throw .roleNotGrantable }
        if let nodes = claims.node_ids,
            nodes.count > 1000 || nodes.contains(where: { $0.isEmpty || $0.utf8.count > 128 })
        {
            throw .invalidClaims
        }
        let identity = Identity(subject: sub, role: role, nodeIDs: claims.node_ids, issuer: iss, expiresAt: expSeconds)
        cache.withLock { table in
            if table.count >= limits.cacheEntries { table = table.filter { $0.value.expiresAt > nowSeconds } }
            if table.count >= limits.cacheEntries { table.removeAll(keepingCapacity: true) }
            table[TokenKey(token)] = identity
        }
        return identity
    }

    /// Refetches an issuer's JWKS URLs unless backing off. On failure the keys it had stay in use.
    private func refetch(_ iss: String, force: Bool) async {
        guard let issuer = issuers[iss] else { return }
        let now = Int64(Date().timeIntervalSince1970)
        var changed = false
        for url in issuer.config.jwksURLs {
            let due = fetches.withLock { state -> Bool in
                if !force, let next = state.nextAttempt[url], next > now { return false }
                state.nextAttempt[url] = now + limits.refetchMinIntervalSeconds
                return true
            }
            guard due else { continue }
            do {
                var request = HTTPClientRequest(url: url)
                request.headers.add(name: "Accept", value: "application/json")
                let response = try await client.execute(request, timeout: .seconds(20))
                guard response.status == .ok else { throw VerificationKeys.KeyError("HTTP \(response.status.code)") }
                let body = try await response.body.collect(upTo: 512 * 1024)
                let text = String(buffer: body)
                _ = try await VerificationKeys.build([text])  // refuse a bad document before using it
                fetches.withLock {
                    $0.documents[url] = text
                    $0.backoff[url] = nil
                }
                changed = true
            } catch {
                fetches.withLock { state in
                    let wait = state.backoff[url].map { min(600, $0 * 2) } ?? limits.refetchBackoffSeconds
                    state.backoff[url] = wait
                    state.nextAttempt[url] = now + wait
                }
                logger.warning(
                    "JWKS fetch failed; keeping the keys in use", metadata: ["url": "\(url)", "error": "\(error)"])
            }
        }
        guard changed else { return }
        let fetched = fetches.withLock { state in issuer.config.jwksURLs.compactMap { state.documents[$0] } }
        do {
            let set = try await VerificationKeys.build(issuer.fixed + fetched)
            keys.withLock { $0[iss] = set }
        } catch {
            logger.warning(
                "JWKS set refused; keeping the keys in use", metadata: ["issuer": "\(iss)", "error": "\(error)"])
        }
    }
}

/// The claims an access token may carry; every check is made by `AccessTokenVerifier`.
struct AccessClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim?
    var aud: AudienceClaim?
    var exp: ExpirationClaim?
    var nbf: NotBeforeClaim?
    var iat: IssuedAtClaim?
    var role: String?
    var node_ids: [String]?
    var token_use: String?
    var typ: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
