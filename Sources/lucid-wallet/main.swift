import PaymentBackend

// The wallet process (configuration, HTTP server, engine loop) is assembled in WalletApp.
print("lucid-wallet: not wired up yet")
