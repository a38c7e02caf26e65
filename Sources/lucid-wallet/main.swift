import PaymentBackend

// The wallet process arrives with the payout-engine issue.
print("lucid-wallet: not implemented yet (plane: \(PaymentBackend.plane))")
