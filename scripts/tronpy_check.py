"""Drives tron-devnet with the unmodified tronpy client from PyPI: a USDT-TRC20 transfer, waiting
for its receipt (also on the solid node), TRX and token balances, and a TRX transfer.

Usage: tronpy_check.py API_URL KEY_FILE
Exits non-zero with a message on the first mismatch.
"""
import sys

from tronpy import Tron
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def main() -> None:
    url, key_file = sys.argv[1], sys.argv[2]
    key = PrivateKey(bytes.fromhex(open(key_file).read().strip()))
    owner = key.public_key.to_base58check_address()
    client = Tron(HTTPProvider(url))
    recipient = PrivateKey.random().public_key.to_base58check_address()

    trx_before = client.get_account_balance(owner)
    contract = client.get_contract(USDT)
    usdt_before = contract.functions.balanceOf(owner)
    assert contract.functions.decimals() == 6, "decimals"

    txn = (
        contract.functions.transfer(recipient, 1_500_000)
        .with_owner(owner)
        .fee_limit(30_000_000)
        .build()
        .sign(key)
    )
    result = txn.broadcast().wait(solid=True)  # polls /walletsolidity/gettransactioninfobyid
    assert result["receipt"]["result"] == "SUCCESS", result
    assert result["receipt"]["energy_usage_total"] == 29650, result
    assert result["log"][0]["topics"][0].startswith("ddf252ad"), result
    assert contract.functions.balanceOf(recipient) == 1_500_000, "recipient balance"
    assert contract.functions.balanceOf(owner) == usdt_before - 1_500_000, "owner balance"
    assert client.get_account_balance(owner) < trx_before, "fee burned"

    trx = client.trx.transfer(owner, recipient, 2_000_000).build().sign(key)
    trx.broadcast().wait()
    assert client.get_account_balance(recipient) == 2, "TRX received"
    print("tronpy check passed: TRC20 transfer", txn.txid, "and TRX transfer", trx.txid)


if __name__ == "__main__":
    main()
