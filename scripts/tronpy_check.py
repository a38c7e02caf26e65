"""Drives tron-devnet with the unmodified tronpy client from PyPI: a USDT-TRC20 transfer, waiting
for its receipt (also on the solid node), TRX and token balances, a TRX transfer, and Stake 2.0
through tronpy's own builders: stake for energy (a transfer then burns no TRX for energy), delegate
and undelegate, unstake, withdraw after the devnet's short delay, vote and withdraw rewards, with
java-tron's refusals where a call must fail.

Usage: tronpy_check.py API_URL ADMIN_URL KEY_FILE
Exits non-zero with a message on the first mismatch.
"""
import json
import sys
import time
import urllib.request

from tronpy import Tron
from tronpy.exceptions import ValidationError
from tronpy.keys import PrivateKey
from tronpy.providers import HTTPProvider

USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"


def main() -> None:
    url, admin, key_file = sys.argv[1], sys.argv[2], sys.argv[3]
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
    staking(client, admin, key, owner, recipient, contract)


def refused(build, expected: str) -> None:
    """Broadcasting must fail with java-tron's CONTRACT_VALIDATE_ERROR message."""
    try:
        build().broadcast()
    except ValidationError as e:
        assert expected in str(e), f"refusal {e!r} lacks {expected!r}"
        return
    raise AssertionError(f"accepted, expected the refusal {expected!r}")


def staking(client: Tron, admin: str, key: PrivateKey, owner: str, recipient: str, contract) -> None:
    trx = client.trx
    TRX = 1_000_000
    trx.freeze_balance(owner, 5_000 * TRX, "ENERGY").build().sign(key).broadcast().wait()
    resource = client.get_account_resource(owner)
    assert resource["EnergyLimit"] > 29_650, resource
    paid = (
        contract.functions.transfer(recipient, 1).with_owner(owner).fee_limit(30_000_000).build().sign(key)
        .broadcast().wait()
    )
    assert paid["receipt"]["energy_usage"] == 14_650 and "energy_fee" not in paid["receipt"], paid

    stranger = PrivateKey.random().public_key.to_base58check_address()
    refused(lambda: trx.delegate_resource(owner, stranger, 10 * TRX, "ENERGY").build().sign(key),
            "not exists")
    # The energy just used stands for staked TRX that cannot be lent (java-tron's v2 usage rule).
    max_size = client.get_can_delegated_max_size(owner, "ENERGY")["max_size"]
    assert 3_000 * TRX < max_size < 5_000 * TRX, max_size
    trx.delegate_resource(owner, recipient, 100 * TRX, "ENERGY").build().sign(key).broadcast().wait()
    delegated = client.get_delegated_resource_v2(owner, recipient)["delegatedResource"]
    assert delegated[0]["frozen_balance_for_energy"] == 100 * TRX, delegated
    assert client.get_delegated_resource_account_index_v2(owner)["toAccounts"] == [recipient]
    refused(lambda: trx.undelegate_resource(owner, recipient, 101 * TRX, "ENERGY").build().sign(key),
            "insufficient delegateFrozenBalance(Energy)")
    trx.undelegate_resource(owner, recipient, 100 * TRX, "ENERGY").build().sign(key).broadcast().wait()

    trx.unfreeze_balance(owner, "ENERGY", unfreeze_balance=1_000 * TRX).build().sign(key).broadcast().wait()
    refused(lambda: trx.withdraw_stake_balance(owner).build().sign(key), "no unFreeze balance to withdraw")
    # The devnet's admin API ends the 14-day wait now.
    expired = json.loads(urllib.request.urlopen(urllib.request.Request(
        admin + "/admin/expire-unfreezes", data=json.dumps({"address": owner}).encode(), method="POST")).read())
    assert expired["amount_sun"] == 1_000 * TRX, expired
    before = client.get_account(owner)["balance"]
    withdrawn = trx.withdraw_stake_balance(owner).build().sign(key).broadcast().wait()
    assert withdrawn["withdraw_expire_amount"] == 1_000 * TRX, withdrawn
    assert client.get_account(owner)["balance"] == before + 1_000 * TRX - withdrawn.get("fee", 0)

    witness = client.list_witnesses()[0]["address"]
    refused(lambda: trx.vote_witness(owner, (witness, 4_001)).build().sign(key), "is greater than the tronPower")
    trx.vote_witness(owner, (witness, 4_000)).build().sign(key).broadcast().wait()
    assert client.get_account(owner)["votes"] == [{"vote_address": witness, "vote_count": 4_000}]
    deadline = time.monotonic() + 30
    while client.get_account(owner).get("allowance", 0) == 0:  # rewards accrue per block
        assert time.monotonic() < deadline, "no voting reward accrued"
        time.sleep(0.1)
    rewarded = trx.withdraw_rewards(owner).build().sign(key).broadcast().wait()
    assert rewarded["withdraw_amount"] > 0, rewarded
    refused(lambda: trx.withdraw_rewards(owner).build().sign(key), "less than 24 hours")
    print("tronpy staking check passed: stake, energy from stake, delegate, undelegate, unstake, withdraw,"
          " vote, rewards")


if __name__ == "__main__":
    main()
